import type { Release } from './release.ts';

/**
 * A feed a release belongs to. `all` is everything; a country feed is keyed by the
 * upper-case ISO code (the URL uses lower case); an official feed by slug.
 */
export type FeedRef =
  | { kind: 'all' }
  | { kind: 'country'; code: string }
  | { kind: 'official'; slug: string };

/** Stable string form, used as the DynamoDB partition suffix and for de-duplication. */
export function feedKey(feed: FeedRef): string {
  switch (feed.kind) {
    case 'all':
      return 'all';
    case 'country':
      return `country#${feed.code}`;
    case 'official':
      return `official#${feed.slug}`;
  }
}

export function parseFeedKey(key: string): FeedRef {
  if (key === 'all') return { kind: 'all' };
  const [kind, value] = key.split('#', 2);
  if (kind === 'country' && value) return { kind: 'country', code: value };
  if (kind === 'official' && value) return { kind: 'official', slug: value };
  throw new Error(`not a feed key: ${key}`);
}

/** The feeds a published release is listed in; a retracted release is in none. */
export function feedsOf(release: Pick<Release, 'countries' | 'officials' | 'status'>): FeedRef[] {
  if (release.status !== 'published') return [];
  return [
    { kind: 'all' },
    ...release.countries.map((code): FeedRef => ({ kind: 'country', code })),
    ...release.officials.map((slug): FeedRef => ({ kind: 'official', slug })),
  ];
}

/** Path of a feed under /feeds/, without extension: all, countries/kz, officials/<slug>. */
export function feedPath(feed: FeedRef): string {
  switch (feed.kind) {
    case 'all':
      return 'all';
    case 'country':
      return `countries/${feed.code.toLowerCase()}`;
    case 'official':
      return `officials/${feed.slug}`;
  }
}
