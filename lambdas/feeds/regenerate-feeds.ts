// Renders the feeds a change touched (or every feed, for a rebuild) from the table and writes
// what changed to the object store, each feed and the directory under its render lease
// (render-under-lease.ts). The decisions — which feeds, which `updated`, whether the
// directory changed — are the pure core's; this file only moves data between the adapters.
import { feedKey, feedSortKey, parseFeedKey, type FeedRef } from '../core/feed-keys.ts';
import { subscriptionPosition, type ArchivePosition } from '../core/feeds/archive.ts';
import type { Release } from '../core/release.ts';
import { keepArchive } from './archive-pages.ts';
import { renderDirectoryFiles, renderFeedFiles } from '../core/feeds/index.ts';
import { directoryFeeds, nextRegistration, renderChangedAt, sameRegistration, type FeedRegistration } from '../core/feeds/feed-registry.ts';
import { latestTime } from '../core/feeds/touched-feeds.ts';
import { DIRECTORY_DOCUMENT } from '../core/feeds/render-lease.ts';
import { withPublicTranslations } from './public-translations.ts';
import { listFeed } from '../adapters/release-repository.ts';
import { officialsBySlug } from '../adapters/official-repository.ts';
import { getFeedRegistration, listFeedRegistrations, putFeedRegistration } from '../adapters/feed-registry-repository.ts';
import { wishRender } from '../adapters/render-leases.ts';
import { renderOwed, renderUnderLease } from './render-under-lease.ts';
import { eachLimited } from './each-limited.ts';
import { writeFeedFiles } from '../adapters/feed-store.ts';
import { apiBaseUrl, publicBaseUrl } from '../adapters/public-urls.ts';
import { site as loadSite } from '../adapters/site-config.ts';
import { logger } from '../logger.ts';

export interface FeedTarget {
  feed: FeedRef;
  key: string;
  removedAt?: string;
  /** Where the changed releases sort in the feed: those in its archive have their page rendered again. */
  sortKeys?: readonly string[];
}

export interface Regeneration {
  /** Keys of the feeds that could not be rendered or written (their changes must be retried). */
  failed: Set<string>;
  rendered: number;
  /** Objects actually written (unchanged files are not). */
  written: number;
  directory: 'written' | 'unchanged' | 'skipped';
}

/** Feeds are independent; a few at a time keeps a large batch from opening hundreds of requests. */
const CONCURRENCY = 8;

export interface RegenerationOptions {
  /** Also every registered feed and the directory (a rebuild, or officials' names changed). */
  everything?: boolean;
  /** Also every archive page of every feed, and close every page owed at once (a rebuild). */
  archives?: boolean;
}

/** Pages one render closes at most, so a feed whose archive predates the archive catches up over a few renders, each inside its lease. */
const CLOSE_LIMIT = 20;

