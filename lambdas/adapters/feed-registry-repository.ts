// The registry of feeds that exist: one partition of the table, so listing it is one Query.
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { FeedRegistration } from '../core/feeds/feed-registry.ts';
import { documentClient, queryPartition, tableName } from './dynamodb-client.ts';
import { ENTITY, keys } from './table-layout.ts';

export async function listFeedRegistrations(): Promise<FeedRegistration[]> {
  return (await queryPartition(keys.feedRegistryPartition)).map((item) => ({
    key: String(item.sk),
    listed: item.listed === true,
    ...(typeof item.changedAt === 'string' ? { changedAt: item.changedAt } : {}),
  }));
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
