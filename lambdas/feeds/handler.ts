// DynamoDB stream → first the public media of the batch's releases (copied to the site when a
// release using them becomes public, removed when none does) and the index entries of the feeds
// per language, then the pages of the releases (lambdas/core/pages/) and the sitemaps of their
// days (lambdas/core/sitemaps/), then the feeds the changes touch, each rendered from the table under its render
// lease (so concurrent invocations take turns, and the last rendering written is never an older
// one) and written where its bytes changed. A change to an official (whose names title feeds and
// label categories) re-renders every feed; a change to a translation group re-renders the feeds
// of its public members, whose entries link each other. A feed that fails reports the records
// that touched it (Lambda retries from the first; re-rendering what already succeeded is a no-op
// write, since unchanged bytes are not written).
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { touchedFeeds } from '../core/feeds/touched-feeds.ts';
import type { Release } from '../core/release.ts';
import { touchedPages, type TouchedPage } from '../core/pages/touched-pages.ts';
import { languageEntryWrites } from '../core/feeds/language-entries.ts';
import { membersToRelink } from '../core/translations.ts';
import { groupChanges, officialChanges, releaseChanges } from '../adapters/stream-records.ts';
import { writeLanguageEntries } from '../adapters/language-feed-entries.ts';
import { batchGetReleases } from '../adapters/release-repository.ts';
import { site as loadSite } from '../adapters/site-config.ts';
import { regenerateFeeds } from './regenerate-feeds.ts';
import { renderReleasePages } from './render-pages.ts';
import { renderSitemaps } from './render-sitemaps.ts';
import { touchedSitemapDays, type TouchedDay } from '../core/sitemaps/sitemap-entries.ts';
import { publishMedia } from '../publication/publish-media.ts';
import { logger } from '../logger.ts';

export { rebuildAllFeeds } from './regenerate-feeds.ts';

const retryAll = (event: DynamoDBStreamEvent): DynamoDBBatchResponse => ({
  batchItemFailures: event.Records.map((record) => ({ itemIdentifier: record.dynamodb?.SequenceNumber ?? '' })),
});

/** The public members a group change relinks, as changes that touch their feeds (and leave them in them). */
async function relinked(event: DynamoDBStreamEvent): Promise<{ id: string; previous: Release; next: Release }[]> {
  const byMember = new Map<string, string>();
  for (const change of groupChanges(event)) for (const id of membersToRelink(change.previous, change.next)) byMember.set(id, change.sequenceNumber);
  if (byMember.size === 0) return [];
  const members = await batchGetReleases([...byMember.keys()]);
  return members.map((release) => ({ id: byMember.get(release.id)!, previous: release, next: release }));
}

export async function handler(event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> {
  const changes = releaseChanges(event).map((change) => ({ ...change, id: change.sequenceNumber }));
  const officials = officialChanges(event);
  let touched;
  let pages: TouchedPage[];
  let days: TouchedDay[];
  try {
    const { config } = await loadSite();
    await publishMedia(changes);
    await writeLanguageEntries(languageEntryWrites(changes, config.languages));
    const all = [...changes, ...(await relinked(event))];
    touched = touchedFeeds(all, config.languages);
    pages = touchedPages(all);
    // A translation relinked changes no address: the sitemaps follow the releases' own changes.
    days = touchedSitemapDays(changes);
  } catch (error) {
    // No feed may show a photo that is not on the site yet, nor a feed per language miss a
    // release its entries were not written for: the whole batch is retried.
    logger.error('public media or language entries could not be updated; every record will be retried', { error: error as Error });
    return retryAll(event);
  }
  // A release's page is written before its feeds, which link to it, and the sitemaps, which list it.
  const failedPages = new Set([...(await renderReleasePages(pages)), ...(await renderSitemaps(days))]);
  if (touched.length === 0 && officials.length === 0) return { batchItemFailures: [...failedPages].map((itemIdentifier) => ({ itemIdentifier })) };
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
  const ids = new Set([...failedPages, ...touched.filter((feed) => failed(feed.key)).flatMap((feed) => feed.changeIds)]);
  // An official's change concerns every feed: it is retried if any feed failed.
  if (anyFailed) for (const id of officials) ids.add(id);
  return { batchItemFailures: [...ids].map((itemIdentifier) => ({ itemIdentifier })) };
}
