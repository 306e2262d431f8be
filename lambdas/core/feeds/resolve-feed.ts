import { documentPath, type FeedRef } from '../feed-keys.ts';
import type { Release } from '../release.ts';
import type { Site } from '../site.ts';
import { bodyHtml } from './body-html.ts';
import { changeHtml, changesData, entryChanges, withChangesHtml, withChangesText, type EntryChange } from './change-notes.ts';
import { EPOCH, parseDate } from './dates.ts';
import { entryId, feedId } from './entry-id.ts';
import { entryMedia, type EntryAttachment, type EntryImage } from './entry-media.ts';
import { languageTag, type FeedContext } from './feed-context.ts';
import { countryName, feedDescription, feedTitle, officialName, siteName } from './feed-titles.ts';
import { feedUrls, normaliseBaseUrl, type FeedUrls } from './feed-urls.ts';
import { releaseLink } from '../release-link.ts';
import type { Translation } from '../translations.ts';
import { stripXmlIllegal } from '../xml-chars.ts';
import { escapeMarkup } from '../escape-markup.ts';

export interface EntryCategory {
  kind: 'country' | 'official';
  /** Language-independent: the upper-case country code or the official's slug. */
  term: string;
  /** Display name in the feed language. */
  label: string;
  /** Taxonomy URL: the folder of that kind's feeds. */
  scheme: string;
}

export interface FeedEntry {
  id: string;
  releaseId: string;
  version: number;
  title: string;
  /** Plain text. */
  summary: string;
  /** The body (beyond the content budget, the summary), then the change notes. */
  contentHtml: string;
  /** The body as written, then the change notes; for text bodies only, and only within the budget. */
  contentText?: string;
  /** The public change history shown with the entry, newest first; empty beyond the budget's reach. */
  changes: EntryChange[];
  link: string;
  published: Date;
  updated: Date;
  language?: string;
  categories: EntryCategory[];
  /** The photos, the lead image first; only those whose files the release has. */
  images: EntryImage[];
  /** The downloads; only those whose files the release has. */
  attachments: EntryAttachment[];
  /** The release in the other languages of its group, as the caller may show them (public ones, for feeds). */
  translations: Translation[];
}

/** A feed with every decision taken and every string cleaned: the renderers only map it to syntax. */
export interface ResolvedFeed {
  site: Site;
  feed: FeedRef;
  path: string;
  id: string;
  language: string;
  siteName: string;
  siteUrl: string;
  title: string;
  description: string;
  updated: Date;
  /** This document's own URLs (an archive page's, for one). */
  urls: FeedUrls;
  /**
   * The archive around this document (RFC 5005): `current`, the subscription document, set on a
   * closed archive page only; `previous`, the archive page before it, when there is one.
   */
  archive: { current?: FeedUrls; previous?: FeedUrls };
  entries: FeedEntry[];
}

/**
 * How much full content one feed file carries, in bytes of its escaped form. Beyond it the
 * older entries carry their summary instead of their body (the link leads to the rest), so a
 * feed stays a size a reader will fetch — 50 bodies of 100 KB of "&" would otherwise make an
 * 11 MiB Atom file — while the newest entries, the ones a reader has not seen yet, stay whole.
 * One body (at most 100 KB, escaped at most 5×) always fits.
 */
export const FEED_CONTENT_BUDGET_BYTES = 1_048_576;

/** An entry before its change notes are added to its content. */
type BudgetEntry = Pick<FeedEntry, 'contentHtml' | 'contentText' | 'summary'> & { changes?: readonly EntryChange[] };

const bytes = (text: string) => Buffer.byteLength(text, 'utf8');

/**
 * What an entry's content costs in the largest of the formats: escaped in XML, or JSON's html
 * plus text. The change notes count where they go: in the content, again in Atom's summary and
 * RSS's description, and in JSON Feed's `_pressroom` extension.
 */
function contentCost(entry: BudgetEntry): number {
  const changes = entry.changes ?? [];
  const html = withChangesHtml(entry.contentHtml, changes);
  const text = entry.contentText === undefined ? '' : withChangesText(entry.contentText, changes);
  const notesHtml = changes.map((change) => changeHtml(change)).join('\n');
  const xml = bytes(escapeMarkup(html)) + bytes(escapeMarkup(notesHtml));
  const json = bytes(JSON.stringify(html)) + bytes(JSON.stringify(text)) + (changes.length === 0 ? 0 : bytes(JSON.stringify(changesData(changes))));
  return Math.max(xml, json);
}

/**
 * Newest first: whole while the budget lasts, then the summary as the content. An entry beyond
 * it keeps its change notes while they still fit (a correction matters more than the body the
 * link leads to), and loses them once even they do not, so the notes cannot outgrow the budget.
 */
