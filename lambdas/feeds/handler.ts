// DynamoDB stream → first the public media of the batch's releases (copied to the site when a
// release using them becomes public, removed when none does), then the feeds the changes touch, each rendered from the table
// under its render lease (so concurrent invocations take turns, and the last rendering written
// is never an older one) and written where its bytes changed; a change to an official (whose names title feeds
// and label categories) re-renders every feed. A feed that fails reports the records that
// touched it (Lambda retries from the first; re-rendering what already succeeded is a no-op
// write, since unchanged bytes are not written).
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { touchedFeeds } from '../core/feeds/touched-feeds.ts';
import { officialChanges, releaseChanges } from '../adapters/stream-records.ts';
import { regenerateFeeds } from './regenerate-feeds.ts';
import { publishMedia } from '../publication/publish-media.ts';
import { logger } from '../logger.ts';

export { rebuildAllFeeds } from './regenerate-feeds.ts';

export async function handler(event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> {
  const changes = releaseChanges(event).map((change) => ({ ...change, id: change.sequenceNumber }));
  const touched = touchedFeeds(changes);
  const officials = officialChanges(event);
  try {
    await publishMedia(changes);
  } catch (error) {
    // No feed may show a photo that is not on the site yet: the whole batch is retried.
    logger.error('public media could not be updated; every record will be retried', { error: error as Error });
    return { batchItemFailures: event.Records.map((record) => ({ itemIdentifier: record.dynamodb?.SequenceNumber ?? '' })) };
  }
  if (touched.length === 0 && officials.length === 0) return { batchItemFailures: [] };
  let failed: (key: string) => boolean;
  let anyFailed: boolean;
  try {
    const result = await regenerateFeeds(touched, { everything: officials.length > 0 });
    failed = (key) => result.failed.has(key);
    anyFailed = result.failed.size > 0;
  } catch (error) {
    // The registry or the officials could not be read: nothing was rendered, retry them all.
    logger.error('feeds batch failed; every record will be retried', { error: error as Error });
    failed = () => true;
    anyFailed = true;
  }
  const ids = new Set(touched.filter((feed) => failed(feed.key)).flatMap((feed) => feed.changeIds));
  // An official's change concerns every feed: it is retried if any feed failed.
  if (anyFailed) for (const id of officials) ids.add(id);
  return { batchItemFailures: [...ids].map((itemIdentifier) => ({ itemIdentifier })) };
}
