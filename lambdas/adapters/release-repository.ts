// Releases and their feed index entries in the single table. Every write of a release and
// its index entries is one TransactWriteItems, so a feed never lists a half-written release.
import {
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { Release } from '../core/release.ts';
import { parseRelease } from '../core/release-schema.ts';
import { feedKey, feedsOf } from '../core/feed-keys.ts';
import { isUnpublished } from '../core/release-lifecycle.ts';
import { membersAfter, membersJoined } from '../core/translations.ts';
import { batchGetItems, documentClient, queryPartition, tableName, type KeyRange } from './dynamodb-client.ts';
import { GroupConflict, getGroup, groupWrite, type ReleaseGroup } from './release-groups.ts';
import { ENTITY, PARTITION_KEY, SORT_KEY, keys } from './table-layout.ts';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

export interface StoredResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

export interface IdempotencyRecord {
  tokenHash: string;
  key: string;
  requestHash: string;
  response: StoredResponse;
  /** Epoch seconds; DynamoDB TTL deletes it eventually, reads treat it as gone at once. */
  expiresAt: number;
}

/** The key was used before (and has not expired): the caller replays or refuses. */
export class IdempotencyKeyUsed extends Error {
  constructor(readonly record: IdempotencyRecord) {
    super('idempotency key already used');
  }
}

/** The release changed since the caller read it (another correction won the race). */
export class VersionConflict extends Error {
  constructor(readonly currentVersion: number | undefined) {
    super('version conflict');
  }
}

/** A release as the table holds it: its keys and entity, then the release's own fields. */
export type StoredReleaseItem = ReturnType<typeof keys.release> & { entity: typeof ENTITY.release } & Release;

function releaseItem(release: Release): StoredReleaseItem {
  // An empty map is left out (the schema defaults it): DynamoDB Local's stream gives a map that
  // an update emptied as an attribute without a type, which no reader can unmarshall.
  // Translations are read from the group item and links follow from the id, never stored.
  const { files, translations: _translations, links: _links, ...rest } = release;
  return { ...keys.release(release.id), entity: ENTITY.release, ...rest, ...(Object.keys(files).length > 0 ? { files } : {}) } as StoredReleaseItem;
}

/** The index entries a release is listed by: its feeds once public, the press office's list before. */
function entries(release: Release) {
  const feeds = feedsOf(release).map((feed) => ({ key: keys.feedEntry(feedKey(feed), release.publishedAt, release.id), entity: ENTITY.feedEntry }));
  return isUnpublished(release)
    ? [...feeds, { key: keys.statusEntry(release.status, release.publishedAt, release.id), entity: ENTITY.statusEntry }]
    : feeds;
}

const entryKeys = (release: Release) => entries(release).map(({ key }) => key);

// Entries carry the release's countries so "country AND official" is one Query on the
// official's feed with a filter, not a join.
function entryPuts(release: Release): TransactItem[] {
  return entries(release).map(({ key, entity }) => ({
    Put: {
      TableName: tableName(),
      Item: {
        ...key,
        entity,
        releaseId: release.id,
        countries: release.countries,
      },
    },
  }));
}

/** The items a new release is stored as (the release and its index entries), for bulk loads such as benchmarks. */
export function storedItems(release: Release): Record<string, unknown>[] {
  return [releaseItem(release), ...entryPuts(release).map((item) => item.Put!.Item as Record<string, unknown>)];
}

/**
 * Back to the API shape: the table's own attributes go, and the rest is parsed with the
 * Release schema, so an item missing a field (or holding a wrong one) fails here, loudly,
 * instead of reaching a client or a feed; the fields come out in the schema's order
 * (DynamoDB keeps none).
 */
export function toRelease(item: Record<string, unknown>): Release {
  const { [PARTITION_KEY]: key, [SORT_KEY]: _sk, entity: _entity, ...stored } = item;
  return parseRelease(stored, `The stored item ${String(key)}`);
}

/**
 * A new translation's group as read before the write, and the release it started from when
 * the group is new (that release is then marked as in it, in the same transaction, if it is
 * still at the version read).
 */
export interface GroupJoin {
  group: ReleaseGroup;
  root?: Release;
}

function joinItems(release: Release, join: GroupJoin): TransactItem[] {
  const items = [groupWrite(join.group, membersJoined(join.group.members, release, join.root))];
  if (join.root) {
    items.push({
      Update: {
        TableName: tableName(),
        Key: keys.release(join.root.id),
        UpdateExpression: 'SET #group = :group',
        ConditionExpression: 'version = :rootVersion',
        ExpressionAttributeNames: { '#group': 'group' },
        ExpressionAttributeValues: { ':group': join.group.id, ':rootVersion': join.root.version },
      },
    });
  }
  return items;
}

export async function createRelease(release: Release, idempotency?: IdempotencyRecord, join?: GroupJoin): Promise<void> {
  const table = tableName();
  const items: TransactItem[] = [
    {
      Put: {
        TableName: table,
        Item: releaseItem(release),
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
    ...entryPuts(release),
  ];
  const groupAt = items.length;
  if (join) items.push(...joinItems(release, join));
  const groupEnd = items.length;
  if (idempotency) {
    items.push({
      Put: {
        TableName: table,
        Item: {
          ...keys.idempotency(idempotency.tokenHash, idempotency.key),
          entity: ENTITY.idempotency,
          ...idempotency,
        },
        // An expired record may still be in the table (TTL is lazy): it counts as gone.
        ConditionExpression: 'attribute_not_exists(pk) OR expiresAt < :now',
        ExpressionAttributeValues: { ':now': Math.floor(Date.now() / 1000) },
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      },
    });
  }
  try {
    await documentClient().send(new TransactWriteCommand({ TransactItems: items }));
  } catch (error) {
    const reasons = cancellationReasons(error);
    const reason = reasons.at(-1);
    if (idempotency && reason?.Code === 'ConditionalCheckFailed' && reason.Item) {
      const { pk: _pk, sk: _sk, entity: _e, ...record } = unmarshall(reason.Item);
      throw new IdempotencyKeyUsed(record as IdempotencyRecord);
    }
    if (join && reasons.slice(groupAt, groupEnd).some((r) => isGroupRace(r.Code))) throw new GroupConflict(join.group.id);
    throw error;
  }
}

/**
 * The release is still as it was read: the same version, and in a group if and only if it was.
 * A translation joining marks the release its group starts from without a new version, so a
 * copy read before that must not be written back over the mark.
 */
function sameAsRead(previous: Release) {
  return {
    ConditionExpression: `attribute_exists(pk) AND version = :expected AND ${previous.group ? '#group = :group' : 'attribute_not_exists(#group)'}`,
    ExpressionAttributeNames: { '#group': 'group' },
    ExpressionAttributeValues: { ':expected': previous.version, ...(previous.group ? { ':group': previous.group } : {}) },
  };
}

/**
 * Writes `next` over `previous` when the stored version is still previous.version, and moves
 * the index entries: removed from feeds it left (or all of them on retraction), added to new ones.
 */
export async function replaceRelease(previous: Release, next: Release): Promise<void> {
  const table = tableName();
  const before = new Map(entryKeys(previous).map((k) => [`${k.pk}|${k.sk}`, k]));
  const after = new Set(entryKeys(next).map((k) => `${k.pk}|${k.sk}`));
  const removed = [...before].filter(([k]) => !after.has(k)).map(([, key]) => key);
  const items: TransactItem[] = [
    {
      Put: {
        TableName: table,
        Item: releaseItem(next),
        ...sameAsRead(previous),
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      },
    },
    ...removed.map((key): TransactItem => ({ Delete: { TableName: table, Key: key } })),
    ...entryPuts(next),
  ];
  const group = next.group ? await getGroup(next.group) : undefined;
  if (group) items.push(groupWrite(group, membersAfter(group.members, next)));
  await writeMember(items, group);
}

/** A member's transaction: its own item first (the version check), its group's item last. */
async function writeMember(items: TransactItem[], group: ReleaseGroup | undefined): Promise<void> {
  try {
    await documentClient().send(new TransactWriteCommand({ TransactItems: items }));
  } catch (error) {
    const reasons = cancellationReasons(error);
    const reason = reasons[0];
    if (reason?.Code === 'ConditionalCheckFailed') {
      const current = reason.Item ? Number(unmarshall(reason.Item).version) : undefined;
      throw new VersionConflict(current);
    }
    if (group && isGroupRace(reasons.at(-1)?.Code)) throw new GroupConflict(group.id);
    throw error;
  }
}

/** Removes a release that never was public, with its index entries, if it is still at that version. */
export async function deleteRelease(previous: Release): Promise<void> {
  const table = tableName();
  const items: TransactItem[] = [
    {
      Delete: {
        TableName: table,
        Key: keys.release(previous.id),
        ...sameAsRead(previous),
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      },
    },
    ...entryKeys(previous).map((key): TransactItem => ({ Delete: { TableName: table, Key: key } })),
  ];
  const group = previous.group ? await getGroup(previous.group) : undefined;
  if (group) items.push(groupWrite(group, membersAfter(group.members, previous, true)));
  await writeMember(items, group);
}

export async function getRelease(id: string): Promise<Release | undefined> {
  const { Item } = await documentClient().send(
    new GetCommand({ TableName: tableName(), Key: keys.release(id), ConsistentRead: true }),
  );
  return Item ? toRelease(Item) : undefined;
}

export interface FeedPage {
  items: Release[];
  /** The sort key of the last item returned, when more follow. */
  next: string | undefined;
}

/**
 * Newest first: one Query on the feed's partition (filtered by country when asked), then one
 * BatchGet for the releases. `after` is the sort key of the last entry of the previous page.
 */
export async function listFeed(
  key: string,
  limit: number,
  options: { after?: string; country?: string } = {},
): Promise<FeedPage> {
  return listIndex(keys.feedPartition(key), 'published', limit, options);
}

/**
 * The published releases whose entries in a feed's index lie in `range` (sort keys, oldest first
 * unless `descending`): one Query per page of the index, then BatchGets. For the archive's pages
 * and the sitemaps' days, which are bounded ranges.
 */
export async function feedReleasesIn(key: string, range: KeyRange): Promise<Release[]> {
  const entries = await queryPartition(keys.feedPartition(key), range);
  const releases = await batchGetReleases(entries.map((entry) => String(entry.releaseId)));
  return releases.filter((release) => release.status === 'published');
}

/**
 * The press office's drafts (newest first) or scheduled releases (soonest first). Only
 * releases still in that state are returned, whatever the index says.
 */
export async function listByStatus(status: 'draft' | 'scheduled', limit: number, options: { after?: string } = {}): Promise<FeedPage> {
  return listIndex(keys.statusPartition(status), status, limit, { ...options, ascending: status === 'scheduled' });
}

/** Scheduled releases whose instant is `now` or earlier, soonest first. */
export async function dueReleases(now: Date, limit: number): Promise<Release[]> {
  const { Items } = await documentClient().send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: 'pk = :pk AND sk <= :due',
      // `#` sorts before every ULID character, so `<instant>#~` is after every id at that instant.
      ExpressionAttributeValues: { ':pk': keys.statusPartition('scheduled'), ':due': `${now.toISOString()}#~` },
      Limit: limit,
      ConsistentRead: true,
    }),
  );
  const due = await batchGetReleases((Items ?? []).map((entry) => String(entry.releaseId)));
  return due.filter((release) => release.status === 'scheduled' && Date.parse(release.publishedAt) <= now.getTime());
}

