// The daily digests' entries, in the subscribers' table: for each digest instant and feed, one
// item per release with the entry its digest tells (the release's latest public event before
// that instant), and for each instant the list of feeds that have entries. Written by the
// fan-out as events come; read by the digest run (the feeds) and the sender (the entries).
import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import * as v from 'valibot';
import { AlertEntrySchema } from '../core/alerts/mail-job.ts';
import type { AlertEntry } from '../core/alerts/alert-message.ts';
import { documentClient } from './dynamodb-client.ts';
import { subscriberKeys, subscribersTable } from './subscriber-store.ts';
import { TTL_ATTRIBUTE } from './table-layout.ts';

/** Kept a fortnight past their digest: long enough for a digest retried from its dead letters. */
const KEPT_AFTER_DUE_S = 14 * 24 * 3600;
const expiry = (due: Date) => Math.floor(due.getTime() / 1000) + KEPT_AFTER_DUE_S;

/**
 * The release's entry in `feed`'s digest at `due`, unless an event of a later version is there
 * already (events are fanned out in any order): a release published and corrected on one day is
 * told once, as it now stands.
 */
export async function recordDigestEntry(due: Date, feed: string, releaseId: string, version: number, entry: AlertEntry): Promise<void> {
  const at = due.toISOString();
  try {
    await documentClient().send(
      new PutCommand({
        TableName: subscribersTable(),
        Item: { ...subscriberKeys.digestEntry(at, feed, releaseId), version, entry, [TTL_ATTRIBUTE]: expiry(due) },
        ConditionExpression: 'attribute_not_exists(pk) OR version <= :version',
        ExpressionAttributeValues: { ':version': version },
      }),
    );
  } catch (error) {
    if ((error as { name?: string }).name !== 'ConditionalCheckFailedException') throw error;
  }
  await documentClient().send(new PutCommand({ TableName: subscribersTable(), Item: { ...subscriberKeys.digestFeed(at, feed), [TTL_ATTRIBUTE]: expiry(due) } }));
}

async function queryAll(partition: string, projection?: string): Promise<Array<Record<string, unknown>>> {
  const items: Array<Record<string, unknown>> = [];
  let start: Record<string, unknown> | undefined;
  do {
    const { Items, LastEvaluatedKey } = await documentClient().send(
      new QueryCommand({
        TableName: subscribersTable(),
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': partition },
        // The fan-out may have written an entry a moment before the digest's instant.
        ConsistentRead: true,
        ...(projection ? { ProjectionExpression: projection } : {}),
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    items.push(...(Items ?? []));
    start = LastEvaluatedKey;
  } while (start);
  return items;
}

/** The feeds that have entries in the digest at `due`. */
export const digestFeeds = async (due: Date) => (await queryAll(subscriberKeys.digestFeeds(due.toISOString()), 'sk')).map((item) => String(item.sk));

/** The entries of `feed`'s digest at `due`, the newest release first. */
export async function digestEntries(due: Date, feed: string): Promise<AlertEntry[]> {
  const entries = (await queryAll(subscriberKeys.digestEntries(due.toISOString(), feed))).flatMap((item) => {
    const parsed = v.safeParse(AlertEntrySchema, item.entry);
    return parsed.success ? [parsed.output as AlertEntry] : [];
  });
  return entries.sort((a, b) => (a.release.publishedAt! < b.release.publishedAt! ? 1 : a.release.publishedAt! > b.release.publishedAt! ? -1 : 0));
}
