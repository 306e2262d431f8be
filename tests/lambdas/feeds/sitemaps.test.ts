// The sitemaps on the real engines: robots.txt and the index are there from the start; each
// release page is listed in its day's sitemap (a release with an address of its own is not), the
// index names each day that lists a page, the News sitemap holds the last two days; a release
// moved to another day or retracted leaves the day it was on. Served as CloudFront serves them.
import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Runtime } from '../../../local/runtime.ts';
import { fixtureInput } from '../../support/fixture.ts';
import { PRESS_TOKEN, api, startTestRuntime, type Api } from '../../support/runtime.ts';

let runtime: Runtime;
let call: Api;
const xml = new XMLParser({ isArray: (name) => ['url', 'sitemap'].includes(name) });

async function post(overrides: Record<string, unknown>): Promise<{ id: string; version: number; updatedAt: string; publishedAt: string }> {
  const response = await call('/v1/releases', { method: 'POST', token: PRESS_TOKEN, json: fixtureInput({ url: undefined, ...overrides }) });
  expect(response.status, JSON.stringify(await response.clone().json())).toBe(201);
  return response.json();
}

async function get(path: string): Promise<{ status: number; type: string | null; text: string }> {
  const response = await call(path);
  return { status: response.status, type: response.headers.get('content-type'), text: await response.text() };
}

const pageUrl = (id: string) => `${runtime.url}/releases/${id}`;
const index = async () => ((xml.parse((await get('/sitemap.xml')).text).sitemapindex.sitemap ?? []) as { loc: string; lastmod: string }[]);
const urls = async (day: string) => ((xml.parse((await get(`/sitemaps/${day}.xml`)).text).urlset.url ?? []) as { loc: string; lastmod: string }[]);
const news = async () => ((xml.parse((await get('/news-sitemap.xml')).text).urlset.url ?? []) as { loc: string; 'news:news': Record<string, any> }[]);

beforeAll(async () => {
  runtime = await startTestRuntime();
  call = api(runtime);
});
afterAll(() => runtime?.stop());

test('before any release, robots.txt names the sitemap index and the News sitemap, both empty', async () => {
  const robots = await get('/robots.txt');
  expect(robots.status).toBe(200);
  expect(robots.type).toBe('text/plain; charset=utf-8');
  expect(robots.text).toContain(`Sitemap: ${runtime.url}/sitemap.xml\n`);
  expect(robots.text).toContain(`Sitemap: ${runtime.url}/news-sitemap.xml\n`);
  expect((await get('/sitemap.xml')).type).toBe('application/xml; charset=utf-8');
  expect(await index()).toEqual([]);
  expect(await news()).toEqual([]);
});

describe('with releases', () => {
  const posted: Record<string, { id: string; version: number; updatedAt: string; publishedAt: string }> = {};
  const today = new Date().toISOString().slice(0, 10);
  beforeAll(async () => {
    posted.first = await post({ title: 'Sitemap first', publishedAt: '2023-06-15T08:00:00Z' });
    posted.second = await post({ title: 'Sitemap second', publishedAt: '2023-06-15T23:59:00Z' });
    posted.elsewhere = await post({ title: 'Sitemap elsewhere', publishedAt: '2023-06-16T09:00:00Z', url: 'https://www.meclis.gov.az/news.php?id=7' });
    posted.recent = await post({ title: 'Sitemap recent: "quoted" & 3 > 2', publishedAt: undefined, language: 'ru' });
    posted.older = await post({ title: 'Sitemap older', publishedAt: new Date(Date.now() - 3 * 24 * 3600_000).toISOString() });
    await runtime.settled();
  });

  test("a day's sitemap lists its releases' pages with their last change, and each page is there", async () => {
    expect(await urls('2023-06-15')).toEqual([
      { loc: pageUrl(posted.first!.id), lastmod: posted.first!.updatedAt },
      { loc: pageUrl(posted.second!.id), lastmod: posted.second!.updatedAt },
    ]);
    for (const { loc } of await urls('2023-06-15')) expect((await get(new URL(loc).pathname)).status).toBe(200);
  });

  test('the index names every day that lists a page, oldest first; a day with only a release published elsewhere is not named', async () => {
    const days = (await index()).map((entry) => new URL(entry.loc).pathname);
    const olderDay = posted.older!.publishedAt.slice(0, 10);
    expect(days).toEqual(['/sitemaps/2023-06-15.xml', `/sitemaps/${olderDay}.xml`, `/sitemaps/${today}.xml`].filter((day, i, all) => all.indexOf(day) === i));
    expect((await index())[0]!.lastmod).toBe([posted.first!.updatedAt, posted.second!.updatedAt].sort().at(-1));
    expect(await urls('2023-06-16')).toEqual([]);
  });

  test('the News sitemap holds the releases of the last two days only, each in its language', async () => {
    const entries = await news();
    expect(entries.map((entry) => entry.loc)).toEqual([pageUrl(posted.recent!.id)]);
    expect(entries[0]!['news:news']).toEqual({
      'news:publication': { 'news:name': 'Милли Меджлис', 'news:language': 'ru' },
      'news:publication_date': posted.recent!.publishedAt,
      'news:title': 'Sitemap recent: "quoted" & 3 > 2',
    });
  });

  test('only the files Pressroom writes are served', async () => {
    for (const path of ['/sitemaps/2023-06-17.xml', '/sitemaps/nothing.xml', '/sitemap.xml.bak']) expect((await get(path)).status, path).toBe(404);
  });

  test('a release moved to another day leaves the day it was on; a retracted one leaves its day and the News sitemap', async () => {
    const moved = await call(`/v1/releases/${posted.second!.id}`, {
      method: 'PUT',
      token: PRESS_TOKEN,
      headers: { 'if-match': `"${posted.second!.version}"` },
      json: fixtureInput({ title: 'Sitemap second', url: undefined, publishedAt: '2023-06-14T12:00:00Z', changeNote: 'The date was wrong.' }),
    });
    expect(moved.status, await moved.clone().text()).toBe(200);
    const retracted = await call(`/v1/releases/${posted.recent!.id}`, { method: 'DELETE', token: PRESS_TOKEN, json: { note: 'Published in error.' } });
    expect(retracted.status).toBe(200);
    await runtime.settled();
    expect((await urls('2023-06-15')).map((entry) => entry.loc)).toEqual([pageUrl(posted.first!.id)]);
    expect((await urls('2023-06-14')).map((entry) => entry.loc)).toEqual([pageUrl(posted.second!.id)]);
    expect(await urls(today)).toEqual([]);
    expect(await news()).toEqual([]);
    const days = (await index()).map((entry) => new URL(entry.loc).pathname);
    expect(days).toContain('/sitemaps/2023-06-14.xml');
    expect(days).not.toContain(`/sitemaps/${today}.xml`);
  });
});
