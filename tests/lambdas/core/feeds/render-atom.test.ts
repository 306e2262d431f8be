import { parseFeed } from '@rowanmanning/feed-parser';
import { describe, expect, test } from 'vitest';
import { renderAtom } from '../../../../lambdas/core/feeds/render-atom.ts';
import { resolveFeed } from '../../../../lambdas/core/feeds/resolve-feed.ts';
import { context, FIXTURE, FIXTURE_BODY, fixtureRelease2023 } from './feed-fixtures.ts';
import { expectWellFormedXml } from './xml-checks.ts';

const release = fixtureRelease2023({ version: 2, updatedAt: '2023-06-16T08:00:00.000Z' });
const english = fixtureRelease2023({ id: '01H3ENGLISH000000000000000', language: 'en', title: 'In English', publishedAt: '2023-06-01T00:00:00.000Z' });
const atom = renderAtom(resolveFeed(context({ kind: 'official', slug: 'sahibe-qafarova' }, [release, english])));
const parsed = parseFeed(atom);

describe('renderAtom (read back by @rowanmanning/feed-parser)', () => {
  test('is well-formed Atom 1.0 with xml:lang on the root', () => {
    expectWellFormedXml(atom);
    expect(parsed.meta).toEqual({ type: 'atom', version: '1.0' });
    expect(atom).toContain('<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="az">');
    expect(parsed.language).toBe('az');
  });

  test('feed: id, localised title, updated from the data, author, links alternate and self', () => {
    expect(atom).toContain('<id>tag:meclis.gov.az,2023:pressroom/feed/officials/sahibe-qafarova</id>');
    expect(parsed.title).toBe('Milli Məclis — Sahibə Qafarova');
    expect(parsed.updated?.toISOString()).toBe('2023-06-16T08:00:00.000Z');
    expect(parsed.authors).toEqual([{ name: 'Milli Məclis', email: null, url: 'https://www.meclis.gov.az/' }]);
    expect(parsed.url).toBe('http://127.0.0.1:3000/feeds/officials/sahibe-qafarova.html');
    expect(parsed.self).toBe('http://127.0.0.1:3000/feeds/officials/sahibe-qafarova.atom');
  });

  test('entries: id, title, updated (version), published, summary, html content', () => {
    const [entry] = parsed.items;
    expect(entry?.id).toBe('tag:meclis.gov.az,2023:pressroom/release/01H3ABCDEF0123456789XYZKQM');
    expect(entry?.title).toBe(FIXTURE.title);
    expect(entry?.updated?.toISOString()).toBe('2023-06-16T08:00:00.000Z');
    expect(entry?.published?.toISOString()).toBe('2023-06-15T10:00:00.000Z');
    expect(entry?.description).toBe(release.summary);
    expect(entry?.url).toBe('https://www.meclis.gov.az/news.php?id=1');
    expect(atom).toContain('<content type="html">');
    for (const paragraph of FIXTURE_BODY.split('\n\n')) expect(entry?.content).toContain(`<p>${paragraph}</p>`);
  });

  test('categories carry the code as term and the localised name as label', () => {
    expect(parsed.items[0]?.categories.map((category) => [category.term, category.label])).toEqual([
      ['KZ', 'Qazaxıstan'],
      ['RU', 'Rusiya'],
      ['AZ', 'Azərbaycan'],
      ['sahibe-qafarova', 'Sahibə Qafarova'],
      ['maulen-ashimbayev', 'Maulen Aşimbayev'],
    ]);
  });

  test('an entry in another language says so with its own xml:lang', () => {
    expect(atom).toContain('<entry xml:lang="en">');
    expect(atom.match(/<entry/g)).toHaveLength(2);
    expect(parsed.items[1]?.title).toBe('In English');
  });
});
