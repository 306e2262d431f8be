// The public page of one release, /releases/<id>: the release in full, in its language, for a
// reader who follows a link from a feed, a message or a search; and, once it is retracted, the
// notice that it was withdrawn. Pure: the same input gives the same bytes, no script, and every
// value from data through the one escaper.
import type { Official, Release } from '../release.ts';
import { chromeLanguage, chromeStrings, type Site } from '../site.ts';
import type { Catalogue } from '../i18n/catalogue.ts';
import { escapeMarkup } from '../escape-markup.ts';
import { httpUrl } from '../http-url.ts';
import { hasPage, releasePageUrl } from '../release-link.ts';
import { stripXmlIllegal } from '../xml-chars.ts';
import { bodyHtml } from '../feeds/body-html.ts';
import { changeHtml, entryChanges } from '../feeds/change-notes.ts';
import { EPOCH, parseDate } from '../feeds/dates.ts';
import { entryMedia } from '../feeds/entry-media.ts';
import { alternatesFor } from '../feeds/feed-formats.ts';
import { feedTitle, siteName } from '../feeds/feed-titles.ts';
import { directoryUrl, normaliseBaseUrl } from '../feeds/feed-urls.ts';
import { downloadsHtml } from '../feeds/html-media.ts';
import type { Translation } from '../translations.ts';
import { contactHtml } from './contact-block.ts';
import { jsonLdScript } from './json-ld.ts';
import { newsArticle } from './news-article.ts';
import { canonicalLink, htmlPageWithHead, metaName } from './page-head.ts';
import { pagePhotos, photoFigureHtml } from './photo-figures.ts';
import { releaseFeeds, subscribeListHtml, topicsHtml, type ReleaseFeeds } from './release-feeds.ts';
import { alsoInHtml, languageAlternates, pageTranslations } from './release-translations.ts';
import { shareMetaTags } from './share-meta.ts';
import { zonedTimeHtml } from './zoned-date.ts';

export interface ReleasePageInput {
  site: Site;
  /** Published or retracted; its translations are the other public members of its group. */
  release: Release;
  officials: ReadonlyMap<string, Official>;
  /** The public base: the page is at `${baseUrl}/releases/<id>`. */
  baseUrl: string;
}

/** What every part of the page needs, worked out once. */
interface PageFacts {
  site: Site;
  release: Release;
  officials: ReadonlyMap<string, Official>;
  base: string;
  /** The chrome's language: the release's when the site speaks it (matched on the primary subtag). */
  ui: string;
  /** The document's language: the release's, unless the chrome around it speaks another. */
  language: string;
  /** ` lang="…"` on the release's own text when the document is in the chrome's language; else nothing. */
  textLang: string;
  strings: Catalogue;
  pageUrl: string;
  title: string;
  published: Date;
  updated: Date;
  siteName: string;
  feeds: ReleaseFeeds;
  translations: Translation[];
}

function factsOf(input: ReleasePageInput): PageFacts {
  const { site, release, officials } = input;
  const base = normaliseBaseUrl(input.baseUrl);
  const ui = chromeLanguage(site, release.language);
  // A release in a language the chrome does not speak (Turkish, with English words around
  // it) is a document in the chrome's language holding text in the release's.
  const speaksRelease = (release.language.split('-', 1)[0] ?? '').toLowerCase() === ui;
  const published = parseDate(release.publishedAt, EPOCH);
  return {
    site,
    release,
    officials,
    base,
    ui,
    language: speaksRelease ? release.language : ui,
    textLang: speaksRelease ? '' : ` lang="${escapeMarkup(release.language)}"`,
    strings: chromeStrings(site, release.language),
    pageUrl: releasePageUrl(base, release.id),
    title: stripXmlIllegal(release.title).trim(),
    published,
    updated: parseDate(release.updatedAt, published),
    siteName: siteName(site, release.language),
    feeds: releaseFeeds(site, release, officials, base),
    translations: pageTranslations(release, base),
  };
}

/** Release text outside the elements that carry textLang, marked as being in its language. */
const inTextLanguage = (facts: PageFacts, html: string) => (facts.textLang === '' ? html : `<div${facts.textLang}>${html}</div>`);

const time = (facts: PageFacts, date: Date) => zonedTimeHtml(date, facts.ui, facts.site.config.timeZone);

function headerHtml(facts: PageFacts): string {
  return `<header>
<p class="muted"><a href="${escapeMarkup(directoryUrl(facts.base, facts.feeds.language))}">${escapeMarkup(facts.strings.allFeeds)}</a></p>
</header>`;
}

/** Autodiscovery of the feed of everything the release is in, so a browser or reader offers it. */
function feedAlternates(facts: PageFacts) {
  return alternatesFor(feedTitle(facts.site, facts.feeds.all.feed, facts.officials, facts.release.language), facts.feeds.all.urls);
}

