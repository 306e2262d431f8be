// Media items in the single table: created when an upload is asked for, moved on by the
// processing function. Every change is conditional on the state it starts from, so a
// redelivered object-created event cannot process an upload twice or undo a result.
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import type { Media } from '../core/media-schema.ts';
import { documentClient, tableName } from './dynamodb-client.ts';
import { ENTITY, keys } from './table-layout.ts';

/** What is stored of a media item: the API shape less the public URLs, plus the upload's limit. */
export type StoredMedia = Omit<Media, 'renditions'> & {
  renditions: Array<Omit<Media['renditions'][number], 'url'>>;
  /** The most the upload may be, as announced. */
  maxBytes: number;
  declaredType: string;
};

export async function createMedia(media: StoredMedia): Promise<void> {
  await documentClient().send(
    new PutCommand({
      TableName: tableName(),
      Item: { ...keys.media(media.id), entity: ENTITY.media, ...media },
      ConditionExpression: 'attribute_not_exists(pk)',
    }),
  );
}

export async function getMedia(id: string): Promise<StoredMedia | undefined> {
  const { Item } = await documentClient().send(new GetCommand({ TableName: tableName(), Key: keys.media(id), ConsistentRead: true }));
  if (!Item) return undefined;
  const { pk: _pk, sk: _sk, entity: _entity, ...media } = Item;
  return media as StoredMedia;
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
    if (error instanceof ConditionalCheckFailedException || (error as Error).name === 'ConditionalCheckFailedException') return false;
    throw error;
  }
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
