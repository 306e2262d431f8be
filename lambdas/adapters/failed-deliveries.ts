// What SNS could not deliver to a subscription (its RedrivePolicy's dead letters), one item per
// message under the subscription, kept as long as the event log keeps the events they name.
import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { expiryOf } from '../core/event-log.ts';
import type { FailedDelivery } from '../core/failed-delivery.ts';
import { documentClient, tableName } from './dynamodb-client.ts';
import { ENTITY, TTL_ATTRIBUTE, keys } from './table-layout.ts';

/** Written again for a dead letter SQS hands over twice: the same key, the same item. */
export async function recordFailedDelivery(subscriptionId: string, failure: FailedDelivery): Promise<void> {
  await documentClient().send(
    new PutCommand({
      TableName: tableName(),
      Item: {
        ...keys.failedDelivery(subscriptionId, failure.failedAt, failure.messageId),
        entity: ENTITY.failedDelivery,
        ...failure,
        [TTL_ATTRIBUTE]: expiryOf(failure.failedAt),
      },
    }),
  );
}

/** The newest `limit` failures, newest first. */
export async function failedDeliveriesOf(subscriptionId: string, limit: number): Promise<FailedDelivery[]> {
  const { Items = [] } = await documentClient().send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.failedDeliveriesPartition(subscriptionId) },
      ScanIndexForward: false,
      Limit: limit,
    }),
  );
  return Items.map((item) => ({
    eventId: String(item.eventId),
    type: String(item.type),
    messageId: String(item.messageId),
    failedAt: String(item.failedAt),
  }));
}