async function listIndex(
  partition: string,
  status: Release['status'],
  limit: number,
  options: { after?: string; country?: string; ascending?: boolean },
): Promise<FeedPage> {
  const client = documentClient();
  const table = tableName();
  const entries: Record<string, unknown>[] = [];
  let start = options.after ? { pk: partition, sk: options.after } : undefined;
  // One entry beyond the page tells whether another page exists. A filter may need more
  // than one round trip to fill the page; without one, the first response is enough.
  do {
    const page = await client.send(
      new QueryCommand({
        TableName: table,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: {
          ':pk': partition,
          ...(options.country ? { ':country': options.country } : {}),
        },
        ...(options.country ? { FilterExpression: 'contains(countries, :country)' } : {}),
        ScanIndexForward: options.ascending === true,
        Limit: options.country ? Math.max(limit + 1, 100) : limit + 1,
        ConsistentRead: true,
        ExclusiveStartKey: start,
      }),
    );
    entries.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey as typeof start;
  } while (start && entries.length <= limit);
  const pageEntries = entries.slice(0, limit);
  const releases = await batchGetReleases(pageEntries.map((entry) => String(entry.releaseId)));
  return {
    items: releases.filter((r) => r.status === status),
    next: entries.length > limit ? String(pageEntries.at(-1)?.sk) : undefined,
  };
}

