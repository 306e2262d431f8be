import { parseFeedKey, type FeedRef } from '../feed-keys.ts';
import { latestTime } from './touched-feeds.ts';

/**
 * What the registry of feeds knows about one feed. A feed is registered the first time it is
 * rendered and never forgotten, so its files keep being maintained (an emptied feed becomes a
 * valid empty feed, not a 404 for its subscribers).
 */
export interface FeedRegistration {
  key: string;
  /** Listed in the directory: the feed has releases (`all`, and each language's once it exists, always). */
  listed: boolean;
  /**
   * The latest time a release left the feed. Kept so that re-rendering later (another change,
   * a rebuild) gives the same `updated`, and so the same bytes, as the render that removed it.
   */
  changedAt?: string;
  /** The last bound of the feed's newest closed archive page (lambdas/core/feeds/archive.ts); absent while it has none. */
  archivedThrough?: string;
}

/**
 * The `changedAt` to render a feed with: what the registry kept, moved forward by this change.
 * A feed that has no release and no such time yet (one that exists before its first release, as
 * every language's `all` does) is dated `now`, its creation, which the registry then keeps: a
 * real date rather than the epoch, and the same one at every later render.
 */
export function renderChangedAt(current: FeedRegistration | undefined, removedAt: string | undefined, releaseCount: number, now: Date): string | undefined {
  const kept = latestTime(current?.changedAt, removedAt);
  return kept === undefined && releaseCount === 0 ? now.toISOString() : kept;
}

/** The registration after a render that found `releaseCount` releases in the feed. */
export function nextRegistration(key: string, releaseCount: number, changedAt: string | undefined, archivedThrough?: string): FeedRegistration {
  return {
    key,
    listed: parseFeedKey(key).kind === 'all' || releaseCount > 0,
    ...(changedAt === undefined ? {} : { changedAt }),
    ...(archivedThrough === undefined ? {} : { archivedThrough }),
  };
}

export function sameRegistration(a: FeedRegistration | undefined, b: FeedRegistration): boolean {
  return a !== undefined && a.key === b.key && a.listed === b.listed && a.changedAt === b.changedAt && a.archivedThrough === b.archivedThrough;
}

/** The keys the directory lists; `all` always. */
export function listedKeys(registrations: Iterable<FeedRegistration>): Set<string> {
  const keys = new Set<string>(['all']);
  for (const registration of registrations) if (registration.listed) keys.add(registration.key);
  return keys;
}

/** True when the directory page would list a different set of feeds. */
export function directoryChanged(before: Iterable<FeedRegistration>, after: Iterable<FeedRegistration>): boolean {
  const a = listedKeys(before);
  const b = listedKeys(after);
  return a.size !== b.size || [...a].some((key) => !b.has(key));
}

/** The feeds for the directory page, from the registrations. */
export function directoryFeeds(registrations: Iterable<FeedRegistration>): FeedRef[] {
  return [...listedKeys(registrations)].map(parseFeedKey);
}
