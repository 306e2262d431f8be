// Partner subscriptions as Pressroom knows them (id ↔ SNS subscription ARN): one partition.
// Each SNS subscription belongs to one record: a claim item keyed by the ARN is written in
// the same transaction as the record, so a second record of the same ARN cannot exist. The
// subscription's partner token is written (and deleted) in that transaction too.
import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { FilterPolicy } from '../core/subscription-policy.ts';
import { documentClient, queryPartition, tableName } from './dynamodb-client.ts';
import { ENTITY, keys } from './table-layout.ts';

export interface SubscriptionRecord {
  id: string;
  endpoint: string;
  filterPolicy: FilterPolicy;
  subscriptionArn: string;
  createdAt: string;
  /** Its partner token's hash (subscriptions made before partner tokens have none). */
  tokenHash?: string;
}

/** Another record already holds this SNS subscription. */
export class SubscriptionClaimed extends Error {
  override name = 'SubscriptionClaimed';
  constructor(readonly subscriptionArn: string) {
    super(`SNS subscription ${subscriptionArn} already belongs to a subscription record`);
  }
}

const fromItem = ({ pk: _pk, sk: _sk, entity: _e, ...rest }: Record<string, unknown>) => rest as unknown as SubscriptionRecord;

/** The record and, for a new subscription, its partner token's item (token-repository's partnerTokenItem). */
export async function putSubscription(record: SubscriptionRecord, tokenItem?: Record<string, unknown>): Promise<void> {
  try {
    await documentClient().send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: tableName(),
              Item: { ...keys.subscription(record.id), entity: ENTITY.subscription, ...record },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          {
            Put: {
              TableName: tableName(),
              Item: { ...keys.subscriptionClaim(record.subscriptionArn), entity: ENTITY.subscriptionClaim, id: record.id },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          ...(tokenItem ? [{ Put: { TableName: tableName(), Item: tokenItem, ConditionExpression: 'attribute_not_exists(pk)' } }] : []),
        ],
      }),
    );
  } catch (error) {
    const reasons = (error as { CancellationReasons?: Array<{ Code?: string }> }).CancellationReasons;
    // Claimed already, or being claimed by a transaction under way (DynamoDB cancels one of two
    // that overlap on an item): either way another record holds, or is about to hold, the ARN.
    const claim = reasons?.[1]?.Code;
    if ((error as Error).name === 'TransactionCanceledException' && (claim === 'ConditionalCheckFailed' || claim === 'TransactionConflict')) {
      throw new SubscriptionClaimed(record.subscriptionArn);
    }
    throw error;
  }
}

export async function getSubscription(id: string): Promise<SubscriptionRecord | undefined> {
  const { Item } = await documentClient().send(
    new GetCommand({ TableName: tableName(), Key: keys.subscription(id), ConsistentRead: true }),
  );
  return Item ? fromItem(Item) : undefined;
}

/** The id of the record that holds this SNS subscription, if one does. */
export async function subscriptionIdOf(subscriptionArn: string): Promise<string | undefined> {
  const { Item } = await documentClient().send(new GetCommand({ TableName: tableName(), Key: keys.subscriptionClaim(subscriptionArn) }));
  return typeof Item?.id === 'string' ? Item.id : undefined;
}

export async function listSubscriptions(): Promise<SubscriptionRecord[]> {
  return (await queryPartition(keys.subscriptionsPartition)).filter((item) => item.entity === ENTITY.subscription).map(fromItem);
}

export async function deleteSubscription(record: SubscriptionRecord): Promise<void> {
  await documentClient().send(
    new TransactWriteCommand({
      TransactItems: [
        { Delete: { TableName: tableName(), Key: keys.subscription(record.id) } },
        {
          Delete: {
            TableName: tableName(),
            Key: keys.subscriptionClaim(record.subscriptionArn),
            // Only this record's claim: never one a later record made for the same ARN.
            ConditionExpression: 'attribute_not_exists(pk) OR id = :id',
            ExpressionAttributeValues: { ':id': record.id },
          },
        },
        // Its partner token stops working with it.
        ...(record.tokenHash ? [{ Delete: { TableName: tableName(), Key: keys.partnerToken(record.tokenHash) } }] : []),
      ],
    }),
  );
}
