import { parseFeed } from '@rowanmanning/feed-parser';
import { SITE } from '../../../support/site.ts';
import { describe, expect, test } from 'vitest';
import type { FeedRef } from '../../../../lambdas/core/feed-keys.ts';
import { entryId } from '../../../../lambdas/core/feeds/entry-id.ts';
import { cacheControlFor, contentTypeFor, renderDirectoryFiles, renderFeedFiles, type FeedFile } from '../../../../lambdas/core/feeds/feed-files.ts';
import type { Release } from '../../../../lambdas/core/release.ts';
import { BASE_URL, context, FIXTURE, fixtureRelease2023, OFFICIALS } from './feed-fixtures.ts';
import { expectValidJsonFeed } from './json-feed-schema.ts';
import { expectWellFormedXml } from './xml-checks.ts';

function byExtension(files: FeedFile[]): Record<'rss' | 'atom' | 'json' | 'html', string> {
  const get = (extension: string) => files.find((file) => file.path.endsWith(`.${extension}`))?.body ?? '';
  return { rss: get('rss'), atom: get('atom'), json: get('json'), html: get('html') };
}

/** The id and title of every item, read back by the independent parsers. */
function itemsIn(files: FeedFile[]): Record<'rss' | 'atom' | 'json', Array<{ id: string | null; title: string | null }>> {
  const { rss, atom, json } = byExtension(files);
  expectWellFormedXml(rss);
  expectWellFormedXml(atom);
  const pick = (items: Array<{ id: string | null; title: string | null }>) => items.map(({ id, title }) => ({ id, title }));
  return {
    rss: pick(parseFeed(rss).items),
    atom: pick(parseFeed(atom).items),
    json: pick((expectValidJsonFeed(json).items as Array<{ id: string; title: string }>).map(({ id, title }) => ({ id, title }))),
  };
}

const other = fixtureRelease2023({
  id: '01H3OTHER00000000000000000',
  title: 'Milli Məclisdə Türkiyə nümayəndə heyəti ilə görüş',
  countries: ['TR'],
  officials: ['sahibe-qafarova'],
  publishedAt: '2023-05-01T09:00:00.000Z',
  updatedAt: '2023-05-01T09:00:00.000Z',
});

