// The release API end to end through the local runtime (API Gateway v2 events → the Lambda
// handlers → DynamoDB Local), the way a press office uses it.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Runtime } from '../../../local/runtime.ts';
import { fixtureInput, fixtureRelease } from '../../support/fixture.ts';
import { ADMIN_TOKEN, PRESS_TOKEN, api, startTestRuntime, tableItems, type Api } from '../../support/runtime.ts';
import { ULID_PATTERN } from '../../../lambdas/core/ulid.ts';

let runtime: Runtime;
let call: Api;

beforeAll(async () => {
  runtime = await startTestRuntime();
  call = api(runtime);
});
afterAll(() => runtime?.stop());

const post = (json: unknown, headers: Record<string, string> = {}) =>
  call('/v1/releases', { method: 'POST', token: PRESS_TOKEN, json, headers });

// What the API writes: releases and their feeds' entries. The entries of the feeds per language
// (feed#<language>:…) are the feeds function's, written from the stream at its own pace.
const releaseItems = async () =>
  (await tableItems(runtime)).filter((i) => i.entity === 'release' || (i.entity === 'feed-entry' && !String(i.pk).includes(':')));

describe('the fixture release', () => {
  let created: Record<string, any>;

  test('POST creates it: 201, Location, ETag, the release as the body', async () => {
    const response = await post(fixtureInput());
    expect(response.status).toBe(201);
    created = await response.json();
    expect(response.headers.get('location')).toBe(`/v1/releases/${created.id}`);
    expect(response.headers.get('etag')).toBe('"1"');
    expect(created).toMatchObject({
      version: 1,
      status: 'published',
      language: 'az',
      bodyFormat: 'text',
      countries: ['KZ', 'RU', 'AZ'],
      officials: ['sahibe-qafarova', 'maulen-ashimbayev'],
      publishedAt: '2023-06-15T10:00:00.000Z',
    });
    expect(created.id).toMatch(ULID_PATTERN);
    expect(created.title).toBe(fixtureRelease().title);
    expect(created.summary.length).toBeGreaterThan(0);
    expect(created.summary.length).toBeLessThanOrEqual(301);
  });

  test('GET reads it back byte-exact, with the text import rule applied', async () => {
    const response = await call(`/v1/releases/${created.id}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('etag')).toBe('"1"');
    const bytes = Buffer.from(await response.arrayBuffer());
    const release = JSON.parse(bytes.toString('utf8'));
    expect(release).toEqual(created);
    // Same fields in the same order as the 201, so clients can compare documents.
    expect(Object.keys(release)).toEqual(Object.keys(created));
    // The Azerbaijani letters arrive as the same UTF-8 bytes that were sent.
    for (const letter of ['ə', 'ğ', 'ı', 'İ', 'ş']) {
      expect(bytes.includes(Buffer.from(letter, 'utf8'))).toBe(true);
    }
    expect(release.title).toBe('Milli Məclisin Sədri Sahibə Qafarova Qazaxıstan Respublikası Parlamenti Senatının Sədri ilə görüşüb');
    const paragraphs: string[] = release.body.split('\n\n');
    expect(paragraphs.some((p) => p.includes('xüsusi rolu diqqətə'))).toBe(true);
    expect(release.body).toContain('imzalanmış');
    expect(paragraphs.some((p) => p.includes('roluna diqqət çəkərək'))).toBe(true);
    expect(release.body).not.toContain('ro-');
  });

  test('lists by country and by official, newest first', async () => {
    const other = await (await post(fixtureInput({ title: 'Second', countries: ['TR'], officials: ['ilham-aliyev'], publishedAt: '2024-01-01T00:00:00Z' }))).json();
    const all = await (await call('/v1/releases')).json();
    expect(all.items.map((r: any) => r.id)).toEqual([other.id, created.id]);
    expect(all.nextCursor).toBeNull();
    const kz = await (await call('/v1/releases?country=KZ')).json();
    expect(kz.items.map((r: any) => r.id)).toEqual([created.id]);
    const tr = await (await call('/v1/releases?country=tr')).json();
    expect(tr.items.map((r: any) => r.id)).toEqual([other.id]);
    const official = await (await call('/v1/releases?official=maulen-ashimbayev')).json();
    expect(official.items.map((r: any) => r.id)).toEqual([created.id]);
    const both = await (await call('/v1/releases?country=KZ&official=sahibe-qafarova')).json();
    expect(both.items.map((r: any) => r.id)).toEqual([created.id]);
    const neither = await (await call('/v1/releases?country=TR&official=sahibe-qafarova')).json();
    expect(neither.items).toEqual([]);
  });

  test('PUT corrects it with If-Match: version 2, moved between feeds', async () => {
    const response = await call(`/v1/releases/${created.id}`, {
      method: 'PUT',
      token: PRESS_TOKEN,
      headers: { 'if-match': '"1"' },
      json: fixtureInput({ title: 'Corrected: Sahibə Qafarova met Maulen Aşimbayev', countries: ['KZ', 'AZ'] }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('etag')).toBe('"2"');
    const corrected = await response.json();
    expect(corrected).toMatchObject({ id: created.id, version: 2, title: 'Corrected: Sahibə Qafarova met Maulen Aşimbayev', countries: ['KZ', 'AZ'] });
    expect(corrected.publishedAt).toBe(created.publishedAt);
    expect(Date.parse(corrected.updatedAt)).toBeGreaterThanOrEqual(Date.parse(created.updatedAt));
    const ru = await (await call('/v1/releases?country=RU')).json();
    expect(ru.items).toEqual([]);
    const kz = await (await call('/v1/releases?country=KZ')).json();
    expect(kz.items[0].title).toBe(corrected.title);
  });

  test('a stale If-Match is a 409, a missing one a 428, and neither writes', async () => {
    const before = await releaseItems();
    const stale = await call(`/v1/releases/${created.id}`, { method: 'PUT', token: PRESS_TOKEN, headers: { 'if-match': '"1"' }, json: fixtureInput() });
    expect(stale.status).toBe(409);
    expect((await stale.json()).error).toMatchObject({ code: 'conflict', details: { currentVersion: 2 } });
    const missing = await call(`/v1/releases/${created.id}`, { method: 'PUT', token: PRESS_TOKEN, json: fixtureInput() });
    expect(missing.status).toBe(428);
    expect((await missing.json()).error.code).toBe('precondition_required');
    expect(await releaseItems()).toEqual(before);
  });

  test('a bare number is accepted as If-Match', async () => {
    const response = await call(`/v1/releases/${created.id}`, { method: 'PUT', token: PRESS_TOKEN, headers: { 'if-match': '2' }, json: fixtureInput({ countries: ['KZ', 'AZ'] }) });
    expect(response.status).toBe(200);
    expect((await response.json()).version).toBe(3);
  });

  test('DELETE retracts: version +1, out of every list, the record stays', async () => {
    const response = await call(`/v1/releases/${created.id}`, { method: 'DELETE', token: PRESS_TOKEN });
    expect(response.status).toBe(200);
    const retracted = await response.json();
    expect(retracted).toMatchObject({ id: created.id, version: 4, status: 'retracted' });
    for (const query of ['', '?country=KZ', '?official=sahibe-qafarova']) {
      const list = await (await call(`/v1/releases${query}`)).json();
      expect(list.items.map((r: any) => r.id)).not.toContain(created.id);
    }
    // The API's own entries go in the retraction's transaction; those of the feeds per language
    // (feed#<language>:…) once the feeds function has read it from the stream.
    const items = await tableItems(runtime);
    expect(items.filter((i) => i.releaseId === created.id && !String(i.pk).includes(':'))).toEqual([]);
    expect(items.find((i) => i.id === created.id)).toMatchObject({ status: 'retracted', version: 4 });
    await runtime.settled();
    expect((await tableItems(runtime)).filter((i) => i.releaseId === created.id)).toEqual([]);
    // The public no longer gets the text; the press office still sees the record.
    expect((await call(`/v1/releases/${created.id}`)).status).toBe(410);
    const own = await call(`/v1/releases/${created.id}`, { token: PRESS_TOKEN });
    expect(own.status).toBe(200);
    expect((await own.json()).status).toBe('retracted');
  });

  test('retracting again answers the same retraction; correcting it is a 409', async () => {
    const again = await call(`/v1/releases/${created.id}`, { method: 'DELETE', token: PRESS_TOKEN });
    expect(again.status).toBe(200);
    expect((await again.json()).version).toBe(4);
    const correction = await call(`/v1/releases/${created.id}`, { method: 'PUT', token: PRESS_TOKEN, headers: { 'if-match': '"4"' }, json: fixtureInput() });
    expect(correction.status).toBe(409);
  });
});

test('a Russian text body keeps the hyphen of a word that falls at a line break', async () => {
  const body = 'Кто-\nто из депутатов выступил по-\nрусски. Особая ро-\nль парламентов\n\nотмечена.';
  const response = await post(fixtureInput({ title: 'Встреча', language: 'ru', body }));
  expect(response.status).toBe(201);
  const { id } = await response.json();
  const stored = await (await call(`/v1/releases/${id}`)).json();
  expect(stored.body).toBe('Кто-то из депутатов выступил по-русски. Особая роль парламентов отмечена.');
});

describe('DELETE with If-Match', () => {
  test('a stale version is a 409 and retracts nothing', async () => {
    const created = await (await post(fixtureInput())).json();
    const response = await call(`/v1/releases/${created.id}`, { method: 'DELETE', token: PRESS_TOKEN, headers: { 'if-match': '"7"' } });
    expect(response.status).toBe(409);
    expect((await (await call(`/v1/releases/${created.id}`)).json()).status).toBe('published');
    const ok = await call(`/v1/releases/${created.id}`, { method: 'DELETE', token: PRESS_TOKEN, headers: { 'if-match': '"1"' } });
    expect(ok.status).toBe(200);
  });
});

describe('Idempotency-Key', () => {
  test('the same key and body replay the original 201 without a second write', async () => {
    const body = fixtureInput({ title: 'Idempotent release' });
    const first = await post(body, { 'idempotency-key': 'key-1' });
    expect(first.status).toBe(201);
    const original = await first.json();
    const before = await releaseItems();
    const second = await post(body, { 'idempotency-key': 'key-1' });
    expect(second.status).toBe(201);
    expect(second.headers.get('location')).toBe(first.headers.get('location'));
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(await second.json()).toEqual(original);
    expect(await releaseItems()).toEqual(before);
  });

  test('the same key with another body is a 422 and writes nothing', async () => {
    await post(fixtureInput({ title: 'First body' }), { 'idempotency-key': 'key-2' });
    const before = await releaseItems();
    const response = await post(fixtureInput({ title: 'Other body' }), { 'idempotency-key': 'key-2' });
    expect(response.status).toBe(422);
    expect((await response.json()).error.code).toBe('idempotency_key_reused');
    expect(await releaseItems()).toEqual(before);
  });

  test('keys are scoped to the token', async () => {
    const body = fixtureInput({ title: 'Scoped key' });
    const press = await (await post(body, { 'idempotency-key': 'shared-key' })).json();
    const admin = await call('/v1/releases', { method: 'POST', token: ADMIN_TOKEN, json: body, headers: { 'idempotency-key': 'shared-key' } });
    expect(admin.status).toBe(201);
    expect((await admin.json()).id).not.toBe(press.id);
  });

  test('the same key sent concurrently makes one release', async () => {
    const body = fixtureInput({ title: 'Concurrent idempotent release' });
    const responses = await Promise.all(Array.from({ length: 10 }, () => post(body, { 'idempotency-key': 'key-concurrent' })));
    const ids = new Set<string>();
    for (const response of responses) {
      expect(response.status).toBe(201);
      ids.add((await response.json()).id);
    }
    expect(ids.size).toBe(1);
    const stored = (await tableItems(runtime)).filter((i) => i.entity === 'release' && i.title === 'Concurrent idempotent release');
    expect(stored).toHaveLength(1);
  });
});

describe('pagination', () => {
  test('limit and cursor walk a feed newest first without gaps or repeats', async () => {
    const ids: string[] = [];
    for (let day = 1; day <= 5; day++) {
      const r = await (await post(fixtureInput({ title: `Paged ${day}`, countries: ['UZ'], officials: [], publishedAt: `2022-01-0${day}T00:00:00Z` }))).json();
      ids.unshift(r.id);
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = `/v1/releases?country=UZ&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const page: any = await (await call(query)).json();
      seen.push(...page.items.map((r: any) => r.id));
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    expect(seen).toEqual(ids);
    expect(pages).toBe(3);
  });

  test('a forged cursor and an out-of-range limit are 400s', async () => {
    expect((await call('/v1/releases?cursor=bm90LWEtY3Vyc29y')).status).toBe(400);
    expect((await call('/v1/releases?limit=0')).status).toBe(400);
    expect((await call('/v1/releases?limit=101')).status).toBe(400);
    expect((await call('/v1/releases?country=XX')).status).toBe(400);
  });
});

describe('officials', () => {
  test('the seeded registry is public', async () => {
    const response = await call('/v1/officials');
    expect(response.status).toBe(200);
    const { items } = await response.json();
    expect(items.map((o: any) => o.slug)).toEqual(['ilham-aliyev', 'maulen-ashimbayev', 'sahibe-qafarova']);
    expect(items.find((o: any) => o.slug === 'ilham-aliyev').names.az).toBe('İlham Əliyev');
  });

  test('admin creates (201) then updates (200) an official, who can then be named in a release', async () => {
    const official = { names: { az: 'Ali Əhmədov', en: 'Ali Ahmadov' }, role: { en: 'Deputy Prime Minister' }, country: 'AZ' };
    const created = await call('/v1/officials/ali-ahmadov', { method: 'PUT', token: ADMIN_TOKEN, json: official });
    expect(created.status).toBe(201);
    expect(await created.json()).toMatchObject({ slug: 'ali-ahmadov', ...official });
    const updated = await call('/v1/officials/ali-ahmadov', { method: 'PUT', token: ADMIN_TOKEN, json: { ...official, role: { en: 'Prime Minister' } } });
    expect(updated.status).toBe(200);
    const release = await post(fixtureInput({ officials: ['ali-ahmadov'] }));
    expect(release.status).toBe(201);
  });
});

test('the OpenAPI description is served', async () => {
  const response = await call('/v1/openapi.json');
  expect(response.status).toBe(200);
  const doc = await response.json();
  expect(doc.openapi).toMatch(/^3\.1/);
  expect(Object.keys(doc.paths)).toContain('/v1/releases/{id}');
});

test('an unknown route is a JSON 404', async () => {
  const response = await call('/v1/nothing');
  expect(response.status).toBe(404);
  expect((await response.json()).error.code).toBe('not_found');
});
