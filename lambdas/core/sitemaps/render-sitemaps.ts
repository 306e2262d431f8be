// The sitemaps (sitemaps.org 0.9), the Google News sitemap and robots.txt, written by xml-js
// through slots (xml-slots.ts), so every string is escaped by the one escaper.
import { js2xml, type ElementCompact } from 'xml-js';
import { siteName } from '../feeds/feed-titles.ts';
import { releasePageUrl } from '../release-link.ts';
import type { Release } from '../release.ts';
import type { Site } from '../site.ts';
import { XmlSlots } from '../xml-slots.ts';
import { SITEMAP_MAX_URLS, type SitemapUrl } from './sitemap-entries.ts';
import { NEWS_SITEMAP_PATH, SITEMAP_INDEX_PATH } from './sitemap-paths.ts';

const SITEMAP_NAMESPACE = 'http://www.sitemaps.org/schemas/sitemap/0.9';
const NEWS_NAMESPACE = 'http://www.google.com/schemas/sitemap-news/0.9';

const withBase = (publicBaseUrl: string, path: string) => `${publicBaseUrl.replace(/\/+$/, '')}/${path}`;

function xmlDocument(root: string, attributes: Record<string, string>, children: ElementCompact, slots: XmlSlots): string {
  const document: ElementCompact = {
    _declaration: { _attributes: { version: '1.0', encoding: 'UTF-8' } },
    [root]: { _attributes: attributes, ...children },
  };
  return `${slots.fill(js2xml(document, { compact: true, spaces: 2 }))}\n`;
}

/** One day's sitemap (or part of it): each page with its last modification. */
export function renderUrlset(urls: readonly SitemapUrl[]): string {
  const slots = new XmlSlots();
  const url = urls.map((entry) => ({ loc: { _text: slots.put(entry.loc) }, lastmod: { _text: slots.put(entry.lastmod) } }));
  return xmlDocument('urlset', { xmlns: SITEMAP_NAMESPACE }, url.length === 0 ? {} : { url }, slots);
}

export interface IndexedSitemap {
  /** The object key of the sitemap (sitemap-paths.ts). */
  path: string;
  /** The latest lastmod of the pages it lists. */
  lastmod: string;
}

/** The sitemap index at the site's root. An index may name 50,000 sitemaps: 136 years of days. */
export function renderSitemapIndex(sitemaps: readonly IndexedSitemap[], publicBaseUrl: string): string {
  if (sitemaps.length > SITEMAP_MAX_URLS) throw new Error(`a sitemap index may list ${SITEMAP_MAX_URLS} sitemaps, not ${sitemaps.length}`);
  const slots = new XmlSlots();
  const sitemap = sitemaps.map((entry) => ({ loc: { _text: slots.put(withBase(publicBaseUrl, entry.path)) }, lastmod: { _text: slots.put(entry.lastmod) } }));
  return xmlDocument('sitemapindex', { xmlns: SITEMAP_NAMESPACE }, sitemap.length === 0 ? {} : { sitemap }, slots);
}

type NewsRelease = Pick<Release, 'id' | 'title' | 'language' | 'publishedAt'>;

/**
 * Google News: the publication is the institution, named in the release's language where the
 * site has a name in it; the language is the ISO 639 code (the primary subtag, as Google asks,
 * but for Chinese, which it wants as zh-cn or zh-tw).
 */
export function renderNewsSitemap(releases: readonly NewsRelease[], site: Site, publicBaseUrl: string): string {
  const slots = new XmlSlots();
  const url = releases.map((release) => ({
    loc: { _text: slots.put(releasePageUrl(publicBaseUrl, release.id)) },
    'news:news': {
      'news:publication': {
        'news:name': { _text: slots.put(siteName(site, release.language)) },
        'news:language': { _text: slots.put(newsLanguage(release.language)) },
      },
      'news:publication_date': { _text: slots.put(release.publishedAt) },
      'news:title': { _text: slots.put(release.title) },
    },
  }));
  return xmlDocument('urlset', { xmlns: SITEMAP_NAMESPACE, 'xmlns:news': NEWS_NAMESPACE }, url.length === 0 ? {} : { url }, slots);
}

function newsLanguage(tag: string): string {
  const lower = tag.toLowerCase();
  if (lower === 'zh-tw' || lower === 'zh-hant' || lower.startsWith('zh-hant-')) return 'zh-tw';
  if (lower.startsWith('zh')) return 'zh-cn';
  return lower.split('-', 1)[0]!;
}

/** Every crawler may read everything public; the sitemaps are where to start. */
export function renderRobots(publicBaseUrl: string): string {
  return ['User-agent: *', 'Allow: /', '', `Sitemap: ${withBase(publicBaseUrl, SITEMAP_INDEX_PATH)}`, `Sitemap: ${withBase(publicBaseUrl, NEWS_SITEMAP_PATH)}`, ''].join('\n');
}