function publishedPage(facts: PageFacts): string {
  const { release, strings, ui } = facts;
  // The link rule (release-link.ts): the parliament's own page when the release names one.
  const canonical = httpUrl(release.url) ?? facts.pageUrl;
  const photos = pagePhotos(release);
  const { attachments } = entryMedia(release);
  const changes = entryChanges(release.changes, facts.site, release.language);
  const summary = stripXmlIllegal(release.summary).trim();
  const description = summary === '' ? facts.title : summary;

  const [lead, ...others] = photos;
  const figures = (list: typeof photos, first = false) =>
    inTextLanguage(facts, list.map((photo) => photoFigureHtml(photo, strings.downloadOriginal, ui, { first })).join('\n'));
  const updated = changes.length === 0 ? '' : ` · ${escapeMarkup(strings.updated)}: ${time(facts, facts.updated)}`;
  const downloads = downloadsHtml(attachments, ui);
  const body = `${headerHtml(facts)}
<main>
<article>
<h1 dir="auto"${facts.textLang}>${escapeMarkup(facts.title)}</h1>
<p class="meta">${escapeMarkup(strings.published)}: ${time(facts, facts.published)}${updated}</p>
${[
  topicsHtml(facts.feeds, strings.countries, strings.officials),
  alsoInHtml(facts.translations, strings.alsoIn),
  lead === undefined ? '' : figures([lead], true),
  `<div${facts.textLang}>\n${bodyHtml(release)}\n</div>`,
  others.length === 0 ? '' : figures(others),
  downloads === '' ? '' : `<section>\n<h2>${escapeMarkup(strings.downloads)}</h2>\n${inTextLanguage(facts, downloads)}\n</section>`,
  changes.length === 0 ? '' : `<footer>\n${changes.map((change) => changeHtml(change, 'meta pressroom-change')).join('\n')}\n</footer>`,
]
  .filter((part) => part !== '')
  .join('\n')}
</article>
${contactHtml(facts.site.config.contact, strings.pressContact)}
<section>
<h2>${escapeMarkup(strings.subscribe)}</h2>
<p class="muted">${escapeMarkup(strings.howTo)}</p>
${subscribeListHtml(facts.feeds)}
</section>
</main>`;

  const article = newsArticle({
    title: facts.title,
    description: summary,
    published: facts.published,
    modified: facts.updated,
    images: photos.map((photo) => photo.image.feed.url),
    organisation: { name: facts.siteName, url: facts.site.config.siteUrl, ...(facts.site.config.logo !== undefined ? { logo: facts.site.config.logo } : {}) },
    language: release.language,
    url: canonical,
  });
  const head = [
    canonicalLink(canonical),
    ...shareMetaTags({
      title: facts.title,
      description,
      url: canonical,
      siteName: facts.siteName,
      language: release.language,
      alternateLanguages: facts.translations.map((translation) => translation.language),
      published: facts.published,
      modified: facts.updated,
      ...(lead !== undefined ? { image: lead.image } : {}),
    }),
    jsonLdScript(article),
  ];
  return htmlPageWithHead(
    {
      language: facts.language,
      title: `${facts.title} — ${facts.siteName}`,
      description,
      alternates: [...languageAlternates(release, canonical, facts.translations), ...feedAlternates(facts)],
      body,
    },
    head,
  );
}

/**
 * A retracted release keeps its address, so links to it do not break, but says only that it
 * was withdrawn, when, and why when the press office said so: none of its text, photos or files.
 */
function withdrawalPage(facts: PageFacts): string {
  const { release, strings } = facts;
  const note = stripXmlIllegal(release.retractionNote ?? '').trim();
  const body = `${headerHtml(facts)}
<main>
<article>
<h1 dir="auto"${facts.textLang}>${escapeMarkup(facts.title)}</h1>
<p><strong>${escapeMarkup(strings.withdrawnNotice)}</strong></p>
<p class="meta">${escapeMarkup(strings.published)}: ${time(facts, facts.published)} · ${escapeMarkup(strings.withdrawn)}: ${time(facts, facts.updated)}</p>
${note === '' ? '' : `<p dir="auto"${facts.textLang}>${escapeMarkup(note)}</p>\n`}${alsoInHtml(facts.translations, strings.alsoIn)}
</article>
${contactHtml(facts.site.config.contact, strings.pressContact)}
</main>`;
  // Out of the index and canonical to itself: a canonical pointing elsewhere would ask search
  // engines to index that page in its place, the opposite of noindex. No hreflang either: the
  // other members' pages no longer list this one, and an unreturned hreflang link is ignored.
  const head = [
    metaName('robots', 'noindex'),
    canonicalLink(facts.pageUrl),
    ...shareMetaTags({
      title: facts.title,
      description: strings.withdrawnNotice,
      url: facts.pageUrl,
      siteName: facts.siteName,
      language: release.language,
      alternateLanguages: [],
      published: facts.published,
      modified: facts.updated,
    }),
  ];
  return htmlPageWithHead(
    {
      language: facts.language,
      title: `${facts.title} — ${facts.siteName}`,
      description: strings.withdrawnNotice,
      alternates: feedAlternates(facts),
      body,
    },
    head,
  );
}

/** The whole HTML document of a release's page. Throws for a release that has no page (a draft, a scheduled one). */
export function renderReleasePage(input: ReleasePageInput): string {
  if (!hasPage(input.release.status)) throw new Error(`release ${input.release.id} is ${input.release.status} and has no public page`);
  const facts = factsOf(input);
  return input.release.status === 'retracted' ? withdrawalPage(facts) : publishedPage(facts);
}
