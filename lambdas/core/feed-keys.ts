import type { Release } from './release.ts';

/**
 * What a feed is about. `all` is everything; a country feed is keyed by the upper-case ISO
 * code (the URL uses lower case); an official feed by slug.
 */
export type FeedTopic =
  | { kind: 'all' }
  | { kind: 'country'; code: string }
  | { kind: 'official'; slug: string };

/**
 * A feed a release belongs to: a topic in every language, or (with `language`, one of the
 * site's languages) only the releases in that language, under /feeds/<language>/.
 */
export type FeedRef = FeedTopic & { language?: string };

function topicKey(feed: FeedTopic): string {
  switch (feed.kind) {
    case 'all':
      return 'all';
    case 'country':
      return `country#${feed.code}`;
    case 'official':
      return `official#${feed.slug}`;
  }
}

/**
 * Stable string form, used as the DynamoDB partition suffix and for de-duplication: `all`,
 * `country#KZ`, `official#<slug>`, and `<language>:` before one of those for a language's feed.
 */
export function feedKey(feed: FeedRef): string {
  return feed.language === undefined ? topicKey(feed) : `${feed.language}:${topicKey(feed)}`;
}

export function parseFeedKey(key: string): FeedRef {
  const colon = key.indexOf(':');
  const language = colon === -1 ? undefined : key.slice(0, colon);
  const topic = colon === -1 ? key : key.slice(colon + 1);
  const withLanguage = (feed: FeedTopic): FeedRef => (language ? { ...feed, language } : feed);
  if (topic === 'all') return withLanguage({ kind: 'all' });
  const [kind, value] = topic.split('#', 2);
  if (kind === 'country' && value) return withLanguage({ kind: 'country', code: value });
  if (kind === 'official' && value) return withLanguage({ kind: 'official', slug: value });
  throw new Error(`not a feed key: ${key}`);
}

type Listing = Pick<Release, 'countries' | 'officials' | 'status'>;

/** The language-neutral feeds a published release is listed in; a retracted release is in none. */
export function feedsOf(release: Listing): FeedRef[] {
  if (release.status !== 'published') return [];
  return [
    { kind: 'all' },
    ...release.countries.map((code): FeedRef => ({ kind: 'country', code })),
    ...release.officials.map((slug): FeedRef => ({ kind: 'official', slug })),
  ];
}

/**
 * The site language whose feeds list a release in `tag`: the one it names exactly or by its
 * primary subtag (an `en-GB` release is in the English feeds), none for any other language.
 */
export function feedLanguageOf(tag: string, siteLanguages: readonly string[]): string | undefined {
  const lower = tag.toLowerCase();
  const primary = lower.split('-', 1)[0];
  return siteLanguages.find((language) => language.toLowerCase() === lower) ?? siteLanguages.find((language) => language.toLowerCase() === primary);
}

/** The same feeds in the release's language, when it is one of the site's. */
export function languageFeedsOf(release: Listing & Pick<Release, 'language'>, siteLanguages: readonly string[]): FeedRef[] {
  const language = feedLanguageOf(release.language, siteLanguages);
  return language === undefined ? [] : feedsOf(release).map((feed) => ({ ...feed, language }));
}

/** Every feed a release is listed in: the language-neutral ones, then its language's. */
export function allFeedsOf(release: Listing & Pick<Release, 'language'>, siteLanguages: readonly string[]): FeedRef[] {
  return [...feedsOf(release), ...languageFeedsOf(release, siteLanguages)];
}

function topicPath(feed: FeedTopic): string {
  switch (feed.kind) {
    case 'all':
      return 'all';
    case 'country':
      return `countries/${feed.code.toLowerCase()}`;
    case 'official':
      return `officials/${feed.slug}`;
  }
}

/** Path of a feed under /feeds/, without extension: all, countries/kz, officials/<slug>, ru/countries/kz. */
export function feedPath(feed: FeedRef): string {
  return feed.language === undefined ? topicPath(feed) : `${feed.language}/${topicPath(feed)}`;
}

/**
 * Where one document of a feed lives, below /feeds/ and without its extension: the feed's path
 * for its subscription document, `<path>/archive/<page>` for a closed archive page.
 */
export function documentPath(feed: FeedRef, page?: string): string {
  return page === undefined ? feedPath(feed) : `${feedPath(feed)}/archive/${page}`;
}

/** The same feed in every language, or in another. */
export function inLanguage(feed: FeedRef, language: string | undefined): FeedRef {
  const { language: _language, ...topic } = feed;
  return language === undefined ? (topic as FeedRef) : { ...(topic as FeedTopic), language };
}

/**
 * Where a release sorts in a feed's index: by publication instant, then id. The table's sort
 * key, and what the archive compares: as strings, which is how DynamoDB orders them.
 */
export function feedSortKey(release: Pick<Release, 'publishedAt' | 'id'>): string {
  return `${release.publishedAt}#${release.id}`;
}
