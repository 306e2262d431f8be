// Renders the feeds a change touched (or every feed, for a rebuild) from the table and writes
// what changed to the object store. The decisions — which feeds, which `updated`, whether the
// directory changed — are the pure core's; this file only moves data between the adapters.
import { parseFeedKey, type FeedRef } from '../core/feed-keys.ts';
import { renderDirectoryFile, renderFeedFiles } from '../core/feeds/index.ts';
import {
  directoryChanged,
  directoryFeeds,
  nextRegistration,
  renderChangedAt,
  sameRegistration,
  type FeedRegistration,
} from '../core/feeds/feed-registry.ts';
import type { Official } from '../core/release.ts';
import { listFeed } from '../adapters/release-repository.ts';
import { listOfficials } from '../adapters/official-repository.ts';
import { listFeedRegistrations, putFeedRegistration } from '../adapters/feed-registry-repository.ts';
import { writeFeedFile, writeFeedFiles } from '../adapters/feed-store.ts';
import { apiBaseUrl, publicBaseUrl } from '../adapters/public-urls.ts';
import { site as loadSite } from '../adapters/site-config.ts';
import { logger } from '../logger.ts';

export interface FeedTarget {
  feed: FeedRef;
  key: string;
  removedAt?: string;
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
}

export async function regenerateFeeds(touched: readonly FeedTarget[], options: RegenerationOptions = {}): Promise<Regeneration> {
  const [site, registrations, officialList] = await Promise.all([loadSite(), listFeedRegistrations(), listOfficials()]);
  const before = new Map(registrations.map((r) => [r.key, r]));
  const targets = options.everything ? withEveryFeed(touched, registrations) : touched;
  const officials: ReadonlyMap<string, Official> = new Map(officialList.map((o) => [o.slug, o]));
  const baseUrl = publicBaseUrl();
  const apiBase = apiBaseUrl();
  const result: Regeneration = { failed: new Set(), rendered: 0, written: 0, directory: 'skipped' };
  const updates = new Map<string, FeedRegistration>();

  await eachLimited(targets, CONCURRENCY, async (target) => {
    try {
      const current = before.get(target.key);
      const changedAt = renderChangedAt(current, target.removedAt);
      const { items } = await listFeed(target.key, site.config.feedSize);
      const files = renderFeedFiles({
        site,
        feed: target.feed,
        releases: items,
        officials,
        baseUrl,
        apiBaseUrl: apiBase,
        ...(changedAt === undefined ? {} : { changedAt }),
      });
      const outcomes = await writeFeedFiles(files);
      result.rendered++;
      result.written += outcomes.filter((o) => o === 'written').length;
      const next = nextRegistration(target.key, items.length, changedAt);
      if (!sameRegistration(current, next)) updates.set(next.key, next);
    } catch (error) {
      result.failed.add(target.key);
      logError('feed render failed', { feed: target.key, error: String(error) });
    }
  });

  const after = new Map(before);
  for (const update of updates.values()) after.set(update.key, update);
  if (options.everything || directoryChanged(before.values(), after.values())) {
    try {
      const file = renderDirectoryFile({ site, feeds: directoryFeeds(after.values()), officials, baseUrl });
      result.directory = await writeFeedFile(file);
    } catch (error) {
      // The registrations that changed the listing stay unwritten and their feeds count as
      // failed, so the retry sees the same change and renders the directory again.
      logError('feed directory failed', { error: String(error) });
      for (const update of [...updates.values()]) {
        if (before.get(update.key)?.listed !== update.listed) {
          updates.delete(update.key);
          result.failed.add(update.key);
        }
      }
    }
  }

  await Promise.all(
    [...updates.values()].map((update) =>
      putFeedRegistration(update).catch((error: unknown) => {
        result.failed.add(update.key);
        logError('feed registration failed', { feed: update.key, error: String(error) });
      }),
    ),
  );
  return result;
}

/**
 * Every registered feed (and `all`) from the table, plus the directory. The local runtime
 * calls it at start because its object store keeps objects in memory; in AWS it repairs the
 * bucket after a template change or a lost object. Unchanged files are not rewritten.
 */
export async function rebuildAllFeeds(): Promise<Regeneration> {
  return regenerateFeeds([], { everything: true });
}

/** The touched feeds (with what they know of removals), then `all` and every registered feed. */
function withEveryFeed(touched: readonly FeedTarget[], registrations: readonly FeedRegistration[]): FeedTarget[] {
  const targets = new Map(touched.map((target) => [target.key, target]));
  for (const key of ['all', ...registrations.map((r) => r.key)]) {
    if (!targets.has(key)) targets.set(key, { key, feed: parseFeedKey(key) });
  }
  return [...targets.values()];
}

async function eachLimited<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

function logError(message: string, fields: Record<string, unknown>): void {
  logger.error(message, fields);
}
