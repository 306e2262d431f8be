// Which release pages the sitemaps list, and which days' sitemaps a change touches. A sitemap
// lists only addresses on the site it is served from that are their own canonical page: a
// release with a `url` of its own has its page point there, so it is left to the site that
// holds that address (a search engine drops a non-canonical URL anyway).
import { httpUrl } from '../http-url.ts';
import { releasePageUrl } from '../release-link.ts';
import type { Release } from '../release.ts';
import type { SitemapDay } from './sitemap-paths.ts';

/** sitemaps.org's limit per sitemap file (and per index). */
export const SITEMAP_MAX_URLS = 50_000;
/** Google News sitemaps: articles of the last two days, at most a thousand. */
export const NEWS_WINDOW_MS = 2 * 24 * 60 * 60 * 1000;
export const NEWS_MAX_URLS = 1_000;

export const sitemapDay = (publishedAt: string): SitemapDay => publishedAt.slice(0, 10);

type Listed = Pick<Release, 'id' | 'url' | 'status' | 'updatedAt'>;

export interface SitemapUrl {
  loc: string;
  lastmod: string;
}

/** A published release's page, when it is the release's canonical page; undefined otherwise. */
export function sitemapUrlOf(release: Listed, publicBaseUrl: string): SitemapUrl | undefined {
  if (release.status !== 'published' || httpUrl(release.url) !== undefined) return undefined;
  return { loc: releasePageUrl(publicBaseUrl, release.id), lastmod: release.updatedAt };
}

export interface TouchedDay {
  day: SitemapDay;
  /** Every change that touched the day: if its sitemap cannot be written, these are retried. */
  changeIds: string[];
}

type Image = Pick<Release, 'status' | 'publishedAt'>;

/**
 * The days whose sitemaps these changes call for, each once: the day a release was listed on
 * and the day it is listed on now (a release moved to another time, or published, retracted).
 * A change to a release that is public on neither side touches none.
 */
export function touchedSitemapDays(changes: readonly { id: string; previous?: Image; next?: Image }[]): TouchedDay[] {
  const days = new Map<SitemapDay, TouchedDay>();
  for (const change of changes) {
    for (const image of [change.previous, change.next]) {
      if (image?.status !== 'published') continue;
      const day = sitemapDay(image.publishedAt);
      const touched = days.get(day) ?? { day, changeIds: [] };
      if (!touched.changeIds.includes(change.id)) touched.changeIds.push(change.id);
      days.set(day, touched);
    }
  }
  return [...days.values()].sort((a, b) => a.day.localeCompare(b.day));
}

/** A day's URLs in sitemap files of at most `max` each (the first part keeps the day's plain name). */
export function sitemapParts<T>(urls: readonly T[], max = SITEMAP_MAX_URLS): T[][] {
  const parts: T[][] = [];
  for (let start = 0; start < urls.length; start += max) parts.push(urls.slice(start, start + max));
  return parts;
}

/** The instant before which a release is too old for the News sitemap. */
export const newsCutoff = (now: Date) => new Date(now.getTime() - NEWS_WINDOW_MS).toISOString();
