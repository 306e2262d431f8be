// Media items in the single table: created when an upload is asked for, moved on by the
// processing function. Every change is conditional on the state it starts from, so a
// redelivered object-created event cannot process an upload twice or undo a result.
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { StoredMedia } from '../core/media-schema.ts';
import { batchGetItems, documentClient, isConditionFailed, tableName } from './dynamodb-client.ts';
import { ENTITY, keys } from './table-layout.ts';

export type { StoredMedia };

export async function createMedia(media: StoredMedia): Promise<void> {
  await documentClient().send(
    new PutCommand({
      TableName: tableName(),
      Item: { ...keys.media(media.id), entity: ENTITY.media, ...media },
      ConditionExpression: 'attribute_not_exists(pk)',
    }),
  );
}

/** The media item without the table's own attributes and the public-use bookkeeping. */
function toStoredMedia(item: Record<string, unknown>): StoredMedia {
  const { pk: _pk, sk: _sk, entity: _entity, publicIn: _publicIn, ...media } = item;
  return media as StoredMedia;
}

export async function getMedia(id: string): Promise<StoredMedia | undefined> {
  const { Item } = await documentClient().send(new GetCommand({ TableName: tableName(), Key: keys.media(id), ConsistentRead: true }));
  return Item ? toStoredMedia(Item) : undefined;
}

/** How many public releases use the media now. */
export async function publicUses(id: string): Promise<number> {
  const { Item } = await documentClient().send(
    new GetCommand({ TableName: tableName(), Key: keys.media(id), ConsistentRead: true, ProjectionExpression: 'publicIn' }),
  );
  return (Item?.publicIn as Set<string> | undefined)?.size ?? 0;
}

/**
 * Records that a public release uses the media (a string set of release ids on the media
 * item), or that it no longer does; answers how many public releases use it afterwards.
 */
export async function recordPublicUse(id: string, releaseId: string, inUse: boolean): Promise<number> {
  const { Attributes } = await documentClient().send(
    new UpdateCommand({
      TableName: tableName(),
      Key: keys.media(id),
      UpdateExpression: `${inUse ? 'ADD' : 'DELETE'} publicIn :release`,
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeValues: { ':release': new Set([releaseId]) },
      ReturnValues: 'ALL_NEW',
    }),
  );
  return (Attributes?.publicIn as Set<string> | undefined)?.size ?? 0;
}

/** The media items with these ids (at most 100, as a release names at most 40), by id; unknown ids are absent. */
export async function getMediaByIds(ids: readonly string[]): Promise<Map<string, StoredMedia>> {
  const items = await batchGetItems(ids.map((id) => keys.media(id)));
  return new Map(items.map((item) => toStoredMedia(item)).map((media) => [media.id, media]));
}

/**
 * Claims an upload for processing: true when it was awaiting upload (or its processing was
 * interrupted long enough ago to be taken over), false when another delivery has it or did it.
 */
export async function claimForProcessing(id: string, now: Date, staleAfterMs: number): Promise<boolean> {
  try {
    await documentClient().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: keys.media(id),
        UpdateExpression: 'SET #status = :processing, updatedAt = :now',
        ConditionExpression: 'attribute_exists(pk) AND (#status = :awaiting OR (#status = :processing AND updatedAt < :stale))',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':processing': 'processing',
          ':awaiting': 'awaiting upload',
          ':now': now.toISOString(),
          ':stale': new Date(now.getTime() - staleAfterMs).toISOString(),
        },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailed(error)) return false;
    throw error;
  }
}

/** Gives a failed attempt's claim back, so that the retry need not wait for it to go stale. */
export async function releaseClaim(id: string, now: Date): Promise<void> {
  await documentClient()
    .send(
      new UpdateCommand({
        TableName: tableName(),
        Key: keys.media(id),
        UpdateExpression: 'SET #status = :awaiting, updatedAt = :now',
        ConditionExpression: '#status = :processing',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':awaiting': 'awaiting upload', ':processing': 'processing', ':now': now.toISOString() },
      }),
    )
    .catch((error: unknown) => {
      if (!isConditionFailed(error)) throw error;
    });
}

/** Records the outcome of processing, over the claim. */
export async function recordProcessed(
  id: string,
  outcome: Pick<StoredMedia, 'status' | 'kind' | 'mimeType' | 'width' | 'height' | 'bytes' | 'renditions' | 'reason'>,
  now: Date,
): Promise<void> {
  const fields = Object.entries({ ...outcome, updatedAt: now.toISOString() }).filter(([, value]) => value !== undefined);
  await documentClient().send(
    new UpdateCommand({
      TableName: tableName(),
      Key: keys.media(id),
      UpdateExpression: `SET ${fields.map((_, i) => `#f${i} = :v${i}`).join(', ')}`,
      ConditionExpression: '#status = :processing',
      ExpressionAttributeNames: { ...Object.fromEntries(fields.map(([key], i) => [`#f${i}`, key])), '#status': 'status' },
      ExpressionAttributeValues: { ...Object.fromEntries(fields.map(([, value], i) => [`:v${i}`, value])), ':processing': 'processing' },
    }),
  );
}
