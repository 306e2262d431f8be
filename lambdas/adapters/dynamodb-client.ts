// The DynamoDB DocumentClient of the running invocation's context (see adapter-context.ts).
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
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

/**
 * Every item of one small partition (officials, subscriptions, the feed registry), following
 * pagination: still one Query per page, never a Scan.
 */
export async function queryPartition(pk: string): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await documentClient().send(
      new QueryCommand({
        TableName: tableName(),
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': pk },
        ConsistentRead: true,
        ExclusiveStartKey: start,
      }),
    );
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}

/** A write refused by its condition expression: the state it expected was not there. */
export const isConditionFailed = (error: unknown) => (error as Error | undefined)?.name === 'ConditionalCheckFailedException';
