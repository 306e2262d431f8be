// Two runtimes in one process, each on its own table, topic, bucket and URL: each sees only
// its own data, through the API, its feeds, its stream consumers and its adapters, since each
// runtime gives its handlers its own settings instead of the process environment.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { listOfficials } from '../../lambdas/adapters/official-repository.ts';
import type { Runtime } from '../../local/runtime.ts';
import { fixtureInput } from '../support/fixture.ts';
import { ADMIN_TOKEN, api, PRESS_TOKEN, startTestRuntime } from '../support/runtime.ts';

let first: Runtime;
let second: Runtime;

beforeAll(async () => {
  // Started one after the other: the second must not redirect the first.
  first = await startTestRuntime();
  second = await startTestRuntime();
});
afterAll(async () => {
  await second?.stop();
  await first?.stop();
});

const official = (name: string) => ({ names: { en: name }, role: { en: 'Speaker' }, country: 'KZ' });

test('each runtime has its own settings', () => {
  expect(first.settings.tableName).not.toBe(second.settings.tableName);
  expect(first.settings.endpoints.sns).not.toBe(second.settings.endpoints.sns);
  expect(first.settings.endpoints.s3).not.toBe(second.settings.endpoints.s3);
  expect(first.settings.publicBaseUrl).not.toBe(second.settings.publicBaseUrl);
});

test('a release posted to one is in its list and feeds only', async () => {
  const [a, b] = [api(first), api(second)];
  const inFirst = await (await a('/v1/releases', { method: 'POST', token: PRESS_TOKEN, json: fixtureInput({ title: 'Only in the first' }) })).json();
  const inSecond = await (await b('/v1/releases', { method: 'POST', token: PRESS_TOKEN, json: fixtureInput({ title: 'Only in the second' }) })).json();
  await Promise.all([first.settled(), second.settled()]);

  const titles = async (call: typeof a) => ((await (await call('/v1/releases')).json()).items as Array<{ title: string }>).map((r) => r.title);
  expect(await titles(a)).toEqual(['Only in the first']);
  expect(await titles(b)).toEqual(['Only in the second']);
  expect((await a(`/v1/releases/${inSecond.id}`)).status).toBe(404);
  expect((await b(`/v1/releases/${inFirst.id}`)).status).toBe(404);

  // The feeds consumer of each wrote to its own bucket, with its own public URL in the links.
  const feed = async (runtime: Runtime) => (await (await fetch(`${runtime.url}/feeds/all.json`)).json()) as { feed_url: string; items: Array<{ title: string }> };
  const [feedA, feedB] = [await feed(first), await feed(second)];
  expect(feedA.items.map((i: { title: string }) => i.title)).toEqual(['Only in the first']);
  expect(feedB.items.map((i: { title: string }) => i.title)).toEqual(['Only in the second']);
  expect(feedA.feed_url.startsWith(first.url)).toBe(true);
  expect(feedB.feed_url.startsWith(second.url)).toBe(true);
});

test('adapters called in a runtime\'s context read that runtime\'s table', async () => {
  expect((await api(first)('/v1/officials/first-only', { method: 'PUT', token: ADMIN_TOKEN, json: official('First') })).status).toBe(201);
  const slugs = async (runtime: Runtime) => (await runtime.adapters.run(() => listOfficials())).map((o) => o.slug);
  expect(await slugs(first)).toContain('first-only');
  expect(await slugs(second)).not.toContain('first-only');
});