describe('renderFeedFiles', () => {
  test('four files per feed with paths, content types and cache control', () => {
    const cases: Array<[FeedRef, string]> = [
      [{ kind: 'all' }, 'feeds/all'],
      [{ kind: 'country', code: 'KZ' }, 'feeds/countries/kz'],
      [{ kind: 'official', slug: 'maulen-ashimbayev' }, 'feeds/officials/maulen-ashimbayev'],
    ];
    for (const [feed, stem] of cases) {
      const files = renderFeedFiles(context(feed, [fixtureRelease2023()]));
      expect(files.map(({ path, contentType }) => [path, contentType])).toEqual([
        [`${stem}.rss`, 'application/rss+xml; charset=utf-8'],
        [`${stem}.atom`, 'application/atom+xml; charset=utf-8'],
        [`${stem}.json`, 'application/feed+json; charset=utf-8'],
        [`${stem}.html`, 'text/html; charset=utf-8'],
      ]);
      for (const file of files) expect(file.cacheControl).toBe('public, max-age=60, s-maxage=60, stale-while-revalidate=300, stale-if-error=86400');
    }
  });

  test('identical input gives identical bytes, whatever order ties come back in', () => {
    const first = renderFeedFiles(context({ kind: 'all' }, [fixtureRelease2023(), other]));
    const second = renderFeedFiles(context({ kind: 'all' }, [structuredClone(fixtureRelease2023()), structuredClone(other)]));
    expect(second).toEqual(first);
    const twin = fixtureRelease2023({ id: '01H3TWIN000000000000000000' });
    expect(renderFeedFiles(context({ kind: 'all' }, [twin, fixtureRelease2023()]))).toEqual(renderFeedFiles(context({ kind: 'all' }, [fixtureRelease2023(), twin])));
  });

  test('the same release has the same entry id in every format', () => {
    const items = itemsIn(renderFeedFiles(context({ kind: 'all' }, [fixtureRelease2023(), other])));
    const expected = [entryId(SITE, '01H3ABCDEF0123456789XYZKQM'), entryId(SITE, '01H3OTHER00000000000000000')];
    expect(items.rss.map((item) => item.id)).toEqual(expected);
    expect(items.atom.map((item) => item.id)).toEqual(expected);
    expect(items.json.map((item) => item.id)).toEqual(expected);
  });

  test('a correction shows the new title in every format under the same id', () => {
    const original = fixtureRelease2023();
    const corrected: Release = {
      ...original,
      version: 2,
      title: 'Sahibə Qafarova Qazaxıstan Senatının Sədri Maulen Aşimbayev ilə görüşüb',
      updatedAt: '2023-06-15T12:30:00.000Z',
    };
    for (const feed of [{ kind: 'all' }, { kind: 'country', code: 'KZ' }, { kind: 'official', slug: 'maulen-ashimbayev' }] as FeedRef[]) {
      const before = renderFeedFiles(context(feed, [original]));
      const after = renderFeedFiles(context(feed, [corrected]));
      const [itemsBefore, itemsAfter] = [itemsIn(before), itemsIn(after)];
      for (const format of ['rss', 'atom', 'json'] as const) {
        expect(itemsBefore[format]).toEqual([{ id: entryId(SITE, original.id), title: FIXTURE.title }]);
        expect(itemsAfter[format]).toEqual([{ id: entryId(SITE, original.id), title: corrected.title }]);
      }
      const html = byExtension(after).html;
      expect(html).toContain(corrected.title);
      expect(html).not.toContain(`>${FIXTURE.title}<`);
      expect(parseFeed(byExtension(after).atom).items[0]?.updated?.toISOString()).toBe('2023-06-15T12:30:00.000Z');
      // Every byte that changed has a reason: each format carries the title.
      before.forEach((file, index) => expect(after[index]?.body).not.toBe(file.body));
    }
  });

  test('a feed of one language speaks it in every format, and lives under its language', () => {
    const russian = fixtureRelease2023({ language: 'ru', title: 'Встреча' });
    const rendered = renderFeedFiles(context({ kind: 'country', code: 'KZ', language: 'ru' }, [russian]));
    expect(rendered.map((file) => file.path)).toEqual(['rss', 'atom', 'json', 'html'].map((ext) => `feeds/ru/countries/kz.${ext}`));
    const files = byExtension(rendered);
    expect(parseFeed(files.rss).title).toBe('Милли Меджлис — Казахстан');
    expect(parseFeed(files.atom).language).toBe('ru');
    expect(files.html).toContain('<html lang="ru">');
    // The feed's address, visible to select and copy without any script.
    expect(files.html).toContain('<code class="feed-url">http://127.0.0.1:3000/feeds/ru/countries/kz.rss</code>');
    expect(expectValidJsonFeed(files.json).title).toBe('Милли Меджлис — Казахстан');
  });
});

describe('content types and caching by path', () => {
  test('known extensions', () => {
    expect(contentTypeFor('feeds/all.rss')).toBe('application/rss+xml; charset=utf-8');
    expect(contentTypeFor('feeds/index.html')).toBe('text/html; charset=utf-8');
    expect(contentTypeFor('sitemap.xml')).toBe('application/xml; charset=utf-8');
    expect(contentTypeFor('robots.txt')).toBe('text/plain; charset=utf-8');
    expect(contentTypeFor('feeds/all.png')).toBeUndefined();
    expect(cacheControlFor('feeds/countries/kz.json')).toContain('s-maxage=60');
    expect(cacheControlFor('something/else')).toBe('no-cache');
  });

  test('the directory is feeds/index.html, and feeds/<language>/index.html in each of the site\'s languages', () => {
    const files = renderDirectoryFiles({ site: SITE, feeds: [{ kind: 'country', code: 'KZ' }, { kind: 'country', code: 'KZ', language: 'ru' }], officials: OFFICIALS, baseUrl: BASE_URL });
    expect(files.map((file) => file.path)).toEqual(['feeds/index.html', 'feeds/az/index.html', 'feeds/en/index.html', 'feeds/ru/index.html']);
    for (const file of files) {
      expect(file.contentType).toBe('text/html; charset=utf-8');
      expect(file.body).toContain('/feeds/countries/kz.rss');
      expect(file.body).toContain('/feeds/ru/countries/kz.rss');
    }
    expect(files[3]!.body).toContain('<html lang="ru">');
  });
});
