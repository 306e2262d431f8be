import { feedKey, inLanguage, type FeedRef } from '../feed-keys.ts';
import type { Official } from '../release.ts';
import { chromeLanguage, chromeStrings, type Site } from '../site.ts';
import { escapeMarkup } from '../escape-markup.ts';
import { alternatesFor, SUBSCRIBABLE_FORMATS } from './feed-formats.ts';
import { countryName, feedDescription, feedTitle, officialName, ownLanguageName, siteName } from './feed-titles.ts';
import { directoryUrl, feedUrls, normaliseBaseUrl, type FeedUrls } from './feed-urls.ts';
import { alertForm } from '../alerts/alert-pages.ts';
import { htmlPage, type Alternate } from './html-layout.ts';

export interface DirectoryInput {
  site: Site;
  /** Every feed that exists, in every language and in each; `all` is listed whether or not it is here. */
  feeds: readonly FeedRef[];
  officials: ReadonlyMap<string, Official>;
  baseUrl: string;
  /**
   * The directory of one of the site's languages (/feeds/<language>/): its words, and its own
   * language's feeds first. Absent: /feeds/, in the default language, the feeds of every
   * language first.
   */
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

function list(heading: string | undefined, items: readonly Listed[]): string {
  if (items.length === 0) return '';
  return `${heading === undefined ? '' : `<h3>${escapeMarkup(heading)}</h3>\n`}<ul class="feeds">
${items.map(listItem).join('\n')}
</ul>`;
}

/** The feeds of one language section (or of every language), named in that language. */
function sectionFeeds(input: DirectoryInput, feeds: readonly FeedRef[], language: string | undefined, words: string): Listed[] {
  const { site } = input;
  const strings = chromeStrings(site, words);
  const base = normaliseBaseUrl(input.baseUrl);
  const collator = new Intl.Collator(chromeLanguage(site, words));
  const listed = (feed: FeedRef, name: string): Listed => ({ feed, name, title: feedTitle(site, feed, input.officials, words), urls: feedUrls(base, feed) });
  // Sorted by display name, ties by key, so the page does not depend on the order feeds were found in.
  const byName = (a: Listed, b: Listed): number => collator.compare(a.name, b.name) || (feedKey(a.feed) < feedKey(b.feed) ? -1 : 1);
  const mine = feeds.filter((feed) => feed.language === language);
  const countries = mine
    .filter((feed) => feed.kind === 'country')
    .map((feed) => listed(feed, countryName(site, feed.code, words)))
    .sort(byName);
  const officials = mine
    .filter((feed) => feed.kind === 'official')
    .map((feed) => listed(feed, officialName(site, feed.slug, input.officials, words)))
    .sort(byName);
  // A language's feeds exist from its first release on (all of them, at a rebuild).
  const all = inLanguage({ kind: 'all' }, language);
  const exists = language === undefined || mine.some((feed) => feed.kind === 'all');
  return [...(exists ? [listed(all, strings.everything)] : []), ...countries, ...officials];
}

function sectionHtml(input: DirectoryInput, items: readonly Listed[], heading: string, language: string | undefined, words: string): string {
  const strings = chromeStrings(input.site, words);
  const countries = items.filter((item) => item.feed.kind === 'country');
  const officials = items.filter((item) => item.feed.kind === 'official');
  const lang = language === undefined ? '' : ` lang="${escapeMarkup(language)}"`;
  const empty = items.length === 0 ? `<p class="muted">${escapeMarkup(strings.noReleases)}</p>\n` : '';
  return `<section${lang} id="${escapeMarkup(language ?? 'all-languages')}">
<h2>${escapeMarkup(heading)}</h2>
${empty}${list(undefined, items.filter((item) => item.feed.kind === 'all'))}
${list(strings.countries, countries)}
${list(strings.officials, officials)}
</section>`;
}

/** Links to the directory in each of the site's languages, and to /feeds/ (every language). */
function switcher(input: DirectoryInput, page: string | undefined, words: string): string {
  const base = normaliseBaseUrl(input.baseUrl);
  const strings = chromeStrings(input.site, words);
  const link = (language: string | undefined, name: string) => {
    const current = language === page ? ' aria-current="page"' : '';
    const lang = language === undefined ? '' : ` lang="${escapeMarkup(language)}" hreflang="${escapeMarkup(language)}"`;
    return `<li><a href="${escapeMarkup(directoryUrl(base, language))}"${lang}${current}>${escapeMarkup(name)}</a></li>`;
  };
  const links = [
    link(undefined, strings.allLanguages),
    ...input.site.config.languages.map((language) => link(language, ownLanguageName(language))),
  ];
  return `<nav aria-label="${escapeMarkup(strings.languages)}"><ul class="formats">${links.join('')}</ul></nav>`;
}

/** Reciprocal hreflang links between the directory's versions, /feeds/ being x-default. */
function versionAlternates(input: DirectoryInput): Alternate[] {
  const base = normaliseBaseUrl(input.baseUrl);
  return [
    ...input.site.config.languages.map((language) => ({ type: 'text/html', hreflang: language, href: directoryUrl(base, language) })),
    { type: 'text/html', hreflang: 'x-default', href: directoryUrl(base, undefined) },
  ];
}

/**
 * GET /feeds/ and /feeds/<language>/: every feed with its formats, a section for the feeds of
 * every language and one per language, a language switcher, and `<link rel="alternate">`
 * autodiscovery for the feeds of the page's first section.
 */
export function renderDirectory(input: DirectoryInput): string {
  const { site } = input;
  // Only the site's languages have a directory (and feeds) of their own.
  const language = input.language !== undefined && site.config.languages.includes(input.language) ? input.language : undefined;
  const words = language ?? site.config.defaultLanguage;
  const strings = chromeStrings(site, words);
  const directoryTitle = strings.directoryTitle.replaceAll('{institution}', siteName(site, words));

  const seen = new Set<string>();
  const feeds = input.feeds.filter((feed) => {
    const key = feed.kind === 'country' ? feedKey({ ...feed, code: feed.code.toUpperCase() }) : feedKey(feed);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const order = [language, undefined, ...site.config.languages.filter((other) => other !== language)].filter(
    (section, index, all) => all.indexOf(section) === index,
  );
  const sections = order.map((section) => {
    const sectionWords = section ?? words;
    const items = sectionFeeds(input, feeds, section, sectionWords);
    const heading = section === undefined ? strings.allLanguages : ownLanguageName(section);
    return { items, html: sectionHtml(input, items, heading, section, sectionWords) };
  });

  // E-mail alerts of everything (in this directory's language, for a language's directory); each feed's page offers its own.
  const alerts = alertForm(site, words, feedKey(language === undefined ? { kind: 'all' } : { kind: 'all', language }));
  const body = `<header>
<h1>${escapeMarkup(directoryTitle)}</h1>
<p>${escapeMarkup(strings.directoryIntro)} <span class="muted">${escapeMarkup(strings.howTo)}</span></p>
${switcher(input, language, words)}
</header>
<main>
${sections.map((section) => section.html).join('\n')}
${alerts}
</main>`;
  return htmlPage({
    hasForm: alerts !== '',
    language: words,
    title: directoryTitle,
    description: feedDescription(site, { kind: 'all' }, input.officials, words),
    alternates: [...versionAlternates(input), ...sections[0]!.items.flatMap((item) => alternatesFor(item.title, item.urls))],
    body,
  });
}
