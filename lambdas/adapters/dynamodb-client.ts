// The DynamoDB DocumentClient, configured from the environment (see sdk-client.ts).
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { clientPerEndpoint, sdkConfig } from './sdk-client.ts';

export const documentClient = clientPerEndpoint('DYNAMODB_ENDPOINT', (endpoint) =>
  DynamoDBDocumentClient.from(new DynamoDBClient(sdkConfig(endpoint)), {
    marshallOptions: { removeUndefinedValues: true },
  }),
);

export function tableName(): string {
  const name = process.env.TABLE_NAME;
  if (!name) throw new Error('TABLE_NAME is not set');
  return name;
}

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
