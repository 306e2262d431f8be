import { allFeedsOf, feedKey, feedSortKey, type FeedRef } from '../feed-keys.ts';
import type { Release } from '../release.ts';

type Image = Pick<Release, 'countries' | 'officials' | 'status' | 'updatedAt' | 'language'> & Partial<Pick<Release, 'id' | 'publishedAt'>>;

/** One release change as the stream reports it: the item before and after. */
export interface FeedChange {
  /** Identifies the change to the caller (the stream record's sequence number). */
  id: string;
  previous?: Image;
  next?: Image;
}

export interface TouchedFeed {
  feed: FeedRef;
  key: string;
  /** Every change that touched this feed: if the feed cannot be written, these are retried. */
  changeIds: string[];
  /**
   * The latest time a release left this feed in these changes (a retraction, or a correction
   * that dropped a country or official). Taken from the data, so the feed's `updated` moves
   * forward even though no remaining release carries that time.
   */
  removedAt?: string;
  /**
   * Where the changed releases sort in the feed, before and after each change: those in the
   * feed's archive say which archive pages to render again (lambdas/core/feeds/archive.ts).
   */
  sortKeys: string[];
}

const sortKeyOf = (image: Image | undefined): string[] =>
  image?.id !== undefined && image.publishedAt !== undefined ? [feedSortKey({ id: image.id, publishedAt: image.publishedAt })] : [];

/** The later of two ISO 8601 times; either may be absent. */
export function latestTime(a: string | undefined, b: string | undefined): string | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return Date.parse(b) > Date.parse(a) ? b : a;
}

/**
 * Exactly the feeds these changes can alter: for each change the feeds the release was in
 * before and those it is in after, in every language and in its own (so a correction that
 * drops KZ still re-renders the KZ feeds, and a retraction re-renders every feed it leaves).
 * Each feed appears once however many changes touch it, so a batch renders it once. `all`
 * first, then by key.
 */
export function touchedFeeds(changes: readonly FeedChange[], siteLanguages: readonly string[]): TouchedFeed[] {
  const touched = new Map<string, TouchedFeed>();
  const feedsOf = (image: Image | undefined) => (image ? allFeedsOf(image, siteLanguages) : []);
  for (const change of changes) {
    const before = feedsOf(change.previous);
    const after = new Set(feedsOf(change.next).map(feedKey));
    const leftAt = change.next?.updatedAt ?? change.previous?.updatedAt;
    const feeds = [...before, ...feedsOf(change.next)];
    for (const feed of feeds) {
      const key = feedKey(feed);
      let entry = touched.get(key);
      if (!entry) {
        entry = { feed, key, changeIds: [], sortKeys: [] };
        touched.set(key, entry);
      }
      if (!entry.changeIds.includes(change.id)) entry.changeIds.push(change.id);
      for (const sortKey of [...sortKeyOf(change.previous), ...sortKeyOf(change.next)]) if (!entry.sortKeys.includes(sortKey)) entry.sortKeys.push(sortKey);
      if (!after.has(key)) {
        const removedAt = latestTime(entry.removedAt, leftAt);
        if (removedAt !== undefined) entry.removedAt = removedAt;
      }
    }
  }
  return [...touched.values()].sort((a, b) => (a.key === 'all' ? -1 : b.key === 'all' ? 1 : a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}