export async function regenerateFeeds(touched: readonly FeedTarget[], options: RegenerationOptions = {}): Promise<Regeneration> {
  // The registrations only say which feeds a rebuild covers: each render reads its feed's own,
  // and the officials, anew once it holds the feed's lease, so that no render started before
  // another's change is written after it.
  const [site, registrations] = await Promise.all([loadSite(), options.everything ? listFeedRegistrations() : Promise.resolve([])]);
  const targets = options.everything ? withEveryFeed(touched, registrations, site.config.languages) : touched;
  const baseUrl = publicBaseUrl();
  const apiBase = apiBaseUrl();
  const result: Regeneration = { failed: new Set(), rendered: 0, written: 0, directory: 'skipped' };
  /** Feeds whose render changed whether the directory lists them. */
  const relisted = new Set<string>();

  await eachLimited(targets, CONCURRENCY, async (target) => {
    try {
      await renderUnderLease(
        target.key,
        async (lease) => {
          const [current, officials] = await Promise.all([getFeedRegistration(target.key), officialsBySlug()]);
          const { items } = await listFeed(target.key, site.config.feedSize);
          const render = async (releases: Release[], archive: ArchivePosition, changedAt?: string) => {
            const files = renderFeedFiles({
              site,
              feed: target.feed,
              releases: await withPublicTranslations(releases, { publicBaseUrl: baseUrl, apiBaseUrl: apiBase }),
              officials,
              baseUrl,
              apiBaseUrl: apiBase,
              archive,
              ...(changedAt === undefined ? {} : { changedAt }),
            });
            lease.beforeWrite();
            const outcomes = await writeFeedFiles(files);
            result.written += outcomes.filter((o) => o === 'written').length;
          };
          const archivedThrough = await keepArchive(
            {
              key: target.key,
              through: current?.archivedThrough,
              newest: items.map(feedSortKey),
              size: site.config.feedSize,
              changed: target.sortKeys ?? [],
              ...(options.archives ? { everyPage: true } : {}),
              closeLimit: options.archives ? Number.POSITIVE_INFINITY : CLOSE_LIMIT,
            },
            render,
          );
          const changedAt = renderChangedAt(current, [target.removedAt, ...lease.removals].reduce(latestTime, undefined), items.length, new Date());
          await render(items, subscriptionPosition(archivedThrough), changedAt);
          result.rendered++;
          const next = nextRegistration(target.key, items.length, changedAt, archivedThrough);
          if (sameRegistration(current, next)) return;
          if (current?.listed !== next.listed) {
            // Wished before the registration changes, so a crash between the two still leaves
            // the directory marked as owed a render (directoryOwed).
            relisted.add(target.key);
            await wishRender(DIRECTORY_DOCUMENT);
          }
          await putFeedRegistration(next);
        },
        target.removedAt === undefined ? {} : { removedAt: target.removedAt },
      );
    } catch (error) {
      result.failed.add(target.key);
      logError('feed render failed', { feed: target.key, error: String(error) });
    }
  });

  try {
    if (options.everything || relisted.size > 0 || (result.rendered > 0 && (await directoryOwed()))) {
      await renderUnderLease(DIRECTORY_DOCUMENT, async (lease) => {
        const [all, officials] = await Promise.all([listFeedRegistrations(), officialsBySlug()]);
        const files = renderDirectoryFiles({ site, feeds: directoryFeeds(all), officials, baseUrl });
        lease.beforeWrite();
        const outcomes = await writeFeedFiles(files);
        result.directory = outcomes.includes('written') ? 'written' : 'unchanged';
      });
    }
  } catch (error) {
    // The directory's lease keeps the wish open (the next render of any feed renders it), and
    // the feeds that changed the listing count as failed, so their records are retried.
    logError('feed directory failed', { error: String(error) });
    for (const key of relisted) result.failed.add(key);
    if (relisted.size === 0) result.failed.add(DIRECTORY_DOCUMENT);
  }
  return result;
}

const directoryOwed = () => renderOwed(DIRECTORY_DOCUMENT);


/**
 * Every registered feed (and `all`) from the table with every page of its archive, plus the directory. The local runtime
 * calls it at start because its object store keeps objects in memory; in AWS it repairs the
 * bucket after a template change or a lost object. Unchanged files are not rewritten.
 */
export async function rebuildAllFeeds(): Promise<Regeneration> {
  return regenerateFeeds([], { everything: true, archives: true });
}

/** The touched feeds (with what they know of removals), then `all` in every language and in each, and every registered feed. */
function withEveryFeed(touched: readonly FeedTarget[], registrations: readonly FeedRegistration[], siteLanguages: readonly string[]): FeedTarget[] {
  const targets = new Map(touched.map((target) => [target.key, target]));
  const everything = [{ kind: 'all' } as const, ...siteLanguages.map((language) => ({ kind: 'all' as const, language }))].map(feedKey);
  for (const key of [...everything, ...registrations.map((r) => r.key)]) {
    if (!targets.has(key)) targets.set(key, { key, feed: parseFeedKey(key) });
  }
  return [...targets.values()];
}

function logError(message: string, fields: Record<string, unknown>): void {
  logger.error(message, fields);
}
