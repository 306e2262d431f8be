import { EPOCH } from './dates.ts';
import { escapeMarkup } from '../escape-markup.ts';
import { alternatesFor, SUBSCRIBABLE_FORMATS } from './feed-formats.ts';
import { htmlPage } from './html-layout.ts';
import { PAGE_STRINGS } from './page-strings.ts';
import type { FeedEntry, ResolvedFeed } from './resolve-feed.ts';
import { uiLanguage, type UiLanguage } from './ui-language.ts';

// The parliament's own clock: a reader anywhere sees the time the press office did.
const TIME_ZONE = 'Asia/Baku';

/** "10 oktyabr 2023, 12:30" — two formatters, since ICU joins date and time in az with a stray "/". */
export function displayDate(date: Date, language: UiLanguage): string {
  try {
    const day = new Intl.DateTimeFormat(language, { dateStyle: 'long', timeZone: TIME_ZONE }).format(date);
    const time = new Intl.DateTimeFormat(language, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: TIME_ZONE }).format(date);
    return `${day}, ${time}`;
  } catch {
    // A Node built without full ICU: the ISO form is still readable and still deterministic.
    return date.toISOString().slice(0, 16).replace('T', ' ');
  }
}

function subscribeLinks(resolved: ResolvedFeed, label: string): string {
  const links = SUBSCRIBABLE_FORMATS.map(
    (format) =>
      `<li><a href="${escapeMarkup(resolved.urls[format.key])}" type="${format.mediaType}">${escapeMarkup(format.label)}</a></li>`,
  ).join('');
  return `<nav aria-label="${escapeMarkup(label)}"><ul class="formats">${links}</ul></nav>`;
}

function entryHtml(entry: FeedEntry, feedLanguage: string, ui: UiLanguage): string {
  // lang only where it differs, dir="auto" so right-to-left text in a title lays out on its own terms.
  const lang =
    entry.language !== undefined && entry.language.toLowerCase() !== feedLanguage.toLowerCase()
      ? ` lang="${escapeMarkup(entry.language)}"`
      : '';
  const topics = entry.categories.map((category) => escapeMarkup(category.label)).join(', ');
  return `<article${lang}>
<h2 dir="auto"><a href="${escapeMarkup(entry.link)}">${escapeMarkup(entry.title)}</a></h2>
<p class="meta"><time datetime="${entry.published.toISOString()}">${escapeMarkup(displayDate(entry.published, ui))}</time>${topics === '' ? '' : ` · ${topics}`}</p>
${entry.summary === '' ? '' : `<p dir="auto">${escapeMarkup(entry.summary)}</p>`}
</article>`;
}

/** A page a person can read and subscribe from: the feed's newest releases, no script, no XSLT. */
export function renderHtmlPage(resolved: ResolvedFeed): string {
  const ui = uiLanguage(resolved.language);
  const strings = PAGE_STRINGS[ui];
  const entries =
    resolved.entries.length === 0
      ? `<p class="muted">${escapeMarkup(strings.noReleases)}</p>`
      : resolved.entries.map((entry) => entryHtml(entry, resolved.language, ui)).join('\n');
  // An empty feed that never changed has the epoch as its updated time: not worth showing.
  const updated =
    resolved.updated.getTime() === EPOCH.getTime()
      ? ''
      : ` ${escapeMarkup(strings.updated)}: <time datetime="${resolved.updated.toISOString()}">${escapeMarkup(displayDate(resolved.updated, ui))}</time>`;
  const body = `<header>
<p class="muted"><a href="${escapeMarkup(resolved.urls.directory)}">${escapeMarkup(strings.allFeeds)}</a></p>
<h1 dir="auto">${escapeMarkup(resolved.title)}</h1>
<p>${escapeMarkup(resolved.description)}</p>
${subscribeLinks(resolved, strings.subscribe)}
<p class="muted">${escapeMarkup(strings.howTo)}${updated}</p>
</header>
<main>
${entries}
</main>`;
  return htmlPage({
    language: resolved.language,
    title: resolved.title,
    description: resolved.description,
    alternates: alternatesFor(resolved.title, resolved.urls),
    body,
  });
}