/** Releases by id, in the order asked for; missing ones are left out. */
export async function batchGetReleases(ids: string[]): Promise<Release[]> {
  if (ids.length === 0) return [];
  const found = new Map((await batchGetItems(ids.map((id) => keys.release(id)))).map((item) => [String(item.id), toRelease(item)]));
  return ids.map((id) => found.get(id)).filter((r): r is Release => r !== undefined);
}

/** Another member's write changed the group, or was changing it at the same moment. */
const isGroupRace = (code: string | undefined) => code === 'ConditionalCheckFailed' || code === 'TransactionConflict';

/** The idempotency record of this key, unless it expired (TTL deletes lazily: an expired one counts as gone). */
export async function findIdempotencyRecord(tokenHash: string, key: string): Promise<IdempotencyRecord | undefined> {
  const { Item } = await documentClient().send(new GetCommand({ TableName: tableName(), Key: keys.idempotency(tokenHash, key), ConsistentRead: true }));
  if (!Item || (Item.expiresAt as number) < Math.floor(Date.now() / 1000)) return undefined;
  const { pk: _pk, sk: _sk, entity: _e, ...record } = Item;
  return record as IdempotencyRecord;
}

function cancellationReasons(error: unknown) {
  return error instanceof TransactionCanceledException || (error as { name?: string })?.name === 'TransactionCanceledException'
    ? ((error as TransactionCanceledException).CancellationReasons ?? [])
    : [];
}
