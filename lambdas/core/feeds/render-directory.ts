import { feedKey, type FeedRef } from '../feed-keys.ts';
import type { Official } from '../release.ts';
import { languageTag } from './feed-context.ts';
import { chromeLanguage, chromeStrings, type Site } from '../site.ts';
import { escapeMarkup } from '../escape-markup.ts';
import { alternatesFor, SUBSCRIBABLE_FORMATS } from './feed-formats.ts';
import { countryName, feedDescription, feedTitle, officialName, siteName } from './feed-titles.ts';
import { feedUrls, normaliseBaseUrl, type FeedUrls } from './feed-urls.ts';
import { htmlPage } from './html-layout.ts';

export interface DirectoryInput {
  site: Site;
  /** Every feed that exists; `all` is listed whether or not it is here. */
  feeds: readonly FeedRef[];
  officials: ReadonlyMap<string, Official>;
  baseUrl: string;
  /** Language of the page; the configured default language when absent. */
  language?: string;
}

interface Listed {
  feed: FeedRef;
  name: string;
  title: string;
  urls: FeedUrls;
}

function listItem(listed: Listed): string {
  const formats = [
    `<li><a href="${escapeMarkup(listed.urls.html)}" type="text/html">HTML</a></li>`,
    ...SUBSCRIBABLE_FORMATS.map(
      (format) => `<li><a href="${escapeMarkup(listed.urls[format.key])}" type="${format.mediaType}">${escapeMarkup(format.label)}</a></li>`,
    ),
  ].join('');
  return `<li><a href="${escapeMarkup(listed.urls.html)}" dir="auto">${escapeMarkup(listed.name)}</a><ul class="formats">${formats}</ul></li>`;
}

function section(heading: string | undefined, items: readonly Listed[]): string {
  if (items.length === 0) return '';
  return `<section>
${heading === undefined ? '' : `<h2>${escapeMarkup(heading)}</h2>\n`}<ul class="feeds">
${items.map(listItem).join('\n')}
</ul>
</section>`;
}

/** GET /feeds/: every feed with its formats and `<link rel="alternate">` autodiscovery for each. */
export function renderDirectory(input: DirectoryInput): string {
  const { site } = input;
  const language = languageTag(input.language) ?? site.config.defaultLanguage;
  const ui = chromeLanguage(site, language);
  const strings = chromeStrings(site, language);
  const directoryTitle = strings.directoryTitle.replaceAll('{institution}', siteName(site, language));
  const base = normaliseBaseUrl(input.baseUrl);
  const collator = new Intl.Collator(ui);

  const seen = new Set<string>();
  const feeds = input.feeds.filter((feed) => {
    const key = feed.kind === 'country' ? feedKey({ kind: 'country', code: feed.code.toUpperCase() }) : feedKey(feed);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const listed = (feed: FeedRef, name: string): Listed => ({
    feed,
    name,
    title: feedTitle(site, feed, input.officials, language),
    urls: feedUrls(base, feed),
  });
  // Sorted by display name, ties by key, so the page does not depend on the order feeds were found in.
  const byName = (a: Listed, b: Listed): number => collator.compare(a.name, b.name) || (feedKey(a.feed) < feedKey(b.feed) ? -1 : 1);

  const all = listed({ kind: 'all' }, strings.everything);
  const countries = feeds
    .filter((feed) => feed.kind === 'country')
    .map((feed) => listed(feed, countryName(site, feed.code, language)))
    .sort(byName);
  const officials = feeds
    .filter((feed) => feed.kind === 'official')
    .map((feed) => listed(feed, officialName(site, feed.slug, input.officials, language)))
    .sort(byName);

  const body = `<header>
<h1>${escapeMarkup(directoryTitle)}</h1>
<p>${escapeMarkup(strings.directoryIntro)} <span class="muted">${escapeMarkup(strings.howTo)}</span></p>
</header>
<main>
${section(undefined, [all])}
${section(strings.countries, countries)}
${section(strings.officials, officials)}
</main>`;
  return htmlPage({
    language,
    title: directoryTitle,
    description: feedDescription(site, { kind: 'all' }, input.officials, language),
    alternates: [all, ...countries, ...officials].flatMap((item) => alternatesFor(item.title, item.urls)),
    body,
  });
}
