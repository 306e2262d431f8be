// The feeds a release page links to and offers: the release's language's feeds when it is in
// one of the site's languages (a reader of a Russian release wants Russian releases), else the
// feeds of every language, which are the only ones that list it.
import { feedLanguageOf, type FeedRef } from '../feed-keys.ts';
import type { Official, Release } from '../release.ts';
import { chromeStrings, type Site } from '../site.ts';
import { escapeMarkup } from '../escape-markup.ts';
import { SUBSCRIBABLE_FORMATS } from '../feeds/feed-formats.ts';
import { countryName, officialName } from '../feeds/feed-titles.ts';
import { feedUrls, type FeedUrls } from '../feeds/feed-urls.ts';

export interface PageFeed {
  feed: FeedRef;
  /** Named in the page's language: "Bütün press-relizlər", "Qazaxıstan", "Sahibə Qafarova". */
  name: string;
  urls: FeedUrls;
}

export interface ReleaseFeeds {
  /** A site language, or undefined for the feeds of every language. */
  language: string | undefined;
  all: PageFeed;
  countries: PageFeed[];
  officials: PageFeed[];
}

export function releaseFeeds(
  site: Site,
  release: Pick<Release, 'language' | 'countries' | 'officials'>,
  officials: ReadonlyMap<string, Official>,
  baseUrl: string,
): ReleaseFeeds {
  const language = feedLanguageOf(release.language, site.config.languages);
  const feed = (ref: FeedRef, name: string): PageFeed => {
    const withLanguage = language === undefined ? ref : { ...ref, language };
    return { feed: withLanguage, name, urls: feedUrls(baseUrl, withLanguage) };
  };
  return {
    language,
    all: feed({ kind: 'all' }, chromeStrings(site, release.language).everything),
    countries: release.countries.map((code) => feed({ kind: 'country', code }, countryName(site, code, release.language))),
    officials: release.officials.map((slug) => feed({ kind: 'official', slug }, officialName(site, slug, officials, release.language))),
  };
}

const feedLink = (feed: PageFeed) => `<a href="${escapeMarkup(feed.urls.html)}" dir="auto">${escapeMarkup(feed.name)}</a>`;

/** "Ölkələr: Qazaxıstan, Rusiya · Rəsmi şəxslər: Sahibə Qafarova", each a link to its feed's page. */
export function topicsHtml(feeds: ReleaseFeeds, countriesLabel: string, officialsLabel: string): string {
  const groups = [
    [countriesLabel, feeds.countries],
    [officialsLabel, feeds.officials],
  ] as const;
  const parts = groups
    .filter(([, list]) => list.length > 0)
    .map(([label, list]) => `${escapeMarkup(label)}: ${list.map(feedLink).join(', ')}`);
  return parts.length === 0 ? '' : `<p class="meta">${parts.join(' · ')}</p>`;
}

/** Each feed the release is in, its page and its formats, in the directory's layout. */
export function subscribeListHtml(feeds: ReleaseFeeds): string {
  const items = [feeds.all, ...feeds.countries, ...feeds.officials].map((feed) => {
    const formats = SUBSCRIBABLE_FORMATS.map(
      (format) => `<li><a href="${escapeMarkup(feed.urls[format.key])}" type="${format.mediaType}">${escapeMarkup(format.label)}</a></li>`,
    ).join('');
    return `<li>${feedLink(feed)}<ul class="formats">${formats}</ul></li>`;
  });
  return `<ul class="feeds">\n${items.join('\n')}\n</ul>`;
}
