// Partner subscriptions against the local SNS engine: one record per SNS subscription, and
// SNS's refusals answered as the contract's JSON errors, never a 500.
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Runtime } from '../../../local/runtime.ts';
import { EndpointSubscribedOtherwise, SubscriptionRefused, subscribeEndpoint } from '../../../lambdas/adapters/sns-subscriptions.ts';
import { ADMIN_TOKEN, api, startTestRuntime, type Api } from '../../support/runtime.ts';

let runtime: Runtime;
let call: Api;

beforeAll(async () => {
  runtime = await startTestRuntime();
  call = api(runtime);
});
afterAll(() => runtime?.stop());

let port = 40_000;
/** A loopback endpoint no other test uses (nothing listens: confirmation simply fails). */
const freshEndpoint = () => `http://127.0.0.1:9/hook-${port++}`;

const subscribe = (body: Record<string, unknown>) => call('/v1/subscriptions', { method: 'POST', token: ADMIN_TOKEN, json: body });
const listed = async () => (await (await call('/v1/subscriptions', { token: ADMIN_TOKEN })).json()).items as Array<{ id: string; endpoint: string }>;

test('the same endpoint with another filter is a 409 naming the existing subscription, and nothing is added', async () => {
  const endpoint = freshEndpoint();
  const first = await subscribe({ endpoint, countries: ['KZ'] });
  expect(first.status).toBe(201);
  const { id } = await first.json();
  const second = await subscribe({ endpoint, countries: ['TR'] });
  expect(second.status).toBe(409);
  const body = await second.json();
  expect(body.error).toMatchObject({ code: 'conflict', details: { id } });
  expect(body.error.message).toMatch(/endpoint/);
  expect((await listed()).filter((s) => s.endpoint === endpoint).map((s) => s.id)).toEqual([id]);
});

test('an endpoint subscribed without a filter cannot be subscribed again with one, nor the reverse', async () => {
  const open = freshEndpoint();
  expect((await subscribe({ endpoint: open })).status).toBe(201);
  expect((await subscribe({ endpoint: open, types: ['release.published'] })).status).toBe(409);
  const filtered = freshEndpoint();
  expect((await subscribe({ endpoint: filtered, languages: ['en'] })).status).toBe(201);
  expect((await subscribe({ endpoint: filtered })).status).toBe(409);
});

test('the same endpoint and filter twice answers the existing subscription: one record, one SNS subscription', async () => {
  const endpoint = freshEndpoint();
  const first = await subscribe({ endpoint, countries: ['KZ', 'AZ'] });
  expect(first.status).toBe(201);
  const created = await first.json();
  const again = await subscribe({ endpoint, countries: ['AZ', 'KZ'] });
  expect(again.status).toBe(200);
  expect(await again.json()).toMatchObject({ id: created.id, endpoint, filterPolicy: created.filterPolicy });
  expect(again.headers.get('location')).toBe(`/v1/subscriptions/${created.id}`);
  expect((await listed()).filter((s) => s.endpoint === endpoint)).toHaveLength(1);

  expect((await call(`/v1/subscriptions/${created.id}`, { method: 'DELETE', token: ADMIN_TOKEN })).status).toBe(204);
  expect((await listed()).filter((s) => s.endpoint === endpoint)).toEqual([]);
});

test('concurrent identical subscriptions still make one record', async () => {
  const endpoint = freshEndpoint();
  const answers = await Promise.all([1, 2, 3, 4].map(() => subscribe({ endpoint, officials: ['sahibe-qafarova'] })));
  const statuses = answers.map((a) => a.status).sort();
  expect(statuses).toEqual([200, 200, 200, 201]);
  const ids = new Set(await Promise.all(answers.map(async (a) => (await a.json()).id)));
  expect(ids.size).toBe(1);
  expect((await listed()).filter((s) => s.endpoint === endpoint)).toHaveLength(1);
});

test('an endpoint SNS already holds with another filter, unknown to Pressroom, is a 409 too', async () => {
  const endpoint = freshEndpoint();
  await runtime.adapters.run(() => subscribeEndpoint(endpoint, { countries: ['KZ'] }));
  const response = await subscribe({ endpoint, countries: ['TR'] });
  expect(response.status).toBe(409);
  expect((await response.json()).error.code).toBe('conflict');
  expect((await listed()).filter((s) => s.endpoint === endpoint)).toEqual([]);
});

test("SNS's refusals arrive as the adapter's own errors", async () => {
  const endpoint = freshEndpoint();
  const adapter = (...args: Parameters<typeof subscribeEndpoint>) => runtime.adapters.run(() => subscribeEndpoint(...args));
  await adapter(endpoint, { countries: ['KZ'] });
  await expect(adapter(endpoint, { countries: ['AZ'] })).rejects.toBeInstanceOf(EndpointSubscribedOtherwise);
  // Our core refuses this first (400 naming the lists); straight to SNS it is SNS's own limit.
  const many = (n: number, prefix: string) => Array.from({ length: n }, (_, i) => `${prefix}${i}`);
  await expect(adapter(freshEndpoint(), { officials: many(16, 'o'), language: many(10, 'l') })).rejects.toBeInstanceOf(
    SubscriptionRefused,
  );
});
