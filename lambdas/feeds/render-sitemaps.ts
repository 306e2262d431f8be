// Writes the sitemaps a batch touched: each day's under its own render lease (as a feed is),
// from the feed of everything as the table holds it then; then the index (from the registry of
// days) with robots.txt, and the News sitemap (the last two days), each under its lease too.
import { feedFile } from '../core/feeds/index.ts';
import { newsCutoff, NEWS_MAX_URLS, sitemapDay, sitemapParts, sitemapUrlOf, type TouchedDay } from '../core/sitemaps/sitemap-entries.ts';
import { daySitemapPath, NEWS_SITEMAP_PATH, ROBOTS_PATH, SITEMAP_INDEX_PATH, type SitemapDay } from '../core/sitemaps/sitemap-paths.ts';
import { renderNewsSitemap, renderRobots, renderSitemapIndex, renderUrlset } from '../core/sitemaps/render-sitemaps.ts';
import { feedKey } from '../core/feed-keys.ts';
import { queryPartition } from '../adapters/dynamodb-client.ts';
import { feedReleasesIn } from '../adapters/release-repository.ts';
import { listSitemapDays, putSitemapDay } from '../adapters/sitemap-registry.ts';
import { writeFeedFiles } from '../adapters/feed-store.ts';
import { publicBaseUrl } from '../adapters/public-urls.ts';
import { site as loadSite } from '../adapters/site-config.ts';
import { keys } from '../adapters/table-layout.ts';
import { renderUnderLease, type LeasedRender } from './render-under-lease.ts';
import { eachLimited } from './each-limited.ts';
import { logger } from '../logger.ts';

/** The lease documents of the sitemaps (feeds are named by their feedKey, pages `page:<id>`). */
export const sitemapDocument = (day: SitemapDay) => `sitemap:${day}`;
export const SITEMAP_INDEX_DOCUMENT = 'sitemap-index';
export const NEWS_SITEMAP_DOCUMENT = 'news-sitemap';

const ALL = feedKey({ kind: 'all' });
const CONCURRENCY = 8;

/** The change ids whose sitemaps could not be written (to be retried). */
export async function renderSitemaps(days: readonly TouchedDay[], options: { always?: boolean } = {}): Promise<Set<string>> {
  const failed = new Set<string>();
  if (days.length === 0 && !options.always) return failed;
  const baseUrl = publicBaseUrl();
  await eachLimited(days, CONCURRENCY, async (touched) => {
    try {
      await renderUnderLease(sitemapDocument(touched.day), (lease) => renderDay(touched.day, baseUrl, lease));
    } catch (error) {
      for (const id of touched.changeIds) failed.add(id);
      logger.error('sitemap failed', { day: touched.day, error: String(error) });
    }
  });
  try {
    await Promise.all([renderUnderLease(SITEMAP_INDEX_DOCUMENT, (lease) => renderIndex(baseUrl, lease)), renderUnderLease(NEWS_SITEMAP_DOCUMENT, (lease) => renderNews(baseUrl, lease))]);
  } catch (error) {
    // Both follow from every day: each change of the batch is retried.
    for (const touched of days) for (const id of touched.changeIds) failed.add(id);
    logger.error('sitemap index or News sitemap failed', { error: String(error) });
  }
  return failed;
}

async function renderDay(day: SitemapDay, baseUrl: string, lease: LeasedRender): Promise<void> {
  // Every sort key of the day starts with it, and "~" sorts after any character a time holds.
  const releases = await feedReleasesIn(ALL, { after: day, last: `${day}~` });
  const urls = releases.flatMap((release) => sitemapUrlOf(release, baseUrl) ?? []);
  const parts = sitemapParts(urls);
  // A day that lists nothing any more still has its file emptied: a retracted page must leave it.
  lease.beforeWrite();
  await writeFeedFiles(parts.length === 0 ? [feedFile(daySitemapPath(day), renderUrlset([]))] : parts.map((part, index) => feedFile(daySitemapPath(day, index + 1), renderUrlset(part))));
  await putSitemapDay({ day, parts: parts.length, lastmod: urls.map((url) => url.lastmod).reduce((a, b) => (a > b ? a : b), '') });
}

async function renderIndex(baseUrl: string, lease: LeasedRender): Promise<void> {
  const days = (await listSitemapDays()).sort((a, b) => a.day.localeCompare(b.day));
  const sitemaps = days.flatMap((entry) => Array.from({ length: entry.parts }, (_, index) => ({ path: daySitemapPath(entry.day, index + 1), lastmod: entry.lastmod })));
  lease.beforeWrite();
  await writeFeedFiles([feedFile(SITEMAP_INDEX_PATH, renderSitemapIndex(sitemaps, baseUrl)), feedFile(ROBOTS_PATH, renderRobots(baseUrl))]);
}

async function renderNews(baseUrl: string, lease: LeasedRender): Promise<void> {
  const site = await loadSite();
  const recent = await feedReleasesIn(ALL, { after: newsCutoff(new Date()), descending: true, limit: NEWS_MAX_URLS });
  lease.beforeWrite();
  await writeFeedFiles([feedFile(NEWS_SITEMAP_PATH, renderNewsSitemap(recent.filter((release) => sitemapUrlOf(release, baseUrl) !== undefined), site, baseUrl))]);
}

/** Every day's sitemap, the index and the News sitemap, as `npm start` rebuilds every feed. Returns the days that failed. */
export async function rebuildSitemaps(): Promise<Set<string>> {
  const entries = await queryPartition(keys.feedPartition(ALL));
  const days = [...new Set(entries.map((entry) => sitemapDay(String(entry.sk))))];
  // With no release at all, the index and robots.txt are still written.
  return renderSitemaps(days.map((day) => ({ day, changeIds: [day] })), { always: true });
}
