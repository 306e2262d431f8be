// Another parliament deploys Pressroom by configuration alone: with the Kazakhstan Senate
// example, nothing of the Milli Majlis (name, domain, time zone, Azerbaijani chrome) may
// appear in any file the feeds function writes.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { site as loadSite, SITE_CONFIG_VARIABLE } from '../../../../lambdas/adapters/site-config.ts';
import type { FeedRef } from '../../../../lambdas/core/feed-keys.ts';
import { renderDirectoryFiles, renderFeedFiles, type FeedFile } from '../../../../lambdas/core/feeds/index.ts';
import { displayDate } from '../../../../lambdas/core/feeds/render-html-page.ts';
import type { Official, Release } from '../../../../lambdas/core/release.ts';
import type { Site } from '../../../../lambdas/core/site.ts';
import { catalogueJson, KAZAKHSTAN_CONFIG, SITE } from '../../../support/site.ts';

const officials: ReadonlyMap<string, Official> = new Map([
  ['maulen-ashimbayev', { slug: 'maulen-ashimbayev', names: { kk: 'Мәулен Әшімбаев', ru: 'Маулен Ашимбаев', en: 'Maulen Ashimbayev' }, role: {}, country: 'KZ' }],
]);

const release = (id: string, language: string, title: string, publishedAt: string): Release => ({
  id,
  version: 1,
  title,
  summary: `${title}.`,
  body: `${title}.\n\nСенат отырысы.`,
  bodyFormat: 'text',
  language,
  countries: ['KZ', 'AZ', 'RU'],
  officials: ['maulen-ashimbayev'],
  publishedAt,
  updatedAt: publishedAt,
  status: 'published',
  embargo: false,
  changes: [],
  images: [],
  attachments: [],
  files: {},
});

const releases = [
  release('01J0KK00000000000000000001', 'kk', 'Сенат заңды қабылдады', '2025-03-04T06:30:00.000Z'),
  release('01J0KK00000000000000000002', 'kk', 'Сенат төрағасы кездесу өткізді', '2025-03-03T09:00:00.000Z'),
  release('01J0KK00000000000000000003', 'ru', 'Сенат принял закон', '2025-03-02T09:00:00.000Z'),
];
const FEEDS: FeedRef[] = [{ kind: 'all' }, { kind: 'country', code: 'KZ' }, { kind: 'country', code: 'AZ' }, { kind: 'official', slug: 'maulen-ashimbayev' }];

/** Everything the shipped configuration and the Azerbaijani catalogue would put into a page. */
const MILLI_MAJLIS = [
  ...Object.values(SITE.config.institution.name),
  ...Object.values(SITE.config.institution.description),
  ...Object.values(SITE.config.institution.topicDescription).map((text) => text.replace('{topic}', '').trim()),
  'Məclis',
  'Majlis',
  'Меджлис',
  SITE.config.tagUri.authority,
  new URL(SITE.config.siteUrl).host,
  SITE.config.timeZone,
  'Baku',
  ...Object.values(catalogueJson('az') as Record<string, string>).map((text) => text.replace('{institution}', '').trim()),
];

let site: Site;
let files: FeedFile[];
const saved = process.env[SITE_CONFIG_VARIABLE];

beforeAll(async () => {
  // Through the Lambdas' own loader, as the feeds function gets it.
  process.env[SITE_CONFIG_VARIABLE] = JSON.stringify(JSON.parse(readFileSync(KAZAKHSTAN_CONFIG, 'utf8')));
  site = await loadSite();
  files = [
    ...FEEDS.flatMap((feed) => renderFeedFiles({ site, feed, releases, officials, baseUrl: 'https://press.senate.parlam.kz' })),
    ...renderDirectoryFiles({ site, feeds: FEEDS, officials, baseUrl: 'https://press.senate.parlam.kz' }),
  ];
});
afterAll(() => {
  if (saved === undefined) delete process.env[SITE_CONFIG_VARIABLE];
  else process.env[SITE_CONFIG_VARIABLE] = saved;
});

describe('the Kazakhstan Senate configuration', () => {
  test('renders RSS, Atom, JSON Feed and HTML for every feed, and the directory', () => {
    expect(files.map((file) => file.path.replace(/^feeds\//, ''))).toEqual([
      ...['all', 'countries/kz', 'countries/az', 'officials/maulen-ashimbayev'].flatMap((path) => ['rss', 'atom', 'json', 'html'].map((ext) => `${path}.${ext}`)),
      'index.html',
      ...['kk', 'ru', 'en'].map((language) => `${language}/index.html`),
    ]);
  });

  test.each(MILLI_MAJLIS)('no file contains %j', (text) => {
    for (const file of files) expect(file.body, file.path).not.toContain(text);
  });

  test('speaks Kazakh, names the Senate, and mints ids under its own domain', () => {
    const byPath = new Map(files.map((file) => [file.path, file.body]));
    expect(byPath.get('feeds/all.atom')).toContain('<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="kk">');
    expect(byPath.get('feeds/all.atom')).toContain('<id>tag:senate.parlam.kz,2025:pressroom/release/01J0KK00000000000000000001</id>');
    expect(byPath.get('feeds/countries/kz.rss')).toContain('<title>Қазақстан Республикасы Парламентінің Сенаты — Қазақстан</title>');
    expect(byPath.get('feeds/countries/az.json')).toContain('"title": "Қазақстан Республикасы Парламентінің Сенаты — Әзірбайжан"');
    expect(byPath.get('feeds/officials/maulen-ashimbayev.html')).toContain('Сенаттың баспасөз релиздері: Мәулен Әшімбаев');
    expect(byPath.get('feeds/all.html')).toContain('Жазылу');
    expect(byPath.get('feeds/index.html')).toContain('<h1>Қазақстан Республикасы Парламентінің Сенаты — жаңалықтар арналары</h1>');
    expect(byPath.get('feeds/all.json')).toContain('"url": "https://www.senate.parlam.kz/"');
  });

  test('shows dates in Almaty time', () => {
    const published = new Date('2025-03-04T06:30:00.000Z');
    const almaty = displayDate(published, 'kk', 'Asia/Almaty');
    expect(almaty).not.toBe(displayDate(published, 'kk', 'Asia/Baku'));
    expect(files.find((file) => file.path === 'feeds/all.html')?.body).toContain(almaty);
  });
});
