// Partner subscriptions as Pressroom knows them (id ↔ SNS subscription ARN): one partition.
import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { FilterPolicy } from '../core/subscription-policy.ts';
import { documentClient, queryPartition, tableName } from './dynamodb-client.ts';
import { ENTITY, keys } from './table-layout.ts';

export interface SubscriptionRecord {
  id: string;
  endpoint: string;
  filterPolicy: FilterPolicy;
  subscriptionArn: string;
  createdAt: string;
}

const fromItem = ({ pk: _pk, sk: _sk, entity: _e, ...rest }: Record<string, unknown>) => rest as unknown as SubscriptionRecord;

export async function putSubscription(record: SubscriptionRecord): Promise<void> {
  await documentClient().send(
    new PutCommand({
      TableName: tableName(),
      Item: { ...keys.subscription(record.id), entity: ENTITY.subscription, ...record },
      ConditionExpression: 'attribute_not_exists(pk)',
    }),
  );
}

export async function getSubscription(id: string): Promise<SubscriptionRecord | undefined> {
  const { Item } = await documentClient().send(
    new GetCommand({ TableName: tableName(), Key: keys.subscription(id), ConsistentRead: true }),
  );
  return Item ? fromItem(Item) : undefined;
}

export async function listSubscriptions(): Promise<SubscriptionRecord[]> {
  return (await queryPartition(keys.subscriptionsPartition)).map(fromItem);
}

export async function deleteSubscription(id: string): Promise<void> {
  await documentClient().send(new DeleteCommand({ TableName: tableName(), Key: keys.subscription(id) }));
}
