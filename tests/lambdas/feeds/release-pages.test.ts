// The page of each release on the real engines: written by the feeds function from the stream,
// served at /releases/<id> as CloudFront serves it; linked from the feeds (and a translation's
// links) when the release has no url of its own; a withdrawal notice once retracted; nothing for a
// draft or a scheduled release.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Runtime } from '../../../local/runtime.ts';
import { fixtureInput, translationInput } from '../../support/fixture.ts';
import { PRESS_TOKEN, api, startTestRuntime, type Api } from '../../support/runtime.ts';

let runtime: Runtime;
let call: Api;

async function post(json: unknown) {
  const response = await call('/v1/releases', { method: 'POST', token: PRESS_TOKEN, json });
  expect(response.status, JSON.stringify(await response.clone().json())).toBe(201);
  return response.json();
}

async function page(id: string): Promise<{ status: number; type: string | null; html: string }> {
  const response = await call(`/releases/${id}`);
  return { status: response.status, type: response.headers.get('content-type'), html: await response.text() };
}

/** `<link rel="alternate" hreflang>` of a page, as `<language> <href>`. */
const hreflangs = (html: string) => [...html.matchAll(/<link rel="alternate" hreflang="([^"]+)"[^>]* href="([^"]+)">/g)].map((m) => `${m[1]} ${m[2]}`).sort();

beforeAll(async () => {
  runtime = await startTestRuntime();
  call = api(runtime);
});
afterAll(() => runtime?.stop());

describe('a release without a url of its own', () => {
  let release: { id: string; title: string; body: string };
  beforeAll(async () => {
    release = await post(fixtureInput({ url: undefined }));
    await runtime.settled();
  });

  test('the API names its page as links.page, in an answer and in a list', async () => {
    const pageUrl = `${runtime.url}/releases/${release.id}`;
    expect(((await (await call(`/v1/releases/${release.id}`)).json()) as { links: unknown }).links).toEqual({ page: pageUrl });
    const list = (await (await call('/v1/releases?limit=5')).json()) as { items: { id: string; links: unknown }[] };
    expect(list.items.find((item) => item.id === release.id)?.links).toEqual({ page: pageUrl });
  });

  test('has its page at /releases/<id>, which its feed items link to', async () => {
    const { status, type, html } = await page(release.id);
    expect(status).toBe(200);
    expect(type).toBe('text/html; charset=utf-8');
    expect(html).toContain('<html lang="az">');
    expect(html).toContain(release.title);
    expect(html).toContain(`<link rel="canonical" href="${runtime.url}/releases/${release.id}">`);
    const feed = (await (await call('/feeds/all.json')).json()) as { items: { id: string; url: string; title: string }[] };
    expect(feed.items.find((item) => item.title === release.title)?.url).toBe(`${runtime.url}/releases/${release.id}`);
  });

  test('a retraction turns its page into a withdrawal notice without the text', async () => {
    const paragraph = release.body.split('\n\n')[1]!.slice(0, 40);
    expect((await page(release.id)).html).toContain(paragraph);
    const retracted = await call(`/v1/releases/${release.id}`, { method: 'DELETE', token: PRESS_TOKEN, json: { note: 'Published in error.' } });
    expect(retracted.status).toBe(200);
    await runtime.settled();
    const notice = await page(release.id);
    expect(notice.status).toBe(200);
    expect(notice.html).toContain(release.title);
    expect(notice.html).toContain('Published in error.');
    expect(notice.html).not.toContain(paragraph);
    expect(notice.html).toContain('<meta name="robots" content="noindex">');
  });
});

test('a draft and a scheduled release have no page; nor has an id that names nothing', async () => {
  const draft = await post(fixtureInput({ status: 'draft', title: 'Draft, not public' }));
  const scheduled = await post(fixtureInput({ publishedAt: new Date(Date.now() + 3_600_000).toISOString(), title: 'Scheduled, not public' }));
  await runtime.settled();
  for (const id of [draft.id, scheduled.id, '01H3ABCDEF0123456789XYZKQM']) expect((await page(id)).status, id).toBe(404);
  // Nor a link to one: the press office reads them in the API.
  expect(draft.links).toEqual({});
  expect(((await (await call(`/v1/releases/${scheduled.id}`, { token: PRESS_TOKEN })).json()) as { links: unknown }).links).toEqual({});
  for (const path of ['/releases/', '/releases/x', `/releases/${draft.id}.html`, '/releases/..%2Ffeeds%2Fall.rss']) {
    expect((await call(path)).status, path).toBe(404);
  }
});

test('the pages of a group link each other with hreflang, the original as x-default, kept current as members are published', async () => {
  const az = await post(fixtureInput({ url: undefined, title: 'Original with pages' }));
  await runtime.settled();
  const en = await post(translationInput('en', az.id));
  await runtime.settled();
  const pageOf = (id: string) => `${runtime.url}/releases/${id}`;
  const expected = [`az ${pageOf(az.id)}`, `en ${pageOf(en.id)}`, `x-default ${pageOf(az.id)}`].sort();
  expect(hreflangs((await page(en.id)).html)).toEqual(expected);
  // The original's page was written before the translation existed: the group's change re-rendered it.
  expect(hreflangs((await page(az.id)).html)).toEqual(expected);
  // The API links the translation to its page.
  const read = (await (await call(`/v1/releases/${az.id}`)).json()) as { translations: { url: string }[] };
  expect(read.translations.map((t) => t.url)).toEqual([pageOf(en.id)]);
});
