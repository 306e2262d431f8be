// The sitemaps' pure decisions and documents: which pages are listed, which days a change
// touches, the split at the per-file limit, and XML that parses back to the same strings.
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, test } from 'vitest';
import { newsCutoff, sitemapParts, sitemapUrlOf, touchedSitemapDays } from '../../../../lambdas/core/sitemaps/sitemap-entries.ts';
import { renderNewsSitemap, renderRobots, renderSitemapIndex, renderUrlset } from '../../../../lambdas/core/sitemaps/render-sitemaps.ts';
import { daySitemapPath, isSearchFilePath } from '../../../../lambdas/core/sitemaps/sitemap-paths.ts';
import { SITE } from '../../../support/site.ts';

const BASE = 'https://feeds.example.org';
const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', htmlEntities: false, isArray: (name) => ['url', 'sitemap'].includes(name) });
const release = (overrides: Record<string, unknown> = {}) => ({
  id: '01H3ABCDEF0123456789XYZKQM',
  status: 'published' as const,
  url: undefined as string | undefined,
  updatedAt: '2023-06-15T12:00:00.000Z',
  publishedAt: '2023-06-15T10:00:00.000Z',
  title: 'Title',
  language: 'az',
  ...overrides,
});

describe('what a sitemap lists', () => {
  test('a published release without an address of its own, by its page and last change', () => {
    expect(sitemapUrlOf(release(), BASE)).toEqual({ loc: `${BASE}/releases/01H3ABCDEF0123456789XYZKQM`, lastmod: '2023-06-15T12:00:00.000Z' });
  });

  test('not a release whose canonical address is elsewhere, nor one that is not published', () => {
    expect(sitemapUrlOf(release({ url: 'https://www.meclis.gov.az/news.php?id=1' }), BASE)).toBeUndefined();
    for (const status of ['draft', 'scheduled', 'retracted'] as const) expect(sitemapUrlOf(release({ status }), BASE), status).toBeUndefined();
  });
});

describe('the days a change touches', () => {
  test('the day a release was listed on and the day it is listed on now, each once with every change', () => {
    const before = release({ publishedAt: '2023-06-15T23:30:00.000Z' });
    const after = release({ publishedAt: '2023-06-14T08:00:00.000Z' });
    expect(touchedSitemapDays([
      { id: 'a', previous: before, next: after },
      { id: 'b', next: release({ publishedAt: '2023-06-15T01:00:00.000Z' }) },
    ])).toEqual([
      { day: '2023-06-14', changeIds: ['a'] },
      { day: '2023-06-15', changeIds: ['a', 'b'] },
    ]);
  });

  test('a retraction touches the day it leaves; drafts and scheduled releases touch none', () => {
    expect(touchedSitemapDays([{ id: 'r', previous: release(), next: release({ status: 'retracted' }) }])).toEqual([{ day: '2023-06-15', changeIds: ['r'] }]);
    expect(touchedSitemapDays([
      { id: 'd', next: release({ status: 'draft' }) },
      { id: 's', previous: release({ status: 'draft' }), next: release({ status: 'scheduled' }) },
    ])).toEqual([]);
  });
});

test('a day is split into files of at most the limit, the first keeping the plain name', () => {
  expect(sitemapParts([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
  expect(sitemapParts([], 2)).toEqual([]);
  expect([1, 2, 3].map((part) => daySitemapPath('2023-06-15', part))).toEqual(['sitemaps/2023-06-15.xml', 'sitemaps/2023-06-15-2.xml', 'sitemaps/2023-06-15-3.xml']);
});

test('the search engines\' files are recognised by their keys, and nothing else is', () => {
  for (const key of ['sitemap.xml', 'news-sitemap.xml', 'robots.txt', daySitemapPath('2023-06-15'), daySitemapPath('2023-06-15', 12)]) expect(isSearchFilePath(key), key).toBe(true);
  for (const key of ['sitemaps/2023-06-15-1.xml', 'sitemaps/2023-06-15.html', 'sitemaps/../robots.txt', 'feeds/sitemap.xml', 'sitemap.xml.gz', 'robots.txt/']) expect(isSearchFilePath(key), key).toBe(false);
});

describe('the documents', () => {
  test('a urlset and an index parse back to the addresses and times given, markup escaped', () => {
    const loc = `${BASE}/releases/a?x=1&y=<2>`;
    const urlset = xml.parse(renderUrlset([{ loc, lastmod: '2023-06-15T12:00:00.000Z' }]));
    expect(urlset.urlset['@xmlns']).toBe('http://www.sitemaps.org/schemas/sitemap/0.9');
    expect(urlset.urlset.url).toEqual([{ loc, lastmod: '2023-06-15T12:00:00.000Z' }]);
    const index = xml.parse(renderSitemapIndex([{ path: daySitemapPath('2023-06-15'), lastmod: '2023-06-15T12:00:00.000Z' }], `${BASE}/`));
    expect(index.sitemapindex.sitemap).toEqual([{ loc: `${BASE}/sitemaps/2023-06-15.xml`, lastmod: '2023-06-15T12:00:00.000Z' }]);
  });

  test('an empty urlset and index are still well-formed documents', () => {
    expect(xml.parse(renderUrlset([])).urlset['@xmlns']).toBe('http://www.sitemaps.org/schemas/sitemap/0.9');
    expect(xml.parse(renderSitemapIndex([], BASE)).sitemapindex['@xmlns']).toBe('http://www.sitemaps.org/schemas/sitemap/0.9');
  });

  test('an index refuses more sitemaps than one may list', () => {
    const many = Array.from({ length: 50_001 }, (_, i) => ({ path: `sitemaps/${i}.xml`, lastmod: '2023-06-15T12:00:00.000Z' }));
    expect(() => renderSitemapIndex(many, BASE)).toThrow(/50000/);
  });

  test('the News sitemap names the institution in the release\'s language and the language as Google asks', () => {
    const news = xml.parse(
      renderNewsSitemap(
        [release({ title: 'Vote: 98 "for" & 3 <against>', language: 'en-GB' }), release({ id: '01H3ABCDEF0123456789XYZKQN', language: 'zh-Hant-TW' }), release({ id: '01H3ABCDEF0123456789XYZKQP', language: 'tr' })],
        SITE,
        BASE,
      ),
    );
    expect(news.urlset['@xmlns:news']).toBe('http://www.google.com/schemas/sitemap-news/0.9');
    const [english, chinese, turkish] = news.urlset.url;
    expect(english.loc).toBe(`${BASE}/releases/01H3ABCDEF0123456789XYZKQM`);
    expect(english['news:news']).toEqual({
      'news:publication': { 'news:name': 'Milli Majlis', 'news:language': 'en' },
      'news:publication_date': '2023-06-15T10:00:00.000Z',
      'news:title': 'Vote: 98 "for" & 3 <against>',
    });
    expect(chinese['news:news']['news:publication']['news:language']).toBe('zh-tw');
    // A language the site has no name in: the chrome's fallback names it (English here).
    expect(turkish['news:news']['news:publication']).toEqual({ 'news:name': 'Milli Majlis', 'news:language': 'tr' });
  });

  test('robots.txt lets every crawler in and names both sitemaps', () => {
    expect(renderRobots(`${BASE}/`).split('\n')).toEqual(['User-agent: *', 'Allow: /', '', `Sitemap: ${BASE}/sitemap.xml`, `Sitemap: ${BASE}/news-sitemap.xml`, '']);
  });

  test('the News window is the last two days', () => {
    expect(newsCutoff(new Date('2023-06-15T10:00:00.000Z'))).toBe('2023-06-13T10:00:00.000Z');
  });
});
