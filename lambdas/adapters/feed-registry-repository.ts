// The registry of feeds that exist: one partition of the table, so listing it is one Query.
import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { FeedRegistration } from '../core/feeds/feed-registry.ts';
import { documentClient, tableName } from './dynamodb-client.ts';
import { ENTITY, keys } from './table-layout.ts';

export async function listFeedRegistrations(): Promise<FeedRegistration[]> {
  const registrations: FeedRegistration[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await documentClient().send(
      new QueryCommand({
        TableName: tableName(),
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.feedRegistryPartition },
        ConsistentRead: true,
        ExclusiveStartKey: start,
      }),
    );
    for (const item of page.Items ?? []) {
      registrations.push({
        key: String(item.sk),
        listed: item.listed === true,
        ...(typeof item.changedAt === 'string' ? { changedAt: item.changedAt } : {}),
      });
    }
    start = page.LastEvaluatedKey;
  } while (start);
  return registrations;
}

export async function putFeedRegistration(registration: FeedRegistration): Promise<void> {
  await documentClient().send(
    new PutCommand({
      TableName: tableName(),
      Item: {
        ...keys.feedRegistration(registration.key),
        entity: ENTITY.feedRegistration,
        listed: registration.listed,
        ...(registration.changedAt === undefined ? {} : { changedAt: registration.changedAt }),
      },
    }),
  );
}
