// The e-mail alert subscribers, in a table of their own: addresses are personal data, so no
// stream carries them to the releases' consumers, only the alert functions are granted the
// table, and it is encrypted with a key of its own (lib/). Items:
// - the subscriber's record, by id (what signed links name);
// - the address's pointer to it, keyed by a keyed hash of the lower-cased address, so a key
//   that shows up in a log or an error reveals no address;
// - one follower item per confirmed follow, in the feed's partition, so the fan-out of a
//   release is one paged Query per feed and no BatchGet;
// - a counter per client and UTC day for the form's limit;
// - how far the fan-out of each release event (and each feed's digest) has gone, so that a
//   retried one carries on where it stopped and one delivered twice is mailed once;
// - the digests' entries (lambdas/adapters/digest-store.ts).
// A never-confirmed record and its pointer carry a TTL at the expiry of their last link; every
// read treats a lapsed record as absent, as TTL deletion may come days later.
import { createHmac } from 'node:crypto';
import { BatchGetCommand, GetCommand, PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { expiresAt, isLapsed, type Subscriber } from '../core/alerts/subscriber.ts';
import type { AlertFrequency } from '../core/alerts/subscribe-form.ts';
import type { Follow } from '../core/alerts/recipients.ts';
import { adapterSettings } from './adapter-context.ts';
import { requiredAlerts } from './settings.ts';
import { alertKey } from './alert-key.ts';
import { documentClient } from './dynamodb-client.ts';
import { TTL_ATTRIBUTE } from './table-layout.ts';
import { EVENT_RETENTION_DAYS } from '../core/event-log.ts';

export const subscriberKeys = {
  subscriber: (id: string) => ({ pk: `subscriber#${id}`, sk: 'subscriber' }),
  address: (addressKey: string) => ({ pk: `address#${addressKey}`, sk: 'address' }),
  follower: (feedKey: string, id: string) => ({ pk: `followers#${feedKey}`, sk: id }),
  followersPartition: (feedKey: string) => `followers#${feedKey}`,
  clientDay: (clientKey: string, day: string) => ({ pk: `client#${clientKey}`, sk: day }),
  fanOut: (runId: string) => ({ pk: `fanout#${runId}`, sk: 'fanout' }),
  digestEntry: (due: string, feed: string, releaseId: string) => ({ pk: `digest#${due}#${feed}`, sk: releaseId }),
  digestEntries: (due: string, feed: string) => `digest#${due}#${feed}`,
  digestFeed: (due: string, feed: string) => ({ pk: `digestfeeds#${due}`, sk: feed }),
  digestFeeds: (due: string) => `digestfeeds#${due}`,
} as const;

/** CreateTable input for the local runtime and tests; the CDK stack mirrors it. No stream. */
export function subscriberTableDefinition(tableName: string) {
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST' as const,
    AttributeDefinitions: [
      { AttributeName: 'pk', AttributeType: 'S' as const },
      { AttributeName: 'sk', AttributeType: 'S' as const },
    ],
    KeySchema: [
      { AttributeName: 'pk', KeyType: 'HASH' as const },
      { AttributeName: 'sk', KeyType: 'RANGE' as const },
    ],
  };
}

const alertSettings = () => requiredAlerts(adapterSettings());
export const subscribersTable = () => alertSettings().subscribersTable;
const table = subscribersTable;

/**
 * A keyed hash under the alert key, its input prefixed with what it is for, so that no hash
 * of one kind equals one of another or a link's signature. Lower-cased: one inbox is one
 * subscriber however it is typed.
 */
const keyed = async (purpose: string, value: string) =>
  createHmac('sha256', await alertKey()).update(`${purpose}\u0000${value}`, 'utf8').digest('base64url');
export const addressKey = (address: string) => keyed('address', address.toLowerCase());
export const clientKey = (client: string) => keyed('client', client);

const epochSeconds = (at: Date) => Math.floor(at.getTime() / 1000);

interface StoredSubscriber extends Subscriber {
  /** Bumped by every write: a write expects the version it read. */
  revision: number;
}

const toSubscriber = ({ pk: _pk, sk: _sk, revision: _revision, [TTL_ATTRIBUTE]: _ttl, ...rest }: Record<string, unknown>) => rest as unknown as Subscriber;

/** A record read, with the revision a write of it must expect. */
export interface Read {
  subscriber: Subscriber;
  revision: number;
}

async function getRecord(id: string, now: Date): Promise<Read | undefined> {
  const { Item } = await documentClient().send(new GetCommand({ TableName: table(), Key: subscriberKeys.subscriber(id), ConsistentRead: true }));
  if (!Item) return undefined;
  const subscriber = toSubscriber(Item);
  return isLapsed(subscriber, now) ? undefined : { subscriber, revision: Number(Item.revision) };
}

export const findSubscriber = (id: string, now: Date) => getRecord(id, now);

