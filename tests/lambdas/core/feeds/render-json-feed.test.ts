import { describe, expect, test } from 'vitest';
import { renderJsonFeed } from '../../../../lambdas/core/feeds/render-json-feed.ts';
import { resolveFeed } from '../../../../lambdas/core/feeds/resolve-feed.ts';
import { context, FIXTURE, FIXTURE_BODY, fixtureRelease2023 } from './feed-fixtures.ts';
import { expectValidJsonFeed } from './json-feed-schema.ts';

const text = fixtureRelease2023({ version: 2, updatedAt: '2023-06-16T08:00:00.000Z' });
const html = fixtureRelease2023({
  id: '01H3HTML000000000000000000',
  bodyFormat: 'html',
  body: '<p>Salam, <strong>dünya</strong></p>',
  language: 'ru',
  publishedAt: '2023-05-01T00:00:00.000Z',
  updatedAt: '2023-05-01T00:00:00.000Z',
});
const body = renderJsonFeed(resolveFeed(context({ kind: 'country', code: 'RU' }, [text, html])));
const feed = expectValidJsonFeed(body) as {
  items: Array<Record<string, unknown>>;
} & Record<string, unknown>;

describe('renderJsonFeed', () => {
  test('is JSON Feed 1.1 (validated against the schema in tests/support)', () => {
    expect(feed.version).toBe('https://jsonfeed.org/version/1.1');
  });

  test('top level: title, home_page_url, feed_url, description, language, authors', () => {
    expect(feed).toMatchObject({
      title: 'Milli Məclis — Rusiya',
      home_page_url: 'http://127.0.0.1:3000/feeds/countries/ru.html',
      feed_url: 'http://127.0.0.1:3000/feeds/countries/ru.json',
      description: 'Milli Məclisin press-relizləri: Rusiya',
      language: 'az',
      authors: [{ name: 'Milli Məclis', url: 'https://www.meclis.gov.az/' }],
    });
  });

  test('items: id, url, title, summary, content, dates, tags, language', () => {
    expect(feed.items[0]).toEqual({
      id: 'tag:meclis.gov.az,2023:pressroom/release/01H3ABCDEF0123456789XYZKQM',
      url: 'https://www.meclis.gov.az/news.php?id=1',
      title: FIXTURE.title,
      summary: text.summary,
      content_html: FIXTURE_BODY.split('\n\n').map((paragraph) => `<p>${paragraph}</p>`).join('\n'),
      content_text: FIXTURE_BODY,
      date_published: '2023-06-15T10:00:00.000Z',
      date_modified: '2023-06-16T08:00:00.000Z',
      tags: ['Qazaxıstan', 'Rusiya', 'Azərbaycan', 'Sahibə Qafarova', 'Maulen Aşimbayev'],
      language: 'az',
    });
  });

  test('html bodies have content_html only, and keep their own language', () => {
    expect(feed.items[1]?.content_html).toBe('<p>Salam, <strong>dünya</strong></p>');
    expect(feed.items[1]).not.toHaveProperty('content_text');
    expect(feed.items[1]?.language).toBe('ru');
  });

  test('Azerbaijani text is byte-exact in the UTF-8 output', () => {
    expect(Buffer.from(body, 'utf8').includes(Buffer.from(FIXTURE.title, 'utf8'))).toBe(true);
    expect(body).not.toMatch(/\\u[0-9a-f]{4}/i);
  });

  test('an empty feed is valid', () => {
    const empty = expectValidJsonFeed(renderJsonFeed(resolveFeed(context({ kind: 'all' }, []))));
    expect(empty.items).toEqual([]);
    expect(empty.language).toBe('az');
  });
});
