// One rule for feed URLs: the files' own links and the links in partners' webhook messages
// must be the same strings, whatever shape the configured site URL has.
import { SITE } from '../../../support/site.ts';
import { describe, expect, test } from 'vitest';
import { feedUrls } from '../../../../lambdas/core/feeds/feed-urls.ts';
import { renderFeedFiles } from '../../../../lambdas/core/feeds/feed-files.ts';
import { releaseEvent } from '../../../../lambdas/core/release-event.ts';
import type { Release } from '../../../../lambdas/core/release.ts';

const release: Release = {
  id: '01HZX3K6J5Q0000000000000AB',
  version: 1,
  title: 'Görüş',
  summary: 'Qısa məlumat',
  body: 'Mətn',
  bodyFormat: 'text',
  language: 'az',
  countries: ['KZ'],
  officials: ['sahibe-qafarova'],
  publishedAt: '2023-06-15T10:00:00.000Z',
  updatedAt: '2023-06-15T10:00:00.000Z',
  status: 'published',
  embargo: false,
  changes: [],
  images: [],
  attachments: [],
  files: {},
};

describe('feedUrls', () => {
  test.each([
    ['an IDN host, in punycode', 'https://mətbuat.az', 'https://xn--mtbuat-wyc.az/feeds/'],
    ['mixed case: the host lower-cased, the path kept', 'HTTPS://Press.Example.ORG/Mətbuat/', 'https://press.example.org/M%C9%99tbuat/feeds/'],
    ['a path prefix without a trailing slash', 'https://example.org/az', 'https://example.org/az/feeds/'],
    ['a path prefix with trailing slashes', 'https://example.org/az//', 'https://example.org/az/feeds/'],
    ['a space in the path', 'https://example.org/press room', 'https://example.org/press%20room/feeds/'],
    ['a trailing slash', 'https://example.org/', 'https://example.org/feeds/'],
    ['no trailing slash', 'https://example.org', 'https://example.org/feeds/'],
    ['a query and fragment on the base are dropped', 'https://example.org/az?x=1#top', 'https://example.org/az/feeds/'],
  ])('%s', (_name, base, directory) => {
    const urls = feedUrls(base, { kind: 'country', code: 'KZ' });
    expect(urls.directory).toBe(directory);
    expect(urls.rss).toBe(`${directory}countries/kz.rss`);
    expect(urls.html).toBe(`${directory}countries/kz.html`);
  });

  test('anything but http(s) is refused', () => {
    expect(() => feedUrls('ftp://example.org', { kind: 'all' })).toThrow(/http or https/);
    expect(() => feedUrls('example.org', { kind: 'all' })).toThrow();
  });

  test.each(['https://mətbuat.az', 'HTTPS://Press.Example.ORG/Press Room', 'https://example.org/az//'])(
    'webhook messages and the feed files name the same URLs for %s',
    (base) => {
      const event = releaseEvent('release.published', release, base);
      const [rss, atom, json, html] = renderFeedFiles({ site: SITE, feed: { kind: 'country', code: 'KZ' }, releases: [release], officials: new Map(), baseUrl: base });
      const links = event.feeds['countries/kz']!;
      expect(rss!.body).toContain(`<atom:link href="${links.rss}"`);
      expect(atom!.body).toContain(`<link rel="self" href="${links.atom}"`);
      expect(JSON.parse(json!.body).feed_url).toBe(links.json);
      expect(html!.body).toContain(`href="${links.rss}"`);
      expect(links).toEqual((({ directory: _d, ...rest }) => rest)(feedUrls(base, { kind: 'country', code: 'KZ' })));
    },
  );
});
