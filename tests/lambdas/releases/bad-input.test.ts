// Bad input gets a clear 4xx JSON error and leaves nothing behind: after every refused
// request the table holds exactly what it held before.
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Runtime } from '../../../local/runtime.ts';
import { fixtureInput } from '../../support/fixture.ts';
import { PRESS_TOKEN, api, startTestRuntime, tableItems, type Api } from '../../support/runtime.ts';

let runtime: Runtime;
let call: Api;
let existingId: string;

beforeAll(async () => {
  runtime = await startTestRuntime();
  call = api(runtime);
  const created = await call('/v1/releases', { method: 'POST', token: PRESS_TOKEN, json: fixtureInput() });
  existingId = (await created.json()).id;
  // The stream consumers (notify's ledger, the feed registry) write after the release: let them
  // finish first, so each case's before/after comparison sees only what the request did.
  await runtime.settled();
});
afterAll(() => runtime?.stop());

const big = 'ə'.repeat(51_201); // 102,402 bytes of UTF-8: just over 100 KB, though only 51 K characters

const cases: Array<{ name: string; status: number; code?: string; body?: string; json?: unknown; contentType?: string; path?: RegExp; message?: RegExp }> = [
  { name: 'malformed JSON', status: 400, body: '{"title": "x",', code: 'bad_request' },
  { name: 'an empty body', status: 400, body: '' },
  { name: 'a JSON array', status: 400, json: [fixtureInput()] },
  { name: 'wrong content type', status: 415, body: JSON.stringify(fixtureInput()), contentType: 'text/plain', code: 'unsupported_media_type' },
  { name: 'a form post', status: 415, body: 'title=x', contentType: 'application/x-www-form-urlencoded' },
  { name: 'missing title', status: 400, json: fixtureInput({ title: undefined }), path: /title/ },
  { name: 'blank title', status: 400, json: fixtureInput({ title: '   ' }), path: /title/ },
  { name: 'title over 300 characters', status: 400, json: fixtureInput({ title: 'ş'.repeat(301) }), path: /title/ },
  { name: '<script> in the title', status: 400, json: fixtureInput({ title: 'Hello <script>alert(1)</script>' }), path: /title/ },
  { name: 'missing body', status: 400, json: fixtureInput({ body: undefined }), path: /body/ },
  { name: 'body over 100 KB of UTF-8', status: 413, json: fixtureInput({ body: big }), code: 'payload_too_large' },
  { name: 'oversized body with other errors too', status: 413, json: fixtureInput({ body: big, countries: ['XX'] }) },
  { name: 'summary over 1000 characters', status: 400, json: fixtureInput({ summary: 'a'.repeat(1001) }), path: /summary/ },
  { name: 'unknown country XX', status: 400, json: fixtureInput({ countries: ['KZ', 'XX'] }), path: /countries/ },
  { name: 'unknown official', status: 400, json: fixtureInput({ officials: ['nobody-at-all'] }), path: /officials/ },
  { name: 'unknown field', status: 400, json: fixtureInput({ author: 'me' }), path: /author/ },
  { name: 'server-set field', status: 400, json: fixtureInput({ version: 7 }), path: /version/ },
  { name: 'bad language tag', status: 400, json: fixtureInput({ language: 'not a language!' }), path: /language/ },
  { name: 'relative url', status: 400, json: fixtureInput({ url: '/news/1' }), path: /url/ },
  { name: 'javascript url', status: 400, json: fixtureInput({ url: 'javascript:alert(1)' }), path: /url/ },
  { name: 'publishedAt without a time zone', status: 400, json: fixtureInput({ publishedAt: '2023-06-15 10:00' }), path: /publishedAt/ },
  { name: 'bodyFormat markdown', status: 400, json: fixtureInput({ bodyFormat: 'markdown' }), path: /bodyFormat/ },
  { name: 'countries not an array', status: 400, json: fixtureInput({ countries: 'KZ' }), path: /countries/ },
  { name: 'publishedAt past the year 9999 in UTC', status: 400, json: fixtureInput({ publishedAt: '9999-12-31T23:59:59-23:59' }), path: /publishedAt/ },
  { name: 'publishedAt before 1900', status: 400, json: fixtureInput({ publishedAt: '1899-12-31T23:59:59Z' }), path: /publishedAt/ },
  { name: 'a title of zero-width characters', status: 400, json: fixtureInput({ title: '\u200B\u200C\u200D\u2060\uFEFF' }), path: /title/ },
  { name: 'a summary of zero-width characters', status: 400, json: fixtureInput({ summary: '\u200B\u2060' }), path: /summary/ },
  { name: 'a title over 300 emoji', status: 400, json: fixtureInput({ title: '👍🏽'.repeat(301) }), path: /title/ },
  {
    name: 'a charset other than UTF-8',
    status: 415,
    body: JSON.stringify(fixtureInput({ title: 'Café' })),
    contentType: 'application/json; charset=iso-8859-1',
    code: 'unsupported_media_type',
    message: /iso-8859-1/,
  },
  { name: 'an unknown charset', status: 415, body: JSON.stringify(fixtureInput()), contentType: 'application/json;charset="klingon"', message: /klingon/ },
];