export function withinContentBudget<E extends BudgetEntry>(entries: E[], budget = FEED_CONTENT_BUDGET_BYTES): E[] {
  let spent = 0;
  let whole = true;
  const fits = (entry: BudgetEntry): boolean => {
    const cost = contentCost(entry);
    if (spent + cost > budget) return false;
    spent += cost;
    return true;
  };
  return entries.map((entry) => {
    if (whole && fits(entry)) return entry;
    whole = false;
    const { contentText: _text, ...rest } = entry;
    const summary = { ...rest, contentHtml: `<p>${escapeMarkup(entry.summary)}</p>` } as E;
    if (entry.changes === undefined || entry.changes.length === 0 || fits(summary)) return summary;
    return { ...summary, changes: [] };
  });
}

function byNewest(a: Release, b: Release): number {
  const diff = parseDate(b.publishedAt, EPOCH).getTime() - parseDate(a.publishedAt, EPOCH).getTime();
  if (diff !== 0) return diff;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}

export function resolveFeed(ctx: FeedContext): ResolvedFeed {
  const base = normaliseBaseUrl(ctx.baseUrl);
  const apiBase = normaliseBaseUrl(ctx.apiBaseUrl ?? base);
  // The caller's order is newest first already; sorting again makes the bytes independent
  // of how a query happened to return ties.
  const releases = ctx.releases.filter((release) => release.status === 'published').sort(byNewest);
  const site = ctx.site;
  // A feed per language speaks its language; the language-neutral feeds the site's default, so
  // their titles and xml:lang never change with the mix of their releases.
  const language = stripXmlIllegal(languageTag(ctx.language) ?? ctx.feed.language ?? site.config.defaultLanguage);
  const clean = (text: string): string => stripXmlIllegal(text);

  const drafts = withinContentBudget(releases.map((release): FeedEntry => {
    // Cleaned before encodeURIComponent, which throws on a lone surrogate.
    const releaseId = clean(release.id);
    const updated = parseDate(release.updatedAt, parseDate(release.publishedAt, EPOCH));
    const published = parseDate(release.publishedAt, updated);
    const categories: EntryCategory[] = [
      ...unique(release.countries.map((code) => clean(code).toUpperCase())).map((code) => ({
        kind: 'country' as const,
        term: code,
        label: clean(countryName(site, code, language)),
        scheme: `${base}/feeds/countries/`,
      })),
      ...unique(release.officials.map(clean)).map((slug) => ({
        kind: 'official' as const,
        term: slug,
        label: clean(officialName(site, slug, ctx.officials, language)).trim() || slug,
        scheme: `${base}/feeds/officials/`,
      })),
    ];
    const entryLanguage = languageTag(clean(release.language));
    return {
      id: entryId(site, releaseId),
      releaseId,
      version: release.version,
      title: clean(release.title),
      summary: clean(release.summary),
      contentHtml: bodyHtml(release),
      ...(release.bodyFormat === 'text' ? { contentText: clean(release.body) } : {}),
      changes: entryChanges(release.changes, site, language),
      link: releaseLink({ id: releaseId, url: release.url, status: release.status }, { publicBaseUrl: base, apiBaseUrl: apiBase }),
      published,
      updated,
      ...(entryLanguage !== undefined ? { language: entryLanguage } : {}),
      categories,
      ...entryMedia(release),
      translations: (release.translations ?? []).map((translation) => ({
        language: clean(translation.language),
        id: clean(translation.id),
        url: translation.url,
      })),
    };
  }));
  const entries = drafts.map((entry): FeedEntry => ({
    ...entry,
    contentHtml: withChangesHtml(entry.contentHtml, entry.changes),
    ...(entry.contentText !== undefined ? { contentText: withChangesText(entry.contentText, entry.changes) } : {}),
  }));

  const newest = Math.max(
    EPOCH.getTime(),
    ...entries.map((entry) => entry.updated.getTime()),
    parseDate(ctx.changedAt, EPOCH).getTime(),
  );

  return {
    site,
    feed: ctx.feed,
    path: documentPath(ctx.feed, ctx.archive?.page),
    // The archive pages are documents of the same feed: one id for all of them.
    id: feedId(site, documentPath(ctx.feed)),
    language,
    siteName: clean(siteName(site, language)),
    siteUrl: site.config.siteUrl,
    title: clean(feedTitle(site, ctx.feed, ctx.officials, language)),
    description: clean(feedDescription(site, ctx.feed, ctx.officials, language)),
    updated: new Date(newest),
    urls: feedUrls(base, ctx.feed, ctx.archive?.page),
    archive: {
      ...(ctx.archive?.page !== undefined ? { current: feedUrls(base, ctx.feed) } : {}),
      ...(ctx.archive?.previous !== undefined ? { previous: feedUrls(base, ctx.feed, ctx.archive.previous) } : {}),
    },
    entries,
  };
}
