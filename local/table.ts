// Creates the tables the way the CDK stack declares them (same key layout, stream and TTL).
import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ResourceNotFoundException,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { sdkConfig } from '../lambdas/adapters/sdk-client.ts';
import type { LocalCredentials } from '../lambdas/adapters/settings.ts';
import { tableDefinition, TTL_ATTRIBUTE } from '../lambdas/adapters/table-layout.ts';
import { subscriberTableDefinition } from '../lambdas/adapters/subscriber-store.ts';

export function localDynamoClient(endpoint: string, credentials: LocalCredentials): DynamoDBClient {
  return new DynamoDBClient(sdkConfig(endpoint, credentials));
}

/** Creates the table when it is missing and returns its stream ARN. */
export async function ensureTable(client: DynamoDBClient, tableName: string): Promise<string> {
  try {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    if (Table?.LatestStreamArn) return Table.LatestStreamArn;
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
  }
  const { TableDescription } = await client.send(new CreateTableCommand(tableDefinition(tableName)));
  await client.send(
    new UpdateTimeToLiveCommand({
      TableName: tableName,
      TimeToLiveSpecification: { AttributeName: TTL_ATTRIBUTE, Enabled: true },
    }),
  );
  const arn = TableDescription?.LatestStreamArn;
  if (!arn) throw new Error(`table ${tableName} has no stream`);
  return arn;
}

/** Creates the subscribers' table (no stream) when it is missing. */
export async function ensureSubscriberTable(client: DynamoDBClient, tableName: string): Promise<void> {
  try {
    await client.send(new DescribeTableCommand({ TableName: tableName }));
    return;
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
  }
  await client.send(new CreateTableCommand(subscriberTableDefinition(tableName)));
  await client.send(new UpdateTimeToLiveCommand({ TableName: tableName, TimeToLiveSpecification: { AttributeName: TTL_ATTRIBUTE, Enabled: true } }));
}
