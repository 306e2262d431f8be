// The DynamoDB DocumentClient of the running invocation's context (see adapter-context.ts).
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, BatchWriteCommand, DynamoDBDocumentClient, QueryCommand, type BatchWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { adapterContext, adapterSettings } from './adapter-context.ts';
import { sdkConfig } from './sdk-client.ts';
import { required } from './settings.ts';

export const documentClient = () =>
  adapterContext().client('dynamodb', (settings) =>
    DynamoDBDocumentClient.from(new DynamoDBClient(sdkConfig(settings.endpoints.dynamodb, settings.localCredentials)), {
      marshallOptions: { removeUndefinedValues: true },
    }),
  );

export const tableName = (): string => required(adapterSettings(), 'tableName');

/** Which part of a partition to read: after `after` (exclusive), up to `last` (inclusive), at most `limit`. */
export interface KeyRange {
  after?: string;
  last?: string;
  limit?: number;
  /** Newest (highest sort key) first instead of oldest. */
  descending?: boolean;
}

/**
 * The items of one partition (officials, subscriptions, the feed registry, a range of a feed's
 * index) in sort-key order, following pagination: still one Query per page, never a Scan.
 */
export async function queryPartition(pk: string, range: KeyRange = {}): Promise<Record<string, unknown>[]> {
  // A key condition takes one comparison or BETWEEN, which includes both ends: the lower one is dropped here.
  const { after, last, limit, descending } = range;
  const condition =
    after !== undefined && last !== undefined ? 'sk BETWEEN :after AND :last' : after !== undefined ? 'sk > :after' : last !== undefined ? 'sk <= :last' : undefined;
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await documentClient().send(
      new QueryCommand({
        TableName: tableName(),
        KeyConditionExpression: condition === undefined ? 'pk = :pk' : `pk = :pk AND ${condition}`,
        ExpressionAttributeValues: {
          ':pk': pk,
          ...(after !== undefined ? { ':after': after } : {}),
          ...(last !== undefined ? { ':last': last } : {}),
        },
        ...(limit !== undefined ? { Limit: limit - items.length + 1 } : {}),
        ...(descending ? { ScanIndexForward: false } : {}),
        ConsistentRead: true,
        ExclusiveStartKey: start,
      }),
    );
    items.push(...(page.Items ?? []).filter((item) => after === undefined || item.sk !== after));
    start = page.LastEvaluatedKey;
  } while (start && (limit === undefined || items.length < limit));
  return limit === undefined ? items : items.slice(0, limit);
}

/** A write refused by its condition expression: the state it expected was not there. */
export const isConditionFailed = (error: unknown) => (error as Error | undefined)?.name === 'ConditionalCheckFailedException';

/** BatchGet's limit per request. */
const BATCH_GET_MAX = 100;

/**
 * The items with these keys (consistent reads), in no particular order; missing ones are absent.
 * BatchGet may answer part of a batch under load: what it left is asked for again, with back-off.
 */
export async function batchGetItems(itemKeys: ReadonlyArray<Record<string, unknown>>): Promise<Record<string, unknown>[]> {
  const found: Record<string, unknown>[] = [];
  for (let start = 0; start < itemKeys.length; start += BATCH_GET_MAX) {
    let pending = itemKeys.slice(start, start + BATCH_GET_MAX) as Record<string, unknown>[];
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt > 8) throw new Error('BatchGet kept returning unprocessed keys');
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, Math.min(50 * 2 ** attempt, 1_000)));
      const { Responses, UnprocessedKeys } = await documentClient().send(
        new BatchGetCommand({ RequestItems: { [tableName()]: { Keys: pending, ConsistentRead: true } } }),
      );
      found.push(...(Responses?.[tableName()] ?? []));
      pending = (UnprocessedKeys?.[tableName()]?.Keys ?? []) as Record<string, unknown>[];
    }
  }
  return found;
}

/** BatchWriteItem's limit per request. */
const BATCH_WRITE_MAX = 25;

type WriteRequest = NonNullable<BatchWriteCommandInput['RequestItems']>[string][number];

/**
 * Puts and deletes of independent items, 25 a request; what DynamoDB leaves unprocessed under
 * load is sent again, with back-off. Not atomic: for writes that may be repeated (idempotent).
 */
export async function batchWriteItems(requests: readonly WriteRequest[]): Promise<void> {
  for (let start = 0; start < requests.length; start += BATCH_WRITE_MAX) {
    let pending = requests.slice(start, start + BATCH_WRITE_MAX) as WriteRequest[];
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt > 8) throw new Error('BatchWrite kept returning unprocessed items');
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, Math.min(50 * 2 ** attempt, 1_000)));
      const { UnprocessedItems } = await documentClient().send(new BatchWriteCommand({ RequestItems: { [tableName()]: pending } }));
      pending = (UnprocessedItems?.[tableName()] ?? []) as WriteRequest[];
    }
  }
}