for (const c of cases) {
  for (const method of ['POST', 'PUT'] as const) {
    test(`${method} with ${c.name} → ${c.status}, nothing written`, async () => {
      const before = await tableItems(runtime);
      const path = method === 'POST' ? '/v1/releases' : `/v1/releases/${existingId}`;
      const response = await call(path, {
        method,
        token: PRESS_TOKEN,
        headers: { 'content-type': c.contentType ?? 'application/json', ...(method === 'PUT' ? { 'if-match': '"1"' } : {}) },
        ...(c.json !== undefined ? { body: JSON.stringify(c.json) } : { body: c.body ?? '' }),
      });
      expect(response.status).toBe(c.status);
      expect(response.headers.get('content-type')).toMatch(/^application\/json/);
      const { error } = await response.json();
      expect(typeof error.code).toBe('string');
      expect(typeof error.message).toBe('string');
      if (c.code) expect(error.code).toBe(c.code);
      if (c.path) expect(JSON.stringify(error.details)).toMatch(c.path);
      if (c.message) expect(error.message).toMatch(c.message);
      expect(await tableItems(runtime)).toEqual(before);
    });
  }
}

test('control characters are stripped, not refused', async () => {
  const response = await call('/v1/releases', {
    method: 'POST',
    token: PRESS_TOKEN,
    json: fixtureInput({ title: 'Bell\u0007 and NUL\u0000 gone', body: 'First\u0001 paragraph.\u000b\n\nSecond \uD800paragraph.', summary: 'Sum\u001fmary' }),
  });
  expect(response.status).toBe(201);
  const release = await response.json();
  expect(release.title).toBe('Bell and NUL gone');
  expect(release.body).toBe('First paragraph.\n\nSecond paragraph.');
  expect(release.summary).toBe('Summary');
});

test('an HTML body is sanitised: no script, no event handlers', async () => {
  const response = await call('/v1/releases', {
    method: 'POST',
    token: PRESS_TOKEN,
    json: fixtureInput({
      bodyFormat: 'html',
      body: '<p onclick="steal()">Görüş <strong>keçirilib</strong>.</p><script>alert(1)</script><a href="javascript:alert(1)">x</a><img src="x" onerror="alert(1)">',
    }),
  });
  expect(response.status).toBe(201);
  const { body } = await response.json();
  expect(body).toContain('<strong>keçirilib</strong>');
  expect(body).not.toMatch(/script|onclick|onerror|javascript:/i);
});

test('unknown and malformed ids are 404s', async () => {
  expect((await call('/v1/releases/01ARZ3NDEKTSV4RRFFQ69G5FAV')).status).toBe(404);
  expect((await call('/v1/releases/not-an-id')).status).toBe(404);
  const put = await call('/v1/releases/01ARZ3NDEKTSV4RRFFQ69G5FAV', { method: 'PUT', token: PRESS_TOKEN, headers: { 'if-match': '"1"' }, json: fixtureInput() });
  expect(put.status).toBe(404);
  expect((await call('/v1/releases/01ARZ3NDEKTSV4RRFFQ69G5FAV', { method: 'DELETE', token: PRESS_TOKEN })).status).toBe(404);
});

test('a malformed If-Match is a 400', async () => {
  const response = await call(`/v1/releases/${existingId}`, { method: 'PUT', token: PRESS_TOKEN, headers: { 'if-match': 'yesterday' }, json: fixtureInput() });
  expect(response.status).toBe(400);
});

test('UTF-8 may be declared, in any spelling the Encoding standard knows', async () => {
  for (const contentType of ['application/json; charset=utf-8', 'application/json; charset="UTF-8"', 'application/json;charset=utf8']) {
    const response = await call('/v1/releases', {
      method: 'POST',
      token: PRESS_TOKEN,
      headers: { 'content-type': contentType },
      body: JSON.stringify(fixtureInput({ title: 'Café' })),
    });
    expect(response.status, contentType).toBe(201);
    expect((await response.json()).title).toBe('Café');
  }
});

test('a title of 300 characters is accepted however many UTF-16 units they take', async () => {
  const title = '👍🏽'.repeat(151);
  const response = await call('/v1/releases', { method: 'POST', token: PRESS_TOKEN, json: fixtureInput({ title }) });
  expect(response.status).toBe(201);
  expect((await response.json()).title).toBe(title);
});

test('url is stored and answered in its WHATWG serialisation, as feeds carry it', async () => {
  const response = await call('/v1/releases', {
    method: 'POST',
    token: PRESS_TOKEN,
    json: fixtureInput({ url: 'https://www.meclis.gov.az/news.php?c="x"<y>' }),
  });
  expect(response.status).toBe(201);
  const created = await response.json();
  expect(created.url).toBe('https://www.meclis.gov.az/news.php?c=%22x%22%3Cy%3E');
  expect((await (await call(`/v1/releases/${created.id}`)).json()).url).toBe(created.url);
});

test('what the sanitiser removes leaves no marker in the body or the summary', async () => {
  const response = await call('/v1/releases', {
    method: 'POST',
    token: PRESS_TOKEN,
    json: fixtureInput({ bodyFormat: 'html', body: '<p>Görüş keçirilib.</p><p>b<scr<script></script>ipt>alert(1)</p>' }),
  });
  expect(response.status).toBe(201);
  const release = await response.json();
  expect(release.body).toMatch(/^<p>Görüş keçirilib\.<\/p><p>b/);
  expect(`${release.body} ${release.summary}`).not.toMatch(/removed|alert/);
});