/**
 * What the address's pointer names: the subscriber id, with its record unless that is gone
 * (its TTL came first). A lapsed record is returned too: the next request reuses its id.
 */
export async function findByAddress(address: string): Promise<{ id: string; read?: Read } | undefined> {
  const { Item } = await documentClient().send(new GetCommand({ TableName: table(), Key: subscriberKeys.address(await addressKey(address)), ConsistentRead: true }));
  if (!Item) return undefined;
  const id = String(Item.subscriberId);
  const { Item: record } = await documentClient().send(new GetCommand({ TableName: table(), Key: subscriberKeys.subscriber(id), ConsistentRead: true }));
  return { id, ...(record ? { read: { subscriber: toSubscriber(record), revision: Number(record.revision) } } : {}) };
}

/** Someone wrote the record since it was read: read it again and decide again. */
export class SubscriberChanged extends Error {
  constructor() {
    super('the subscriber changed since it was read');
    this.name = 'SubscriberChanged';
  }
}

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

const expectRevision = (previous: number | undefined) =>
  previous === undefined
    ? { ConditionExpression: 'attribute_not_exists(pk)' }
    : { ConditionExpression: 'revision = :revision', ExpressionAttributeValues: { ':revision': previous } };

function putRecord(subscriber: Subscriber, previous: number | undefined): TransactItem {
  const expiry = expiresAt(subscriber);
  const item: StoredSubscriber & Record<string, unknown> = {
    ...subscriberKeys.subscriber(subscriber.id),
    ...subscriber,
    revision: (previous ?? 0) + 1,
    ...(expiry ? { [TTL_ATTRIBUTE]: epochSeconds(expiry) } : {}),
  };
  return { Put: { TableName: table(), Item: item, ...expectRevision(previous) } };
}

/** The address's pointer, which may only ever name one subscriber: two first requests at once make one record, not two. */
async function putPointer(subscriber: Subscriber): Promise<TransactItem> {
  const expiry = expiresAt(subscriber);
  return {
    Put: {
      TableName: table(),
      Item: { ...subscriberKeys.address(await addressKey(subscriber.address)), subscriberId: subscriber.id, ...(expiry ? { [TTL_ATTRIBUTE]: epochSeconds(expiry) } : {}) },
      ConditionExpression: 'attribute_not_exists(pk) OR subscriberId = :id',
      ExpressionAttributeValues: { ':id': subscriber.id },
    },
  };
}

async function transact(items: TransactItem[]): Promise<void> {
  try {
    await documentClient().send(new TransactWriteCommand({ TransactItems: items }));
  } catch (error) {
    const reasons = (error as { CancellationReasons?: Array<{ Code?: string }> }).CancellationReasons;
    if (reasons?.some((reason) => reason.Code === 'ConditionalCheckFailed' || reason.Code === 'TransactionConflict')) throw new SubscriberChanged();
    throw error;
  }
}

/** Keeps a record changed by a request from the form (its pending follows), with its pointer. */
export const saveRequest = async (subscriber: Subscriber, previous: number | undefined) => transact([putRecord(subscriber, previous), await putPointer(subscriber)]);

function follower(subscriber: Subscriber, feed: string, frequency: AlertFrequency): TransactItem {
  return {
    Put: {
      TableName: table(),
      Item: { ...subscriberKeys.follower(feed, subscriber.id), address: subscriber.address, frequency, language: subscriber.language },
    },
  };
}

/** A confirmed record: it no longer expires, and each follow it added (or changed) is a follower of its feed. */
export const saveConfirmed = async (subscriber: Subscriber, added: Readonly<Record<string, AlertFrequency>>, previous: number) =>
  transact([
    putRecord(subscriber, previous),
    await putPointer(subscriber),
    ...Object.entries(added).map(([feed, frequency]) => follower(subscriber, feed, frequency)),
  ]);

/**
 * A confirmed record changed by its reader (undefined: nothing is left, so the record and its
 * pointer go): the follower items of feeds no longer followed go with it, and those of feeds
 * now followed at another frequency are rewritten.
 */
export async function saveFollows(before: Subscriber, after: Subscriber | undefined, previous: number): Promise<void> {
  const dropped = Object.keys(before.follows).filter((feed) => after?.follows[feed] === undefined);
  const deletes = dropped.map((feed): TransactItem => ({ Delete: { TableName: table(), Key: subscriberKeys.follower(feed, before.id) } }));
  if (after !== undefined) {
    const changed = Object.entries(after.follows).filter(([feed, frequency]) => before.follows[feed] !== undefined && before.follows[feed] !== frequency);
    await transact([putRecord(after, previous), ...deletes, ...changed.map(([feed, frequency]) => follower(after, feed, frequency))]);
    return;
  }
  await transact([
    { Delete: { TableName: table(), Key: subscriberKeys.subscriber(before.id), ...expectRevision(previous) } },
    { Delete: { TableName: table(), Key: subscriberKeys.address(await addressKey(before.address)) } },
    ...deletes,
  ]);
}

