import { changeHtml } from './change-notes.ts';
import { EPOCH } from './dates.ts';
import { displayDate } from './display-date.ts';
import { escapeMarkup } from '../escape-markup.ts';
import { alternatesFor, SUBSCRIBABLE_FORMATS } from './feed-formats.ts';
import { alertForm } from '../alerts/alert-pages.ts';
import { feedKey } from '../feed-keys.ts';
import { htmlPage } from './html-layout.ts';
import { downloadsHtml, figureHtml } from './html-media.ts';
import type { FeedEntry, ResolvedFeed } from './resolve-feed.ts';
import type { FeedUrls } from './feed-urls.ts';
import { chromeLanguage, chromeStrings } from '../site.ts';
import { alsoInHtml } from '../pages/release-translations.ts';

// Where the pages' date format has always been imported from.
export { displayDate };

function subscribeLinks(label: string, urls: FeedUrls): string {
  const links = SUBSCRIBABLE_FORMATS.map(
    (format) =>
      `<li><a href="${escapeMarkup(urls[format.key])}" type="${format.mediaType}">${escapeMarkup(format.label)}</a></li>`,
  ).join('');
  return `<nav aria-label="${escapeMarkup(label)}"><ul class="formats">${links}</ul></nav>`;
}

const alsoInLine = (entry: FeedEntry, label: string) => (entry.translations.length === 0 ? '' : `${alsoInHtml(entry.translations, label)}\n`);

function entryHtml(entry: FeedEntry, feedLanguage: string, ui: string, timeZone: string, alsoIn: string): string {
  // lang only where it differs, dir="auto" so right-to-left text in a title lays out on its own terms.
  const lang =
    entry.language !== undefined && entry.language.toLowerCase() !== feedLanguage.toLowerCase()
      ? ` lang="${escapeMarkup(entry.language)}"`
      : '';
  const topics = entry.categories.map((category) => escapeMarkup(category.label)).join(', ');
  // The lead photo only: the page is a list of releases, each leading to the release itself;
  // every photo is in the feeds (Media RSS, JSON Feed's _pressroom.images).
  const lead = entry.images[0];
  const downloads = downloadsHtml(entry.attachments, ui);
  return `<article${lang}>
<h2 dir="auto"><a href="${escapeMarkup(entry.link)}">${escapeMarkup(entry.title)}</a></h2>
<p class="meta"><time datetime="${entry.published.toISOString()}">${escapeMarkup(displayDate(entry.published, ui, timeZone))}</time>${topics === '' ? '' : ` · ${topics}`}</p>
${lead === undefined ? '' : `${figureHtml(lead)}\n`}${entry.summary === '' ? '' : `<p dir="auto">${escapeMarkup(entry.summary)}</p>`}
${downloads === '' ? '' : `${downloads}\n`}${alsoInLine(entry, alsoIn)}${entry.changes.map((change) => `${changeHtml(change, 'meta pressroom-change')}\n`).join('')}</article>`;
}

/** An archive page's heading line: the dates of its oldest and newest releases. */
function archiveRange(resolved: ResolvedFeed, template: string, ui: string, timeZone: string): string {
  const newest = resolved.entries[0];
  const oldest = resolved.entries.at(-1);
  if (resolved.archive.current === undefined || newest === undefined || oldest === undefined) return '';
  const date = (entry: FeedEntry) => `<time datetime="${entry.published.toISOString()}">${escapeMarkup(displayDate(entry.published, ui, timeZone))}</time>`;
  const [before, between, after] = escapeMarkup(template).split(/\{from\}|\{to\}/);
  return `<p>${before ?? ''}${date(oldest)}${between ?? ''}${date(newest)}${after ?? ''}</p>\n`;
}

/** Older releases (the archive page before), and from an archive page the newest ones: plain links, so paging needs no script. */
function archiveNav(resolved: ResolvedFeed, older: string, latest: string): string {
  const links = [
    ...(resolved.archive.previous !== undefined ? [`<a href="${escapeMarkup(resolved.archive.previous.html)}" rel="prev">${escapeMarkup(older)}</a>`] : []),
    ...(resolved.archive.current !== undefined ? [`<a href="${escapeMarkup(resolved.archive.current.html)}">${escapeMarkup(latest)}</a>`] : []),
  ];
  return links.length === 0 ? '' : `\n<nav class="pager" aria-label="${escapeMarkup(older)}">${links.join(' ')}</nav>`;
}

/** A page a person can read and subscribe from: the feed's newest releases (or an archive page's), no script, no XSLT. */
export function renderHtmlPage(resolved: ResolvedFeed): string {
  const ui = chromeLanguage(resolved.site, resolved.language);
  const strings = chromeStrings(resolved.site, resolved.language);
  const { timeZone } = resolved.site.config;
  // One subscribes to the feed, not to an archive page of it.
  const feedToSubscribe = resolved.archive.current ?? resolved.urls;
  const entries =
    resolved.entries.length === 0
      ? `<p class="muted">${escapeMarkup(strings.noReleases)}</p>`
      : resolved.entries.map((entry) => entryHtml(entry, resolved.language, ui, timeZone, strings.alsoIn)).join('\n');
  // An empty feed that never changed has the epoch as its updated time: not worth showing.
  const updated =
    resolved.updated.getTime() === EPOCH.getTime()
      ? ''
      : ` ${escapeMarkup(strings.updated)}: <time datetime="${resolved.updated.toISOString()}">${escapeMarkup(displayDate(resolved.updated, ui, timeZone))}</time>`;
  // E-mail alerts of this feed (of the feed itself on an archive page).
  const alerts = alertForm(resolved.site, resolved.language, feedKey(resolved.feed));
  const body = `<header>
<p class="muted"><a href="${escapeMarkup(resolved.urls.directory)}">${escapeMarkup(strings.allFeeds)}</a></p>
<h1 dir="auto">${escapeMarkup(resolved.title)}</h1>
${archiveRange(resolved, strings.archive, ui, timeZone)}<p>${escapeMarkup(resolved.description)}</p>
${subscribeLinks(strings.subscribe, feedToSubscribe)}
<p class="muted">${escapeMarkup(strings.howTo)} <code class="feed-url">${escapeMarkup(feedToSubscribe.rss)}</code>${updated}</p>
</header>
<main>
${entries}${archiveNav(resolved, strings.olderReleases, strings.latestReleases)}
${alerts}
</main>`;
  return htmlPage({
    language: resolved.language,
    title: resolved.title,
    description: resolved.description,
    alternates: alternatesFor(resolved.title, feedToSubscribe),
    body,
    hasForm: alerts !== '',
  });
}
