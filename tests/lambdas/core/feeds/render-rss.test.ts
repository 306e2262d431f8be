import { parseFeed } from '@rowanmanning/feed-parser';
import { describe, expect, test } from 'vitest';
import { renderRss } from '../../../../lambdas/core/feeds/render-rss.ts';
import { resolveFeed } from '../../../../lambdas/core/feeds/resolve-feed.ts';
import { context, FIXTURE, FIXTURE_BODY, fixtureRelease2023 } from './feed-fixtures.ts';
import { expectWellFormedXml } from './xml-checks.ts';

const release = fixtureRelease2023({ version: 2, updatedAt: '2023-06-16T08:00:00.000Z' });
const rss = renderRss(resolveFeed(context({ kind: 'country', code: 'KZ' }, [release])));
const parsed = parseFeed(rss);

describe('renderRss (read back by @rowanmanning/feed-parser)', () => {
  test('is well-formed RSS 2.0', () => {
    expectWellFormedXml(rss);
    expect(parsed.meta).toEqual({ type: 'rss', version: '2.0' });
  });

  test('channel: localised title, link, description, language, atom:link rel="self"', () => {
    expect(parsed.title).toBe('Milli Məclis — Qazaxıstan');
    expect(parsed.url).toBe('http://127.0.0.1:3000/feeds/countries/kz.html');
    expect(parsed.self).toBe('http://127.0.0.1:3000/feeds/countries/kz.rss');
    expect(parsed.description).toBe('Milli Məclisin press-relizləri: Qazaxıstan');
    expect(parsed.language).toBe('az');
    expect(parsed.updated?.toISOString()).toBe('2023-06-16T08:00:00.000Z');
    expect(rss).toContain('<atom:link href="http://127.0.0.1:3000/feeds/countries/kz.rss" rel="self" type="application/rss+xml"/>');
  });

  test('item: guid (not a permalink), title, link, pubDate from publishedAt in RFC 822', () => {
    const [item] = parsed.items;
    expect(parsed.items).toHaveLength(1);
    expect(item?.id).toBe('tag:meclis.gov.az,2023:pressroom/release/01H3ABCDEF0123456789XYZKQM');
    expect(rss).toContain('<guid isPermaLink="false">tag:meclis.gov.az,2023:pressroom/release/01H3ABCDEF0123456789XYZKQM</guid>');
    expect(item?.title).toBe(FIXTURE.title);
    expect(item?.url).toBe('https://www.meclis.gov.az/news.php?id=1');
    expect(item?.published?.toISOString()).toBe('2023-06-15T10:00:00.000Z');
    expect(rss).toContain('<pubDate>Thu, 15 Jun 2023 10:00:00 GMT</pubDate>');
  });

  test('description is the summary, content:encoded the full body, byte-exact Azerbaijani', () => {
    const [item] = parsed.items;
    expect(item?.description).toBe(release.summary);
    const paragraphs = FIXTURE_BODY.split('\n\n');
    expect(paragraphs.length).toBeGreaterThan(5);
    for (const paragraph of paragraphs) expect(item?.content).toContain(`<p>${paragraph}</p>`);
    expect(Buffer.from(rss, 'utf8').includes(Buffer.from('Milli Məclisin Sədri Sahibə Qafarova', 'utf8'))).toBe(true);
    expect(rss).toContain('Prezident İlham Əliyevin');
  });

  test('a category per country and per official, in the feed language', () => {
    expect(parsed.items[0]?.categories.map((category) => [category.label, category.url])).toEqual([
      ['Qazaxıstan', 'http://127.0.0.1:3000/feeds/countries/'],
      ['Rusiya', 'http://127.0.0.1:3000/feeds/countries/'],
      ['Azərbaycan', 'http://127.0.0.1:3000/feeds/countries/'],
      ['Sahibə Qafarova', 'http://127.0.0.1:3000/feeds/officials/'],
      ['Maulen Aşimbayev', 'http://127.0.0.1:3000/feeds/officials/'],
    ]);
  });

  test('an empty feed is still a valid channel', () => {
    const empty = renderRss(resolveFeed(context({ kind: 'country', code: 'TR' }, [])));
    expectWellFormedXml(empty);
    const feed = parseFeed(empty);
    expect(feed.title).toBe('Milli Məclis — Türkiyə');
    expect(feed.items).toEqual([]);
  });
});