/** Counts one request from this client today and answers how many it has made, this one included. */
export async function countClientRequest(client: string, day: string, dayEnds: Date): Promise<number> {
  const { Attributes } = await documentClient().send(
    new UpdateCommand({
      TableName: table(),
      Key: subscriberKeys.clientDay(await clientKey(client), day),
      UpdateExpression: 'ADD requests :one SET #ttl = :ttl',
      ExpressionAttributeNames: { '#ttl': TTL_ATTRIBUTE },
      ExpressionAttributeValues: { ':one': 1, ':ttl': epochSeconds(dayEnds) },
      ReturnValues: 'UPDATED_NEW',
    }),
  );
  return Number(Attributes?.requests ?? 1);
}

/** One page of a feed's followers, in id order, after `after`. */
export async function followersPage(feed: string, after: string | undefined, limit: number): Promise<{ followers: Follow[]; next?: string }> {
  const { Items, LastEvaluatedKey } = await documentClient().send(
    new QueryCommand({
      TableName: table(),
      KeyConditionExpression: after === undefined ? 'pk = :pk' : 'pk = :pk AND sk > :after',
      ExpressionAttributeValues: { ':pk': subscriberKeys.followersPartition(feed), ...(after === undefined ? {} : { ':after': after }) },
      Limit: limit,
    }),
  );
  const followers = (Items ?? []).map((item): Follow => ({
    feed,
    subscriberId: String(item.sk),
    address: String(item.address),
    frequency: item.frequency as AlertFrequency,
    language: String(item.language),
  }));
  return { followers, ...(LastEvaluatedKey ? { next: String(LastEvaluatedKey.sk) } : {}) };
}

/**
 * How far an event's fan-out went: the last subscriber id of its last finished step, or done;
 * and the digest its entries went into, so that a retry puts them into the same one.
 */
export type FanOutProgress = ({ done: true } | { done: false; after?: string }) & { due?: string };

/**
 * Kept as long as the event could come back: the event log's 90 days (from which an operator
 * may republish) and the 14 days its dead letter can wait in the events queue's redrive.
 */
const FAN_OUT_MEMORY_S = (EVENT_RETENTION_DAYS + 14) * 24 * 3600;

/** `runId`: an event's id, or a digest's (`digest <due> <feed>`). */
export async function fanOutProgress(runId: string): Promise<FanOutProgress> {
  const { Item } = await documentClient().send(new GetCommand({ TableName: table(), Key: subscriberKeys.fanOut(runId), ConsistentRead: true }));
  if (!Item) return { done: false };
  const due = typeof Item.due === 'string' ? { due: Item.due } : {};
  if (Item.done === true) return { done: true, ...due };
  return { done: false, ...(typeof Item.after === 'string' ? { after: Item.after } : {}), ...due };
}

export async function saveFanOutProgress(runId: string, progress: FanOutProgress, now: Date): Promise<void> {
  await documentClient().send(
    new PutCommand({
      TableName: table(),
      Item: { ...subscriberKeys.fanOut(runId), ...progress, [TTL_ATTRIBUTE]: epochSeconds(now) + FAN_OUT_MEMORY_S },
    }),
  );
}

/** BatchGetItem's most keys a call. */
const BATCH_GET_KEYS = 100;

/**
 * How often each of these follows is followed now (`<feed> <subscriber id>` → frequency), read
 * just before sending: an address unsubscribed (or suppressed), or a feed changed to the other
 * frequency, since its job was made is sent nothing.
 */
export async function stillFollowing(follows: ReadonlyArray<{ feed: string; subscriberId: string }>): Promise<Map<string, AlertFrequency>> {
  const found = new Map<string, AlertFrequency>();
  for (let start = 0; start < follows.length; start += BATCH_GET_KEYS) {
    let keys: Array<Record<string, unknown>> = follows.slice(start, start + BATCH_GET_KEYS).map(({ feed, subscriberId }) => subscriberKeys.follower(feed, subscriberId));
    for (let attempt = 0; keys.length > 0; attempt++) {
      if (attempt >= 8) throw new Error(`DynamoDB left ${keys.length} follower reads unprocessed eight times`);
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, Math.min(1000, 50 * 2 ** attempt)));
      const { Responses, UnprocessedKeys } = await documentClient().send(
        new BatchGetCommand({ RequestItems: { [table()]: { Keys: keys, ConsistentRead: true, ProjectionExpression: 'pk, sk, frequency' } } }),
      );
      for (const item of Responses?.[table()] ?? []) found.set(`${String(item.pk).slice(subscriberKeys.followersPartition('').length)} ${String(item.sk)}`, item.frequency as AlertFrequency);
      keys = (UnprocessedKeys?.[table()]?.Keys ?? []) as Array<Record<string, unknown>>;
    }
  }
  return found;
}
