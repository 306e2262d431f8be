// The feeds end to end on the local runtime, over HTTP, as a media outlet polls them: releases
// go in through the API, the stream drives the feeds handler, the files land in the local S3
// engine and come back through /feeds/ with conditional GET and gzip. Every feed is read by
// independent parsers (fast-xml-parser's validator, @rowanmanning/feed-parser, the JSON Feed
// 1.1 schema), never by our own code.
import { SITE } from '../../support/site.ts';
import { request as httpRequest } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { parseFeed } from '@rowanmanning/feed-parser';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { entryId } from '../../../lambdas/core/feeds/index.ts';
import { displayDate } from '../../../lambdas/core/feeds/display-date.ts';
import { startRuntime, type Runtime } from '../../../local/runtime.ts';
import { fixtureInput } from '../../support/fixture.ts';
import { ADMIN_TOKEN, api, PRESS_TOKEN, startTestRuntime, type Api } from '../../support/runtime.ts';
import { expectValidJsonFeed } from '../core/feeds/json-feed-schema.ts';
import { expectWellFormedXml } from '../core/feeds/xml-checks.ts';

let runtime: Runtime;
let call: Api;
let fixture: { id: string; title: string };
let turkey: { id: string; title: string };

const FORMATS = ['rss', 'atom', 'json', 'html'] as const;
type Format = (typeof FORMATS)[number];
const CONTENT_TYPES: Record<Format, string> = {
  rss: 'application/rss+xml; charset=utf-8',
  atom: 'application/atom+xml; charset=utf-8',
  json: 'application/feed+json; charset=utf-8',
  html: 'text/html; charset=utf-8',
};

const post = async (input: Record<string, unknown>) => {
  const response = await call('/v1/releases', { method: 'POST', token: PRESS_TOKEN, json: input });
  expect(response.status).toBe(201);
  return (await response.json()) as { id: string; title: string; version: number; updatedAt: string };
};

beforeAll(async () => {
  runtime = await startTestRuntime();
  call = api(runtime);
  fixture = await post(fixtureInput());
  turkey = await post(
    fixtureInput({
      title: 'Milli Məclisin Sədri Türkiyə Böyük Millət Məclisinin Sədri ilə görüşüb',
      countries: ['TR'],
      officials: ['ilham-aliyev'],
      url: 'https://www.meclis.gov.az/news.php?id=2',
      publishedAt: '2023-07-01T09:00:00Z',
    }),
  );
  await runtime.settled();
});
afterAll(() => runtime?.stop());

interface Entry {
  id: string;
  title: string;
}

