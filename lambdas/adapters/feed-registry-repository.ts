// The registry of feeds that exist: one partition of the table, so listing it is one Query.
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { FeedRegistration } from '../core/feeds/feed-registry.ts';
import { documentClient, queryPartition, tableName } from './dynamodb-client.ts';
import { ENTITY, keys } from './table-layout.ts';

const registrationOf = (item: Record<string, unknown>): FeedRegistration => ({
  key: String(item.sk),
  listed: item.listed === true,
  ...(typeof item.changedAt === 'string' ? { changedAt: item.changedAt } : {}),
  ...(typeof item.archivedThrough === 'string' ? { archivedThrough: item.archivedThrough } : {}),
});

export async function listFeedRegistrations(): Promise<FeedRegistration[]> {
  return (await queryPartition(keys.feedRegistryPartition)).map(registrationOf);
}

/** One feed's registration as it is now (consistent read): what its lease holder renders from. */
export async function getFeedRegistration(key: string): Promise<FeedRegistration | undefined> {
  const { Item } = await documentClient().send(
    new GetCommand({ TableName: tableName(), Key: keys.feedRegistration(key), ConsistentRead: true }),
  );
  return Item ? registrationOf(Item) : undefined;
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
        ...(registration.archivedThrough === undefined ? {} : { archivedThrough: registration.archivedThrough }),
      },
    }),
  );
}