/** The entries of one feed file, read by an independent parser for its format. */
async function entries(path: string): Promise<Entry[]> {
  const response = await call(path);
  expect(response.status, path).toBe(200);
  const body = await response.text();
  const format = path.split('.').at(-1) as Format;
  expect(response.headers.get('content-type')).toBe(CONTENT_TYPES[format]);
  if (format === 'json') {
    const document = expectValidJsonFeed(body) as { items: Entry[] };
    return document.items.map(({ id, title }) => ({ id, title }));
  }
  if (format === 'html') {
    // The page has no ids: its entries are the headings' link texts.
    return [...body.matchAll(/<h2 dir="auto"><a href="[^"]*">([^<]*)<\/a><\/h2>/g)].map((m) => ({ id: '', title: m[1]! }));
  }
  expectWellFormedXml(body);
  const parsed = parseFeed(body);
  expect(parsed.meta.type).toBe(format);
  return parsed.items.map((item) => ({ id: item.id ?? '', title: item.title ?? '' }));
}

async function titlesIn(feed: string, format: Format): Promise<string[]> {
  return (await entries(`/feeds/${feed}.${format}`)).map((entry) => entry.title);
}

/** Whether the release is in the feed (by id and title; the HTML page by title). */
async function expectIn(feed: string, release: { id: string; title: string }, present: boolean): Promise<void> {
  for (const format of FORMATS) {
    const found = await entries(`/feeds/${feed}.${format}`);
    const match = found.filter((entry) => entry.title === release.title && (format === 'html' || entry.id === entryId(SITE, release.id)));
    expect(match, `${feed}.${format} ${present ? 'lists' : 'does not list'} ${release.title}`).toHaveLength(present ? 1 : 0);
    if (!present) {
      expect(found.map((entry) => entry.title)).not.toContain(release.title);
      if (format !== 'html') expect(found.map((entry) => entry.id)).not.toContain(entryId(SITE, release.id));
    }
  }
}

async function expectTitleGone(feed: string, title: string): Promise<void> {
  for (const format of FORMATS) expect(await titlesIn(feed, format), `${feed}.${format}`).not.toContain(title);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** ETag and Last-Modified of every format of a feed, read without compression (strong ETags). */
async function validators(feed: string): Promise<string[]> {
  return Promise.all(
    FORMATS.map(async (format) => {
      const response = await call(`/feeds/${feed}.${format}`, { method: 'HEAD', headers: { 'accept-encoding': 'identity' } });
      return `${format} ${response.headers.get('etag')} ${response.headers.get('last-modified')}`;
    }),
  );
}

/** A raw GET (fetch decompresses on its own), to see the bytes on the wire. */
function rawGet(path: string, headers: Record<string, string>): Promise<{ status: number; headers: Record<string, unknown>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${runtime.url}${path}`, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('the feeds after two releases', () => {
  test('the fixture is in all, KZ, RU and Maulen Ashimbayev, in every format, with the same id', async () => {
    for (const feed of ['all', 'countries/kz', 'countries/ru', 'countries/az', 'officials/maulen-ashimbayev', 'officials/sahibe-qafarova']) {
      await expectIn(feed, fixture, true);
    }
  });

  test('the fixture is not in the TR feed, which has the other release', async () => {
    await expectIn('countries/tr', fixture, false);
    await expectIn('countries/tr', turkey, true);
    await expectIn('officials/ilham-aliyev', turkey, true);
    await expectIn('countries/kz', turkey, false);
  });

  test('all lists both, newest first', async () => {
    for (const format of FORMATS) expect(await titlesIn('all', format)).toEqual([turkey.title, fixture.title]);
  });

  test('feeds are titled in the releases’ language', async () => {
    const atom = parseFeed(await (await call('/feeds/countries/kz.atom')).text());
    expect(atom.title).toBe('Milli Məclis — Qazaxıstan');
    expect(atom.language).toBe('az');
    const json = (await (await call('/feeds/officials/sahibe-qafarova.json')).json()) as { title: string; language: string };
    expect(json).toMatchObject({ title: 'Milli Məclis — Sahibə Qafarova', language: 'az' });
  });

  test('content types with charset, a CDN-friendly Cache-Control, ETag and Last-Modified', async () => {
    for (const format of FORMATS) {
      const response = await call(`/feeds/countries/kz.${format}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe(CONTENT_TYPES[format]);
      expect(response.headers.get('cache-control')).toMatch(/^public, max-age=60, s-maxage=60/);
      expect(response.headers.get('etag')).toMatch(/^(W\/)?"[0-9a-f]{32}"$/);
      expect(new Date(response.headers.get('last-modified') ?? '').getTime()).not.toBeNaN();
      expect(response.headers.get('vary')).toBe('Accept-Encoding');
    }
  });

  test('the directory, at /feeds/ and /feeds, lists every feed with autodiscovery links', async () => {
    const expected = [
      'all',
      'countries/az',
      'countries/kz',
      'countries/ru',
      'countries/tr',
      'officials/ilham-aliyev',
      'officials/maulen-ashimbayev',
      'officials/sahibe-qafarova',
    ];
    for (const path of ['/feeds/', '/feeds']) {
      const response = await call(path);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
      const html = await response.text();
      const alternates = [...html.matchAll(/<link rel="alternate" type="([^"]+)" title="[^"]+" href="([^"]+)">/g)].map(
        (m) => `${m[1]} ${m[2]!.replace(`${runtime.url}/feeds/`, '')}`,
      );
      expect(alternates.sort()).toEqual(
        expected
          .flatMap((feed) => [
            `application/rss+xml ${feed}.rss`,
            `application/atom+xml ${feed}.atom`,
            `application/feed+json ${feed}.json`,
          ])
          .sort(),
      );
      for (const feed of expected) expect(html).toContain(`href="${runtime.url}/feeds/${feed}.html"`);
    }
  });

  test('every file the directory links to exists and parses', async () => {
    const html = await (await call('/feeds/')).text();
    const links = new Set([...html.matchAll(/href="([^"]+\.(?:rss|atom|json|html))"/g)].map((m) => m[1]!));
    // The 8 feeds of every language, the same 8 in Azerbaijani (both releases are), and `all` in
    // English and Russian, which the directory lists for every language: 18 feeds in 4 formats.
    expect(links.size).toBe(18 * 4);
    for (const link of links) await entries(link.replace(runtime.url, ''));
  });

  test('a missing feed is a JSON 404; other methods a 405', async () => {
    const missing = await call('/feeds/countries/xx.rss');
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect((await missing.json()).error.code).toBe('not_found');
    expect((await call('/feeds/countries/')).status).toBe(404);
    expect((await call('/feeds/%2e%2e%2Fv1%2Freleases')).status).toBe(404);
    const post = await call('/feeds/all.rss', { method: 'POST', body: 'x' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
  });
});

describe('conditional GET and compression', () => {
  test('a second identical poll gets 304, by ETag and by If-Modified-Since', async () => {
    for (const encoding of ['identity', 'gzip']) {
      const first = await call('/feeds/all.rss', { headers: { 'accept-encoding': encoding } });
      expect(first.status).toBe(200);
      const etag = first.headers.get('etag')!;
      const lastModified = first.headers.get('last-modified')!;
      expect(etag.startsWith('W/')).toBe(encoding === 'gzip');
      const byTag = await call('/feeds/all.rss', { headers: { 'accept-encoding': encoding, 'if-none-match': etag } });
      expect(byTag.status).toBe(304);
      expect(await byTag.text()).toBe('');
      expect(byTag.headers.get('etag')).toBe(etag);
      const byDate = await call('/feeds/all.rss', { headers: { 'accept-encoding': encoding, 'if-modified-since': lastModified } });
      expect(byDate.status).toBe(304);
    }
    const older = await call('/feeds/all.rss', { headers: { 'if-modified-since': 'Thu, 01 Jan 2015 00:00:00 GMT' } });
    expect(older.status).toBe(200);
    const otherTag = await call('/feeds/all.rss', { headers: { 'if-none-match': '"0123"', 'if-modified-since': new Date().toUTCString() } });
    expect(otherTag.status).toBe(200); // If-None-Match decides when present
  });

  test('gzip when the client accepts it, identical bytes once unzipped; HEAD has no body', async () => {
    const plain = await rawGet('/feeds/countries/kz.atom', { 'accept-encoding': 'identity' });
    const zipped = await rawGet('/feeds/countries/kz.atom', { 'accept-encoding': 'br;q=1, gzip;q=0.8' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(zipped.headers.vary).toBe('Accept-Encoding');
    expect(zipped.body.length).toBeLessThan(plain.body.length);
    expect(gunzipSync(zipped.body).equals(plain.body)).toBe(true);
    const refused = await rawGet('/feeds/countries/kz.atom', { 'accept-encoding': 'gzip;q=0' });
    expect(refused.headers['content-encoding']).toBeUndefined();
    const head = await call('/feeds/countries/kz.atom', { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });
});

describe('changes', () => {
  test('an unrelated release leaves other feeds untouched: same ETag, same Last-Modified', async () => {
    const kz = await validators('countries/kz');
    const maulen = await validators('officials/maulen-ashimbayev');
    const all = await validators('all');
    const tr = await validators('countries/tr');
    await sleep(1_100); // Last-Modified has whole seconds: a rewrite would show
    await post(
      fixtureInput({
        title: 'Türkiyə ilə parlamentlərarası əlaqələr müzakirə olunub',
        countries: ['TR'],
        officials: [],
        url: 'https://www.meclis.gov.az/news.php?id=3',
        publishedAt: '2023-07-02T09:00:00Z',
      }),
    );
    await runtime.settled();
    expect(await validators('countries/kz')).toEqual(kz);
    expect(await validators('officials/maulen-ashimbayev')).toEqual(maulen);
    expect(await validators('all')).not.toEqual(all);
    expect(await validators('countries/tr')).not.toEqual(tr);
    expect(await titlesIn('countries/tr', 'rss')).toHaveLength(2);
  });

  test('a correction shows the new title in every format, under the same id', async () => {
    const title = 'Sahibə Qafarova Qazaxıstan Senatının Sədri Maulen Aşimbayev ilə görüşüb (düzəliş)';
    const response = await call(`/v1/releases/${fixture.id}`, {
      method: 'PUT',
      token: PRESS_TOKEN,
      headers: { 'if-match': '"1"' },
      json: fixtureInput({ title }),
    });
    expect(response.status).toBe(200);
    await runtime.settled();
    for (const feed of ['all', 'countries/kz', 'countries/ru', 'officials/maulen-ashimbayev']) {
      await expectIn(feed, { id: fixture.id, title }, true);
      await expectTitleGone(feed, fixture.title);
    }
    fixture = { id: fixture.id, title };
  });

  test('a correction that drops RU takes it out of the RU feed, which stays a valid, dated, empty feed', async () => {
    const response = await call(`/v1/releases/${fixture.id}`, {
      method: 'PUT',
      token: PRESS_TOKEN,
      headers: { 'if-match': '"2"' },
      json: fixtureInput({ title: fixture.title, countries: ['KZ', 'AZ'] }),
    });
    expect(response.status).toBe(200);
    const corrected = (await response.json()) as { updatedAt: string };
    await runtime.settled();
    await expectIn('countries/ru', fixture, false);
    await expectIn('countries/kz', fixture, true);
    await expectIn('all', fixture, true);
    // Its subscribers still get a feed, dated by the correction rather than the epoch.
    const atom = parseFeed(await (await call('/feeds/countries/ru.atom')).text());
    expect(atom.items).toHaveLength(0);
    expect(atom.updated?.toISOString()).toBe(corrected.updatedAt);
    // The directory lists feeds that have releases.
    const directory = await (await call('/feeds/')).text();
    expect(directory).not.toContain('/feeds/countries/ru.');
    expect(directory).toContain('/feeds/countries/kz.rss');
  });

  test('a correction with a change note shows "Updated <date>: <note>" in every format', async () => {
    const note = 'Görüşün tarixi düzəldildi & "Senat" 5 < 6 > 4';
    const response = await call(`/v1/releases/${fixture.id}`, {
      method: 'PUT',
      token: PRESS_TOKEN,
      headers: { 'if-match': '"3"' },
      json: { ...fixtureInput({ title: fixture.title, countries: ['KZ', 'AZ'] }), changeNote: note },
    });
    expect(response.status).toBe(200);
    const corrected = (await response.json()) as { updatedAt: string; changes: { at: string; note: string }[] };
    expect(corrected.changes).toEqual([{ at: corrected.updatedAt, note }]);
    await runtime.settled();
    // The pages' date format, in Baku time; its wording is checked in the renderer tests.
    const date = displayDate(new Date(corrected.updatedAt), 'az', SITE.config.timeZone);
    const text = `Yeniləndi ${date}: ${note}`;
    const html = `<p class="pressroom-change">Yeniləndi <time datetime="${corrected.updatedAt}">${date}</time>: Görüşün tarixi düzəldildi &amp; &quot;Senat&quot; 5 &lt; 6 &gt; 4</p>`;
    for (const format of ['rss', 'atom'] as const) {
      const body = await (await call(`/feeds/countries/kz.${format}`)).text();
      expectWellFormedXml(body);
      const item = parseFeed(body).items.find((candidate) => candidate.id === entryId(SITE, fixture.id));
      expect(item?.content, format).toContain(`Yeniləndi <time datetime="${corrected.updatedAt}">${date}</time>: Görüşün tarixi düzəldildi`);
      // RSS has no modification date per item; Atom's updated follows updatedAt.
      if (format === 'atom') expect(item?.updated?.toISOString()).toBe(corrected.updatedAt);
      // The XML-level value: the note escaped once in the HTML content.
      expect(body, format).toContain(html.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;'));
    }
    const atom = await (await call('/feeds/countries/kz.atom')).text();
    expect(parseFeed(atom).items[0]?.description).toContain(`Yeniləndi ${date}: Görüşün tarixi düzəldildi`);
    const json = expectValidJsonFeed(await (await call('/feeds/countries/kz.json')).text()) as {
      items: Array<{ id: string; content_html: string; content_text?: string; date_modified: string; _pressroom?: unknown }>;
    };
    const item = json.items.find((candidate) => candidate.id === entryId(SITE, fixture.id));
    expect(item?.date_modified).toBe(corrected.updatedAt);
    expect(item?.content_html.endsWith(`\n${html}`)).toBe(true);
    expect(item?.content_text?.endsWith(`\n\n${text}`)).toBe(true);
    expect(item?._pressroom).toEqual({ changes: corrected.changes });
    const page = await (await call('/feeds/countries/kz.html')).text();
    expect(page).toContain(html.replace('class="pressroom-change"', 'class="meta pressroom-change"'));
  });

  test('a retraction removes the release from every feed', async () => {
    const response = await call(`/v1/releases/${fixture.id}`, { method: 'DELETE', token: PRESS_TOKEN });
    expect(response.status).toBe(200);
    await runtime.settled();
    for (const feed of ['all', 'countries/kz', 'countries/ru', 'countries/az', 'officials/maulen-ashimbayev', 'officials/sahibe-qafarova']) {
      await expectIn(feed, fixture, false);
    }
    await expectIn('all', turkey, true);
    await expectIn('countries/tr', turkey, true);
    const directory = await (await call('/feeds/')).text();
    expect(directory).not.toContain('/feeds/countries/kz.');
    expect(directory).not.toContain('/feeds/officials/maulen-ashimbayev.');
    expect(directory).toContain('/feeds/countries/tr.rss');
  });
});

describe('officials', () => {
  test('renaming an official re-titles its feed and the directory', async () => {
    const response = await call('/v1/officials/ilham-aliyev', {
      method: 'PUT',
      token: ADMIN_TOKEN,
      json: { names: { az: 'İlham Heydər oğlu Əliyev', en: 'Ilham Aliyev' }, role: { en: 'President' }, country: 'AZ' },
    });
    expect(response.status).toBe(200);
    await runtime.settled();
    const atom = parseFeed(await (await call('/feeds/officials/ilham-aliyev.atom')).text());
    expect(atom.title).toBe('Milli Məclis — İlham Heydər oğlu Əliyev');
    expect(await (await call('/feeds/')).text()).toContain('İlham Heydər oğlu Əliyev');
  });
});

describe('a restart', () => {
  test('rebuilds every feed (the same bytes, so the same ETags) and every published release\'s page from the table into the new (in-memory) store', async () => {
    // ru/all has had no release: dated by its creation, not the epoch, and the same after the rebuild.
    const feeds = ['all', 'countries/kz', 'countries/ru', 'countries/tr', 'officials/maulen-ashimbayev', 'ru/all'];
    const empty = parseFeed(await (await call('/feeds/ru/all.atom')).text());
    expect(empty.items).toEqual([]);
    expect(empty.updated?.getUTCFullYear()).toBeGreaterThan(2000);
    const before = await Promise.all(feeds.flatMap((feed) => FORMATS.map(async (format) => (await call(`/feeds/${feed}.${format}`)).headers.get('etag'))));
    const directoryBefore = await (await call('/feeds/')).text();
    // And the page of a published release (the Turkish one is still published). Written before
    // its official was renamed above, it shows the old name: pages follow an official's rename
    // with their release's next change, or (here) a rebuild.
    const pageBefore = await call(`/releases/${turkey.id}`);
    expect(pageBefore.status).toBe(200);
    expect(await pageBefore.text()).not.toContain('İlham Heydər oğlu Əliyev');
    await runtime.stop();
    runtime = await startRuntime({
      port: 0,
      dynamoEndpoint: runtime.dynamoEndpoint,
      credentials: runtime.settings.localCredentials!,
      tableName: runtime.tableName,
      publicBaseUrl: runtime.url,
      log: () => undefined,
    });
    call = api(runtime);
    const after = await Promise.all(feeds.flatMap((feed) => FORMATS.map(async (format) => (await call(`/feeds/${feed}.${format}`)).headers.get('etag'))));
    expect(after).toEqual(before);
    expect(await (await call('/feeds/')).text()).toBe(directoryBefore);
    const pageAfter = await call(`/releases/${turkey.id}`);
    expect(pageAfter.status).toBe(200);
    const rebuilt = await pageAfter.text();
    expect(rebuilt).toContain(turkey.title);
    expect(rebuilt).toContain('İlham Heydər oğlu Əliyev');
  });
});
