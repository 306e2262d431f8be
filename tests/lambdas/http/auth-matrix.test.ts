// Who may do what: no token, the press-office token, the admin token, a partner token and an
// unknown token, against every route of the contract.
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Runtime } from '../../../local/runtime.ts';
import { declaredStatuses, routeKey, routes as routeTable, type RouteSpec } from '../../../lambdas/routes.ts';
import { fixtureInput } from '../../support/fixture.ts';
import { ADMIN_TOKEN, PRESS_TOKEN, api, startTestRuntime, type Api, type TestResponse } from '../../support/runtime.ts';

const table = routeTable as readonly RouteSpec[];
let runtime: Runtime;
let call: Api;
let id: string;
/** The partner's own subscription, whose token is the partner token. */
let partnerSubscription: string;

beforeAll(async () => {
  runtime = await startTestRuntime();
  call = api(runtime);
  id = (await (await call('/v1/releases', { method: 'POST', token: ADMIN_TOKEN, json: fixtureInput() })).json()).id;
  const subscribed = await (await call('/v1/subscriptions', { method: 'POST', token: ADMIN_TOKEN, json: { endpoint: 'http://127.0.0.1:9/partner' } })).json();
  partnerSubscription = subscribed.id;
  tokens.partner = subscribed.token;
});
afterAll(() => runtime?.stop());

let hooks = 0;
/** One endpoint per subscription: the same endpoint again would be the existing subscription. */
const freshHook = () => `http://127.0.0.1:9/hook-${hooks++}`;

type Who = 'none' | 'unknown' | 'press' | 'admin' | 'partner';
const tokens: Record<Who, string | undefined> = {
  none: undefined,
  unknown: 'not-a-real-token',
  press: PRESS_TOKEN,
  admin: ADMIN_TOKEN,
  // Made with its subscription, before the tests run.
  partner: undefined,
};

// A token that is sent must be valid, on public routes too: a client with a revoked or
// mistyped token hears about it instead of silently reading as the public.
// Expected status per caller. Writes that succeed are made harmless (a fresh release each time).
const routes: Array<{ name: string; expected: Record<Who, number>; send: (token?: string) => Promise<TestResponse> }> = [
  {
    name: 'POST /v1/releases',
    expected: { none: 401, unknown: 401, press: 201, admin: 201, partner: 403 },
    send: (token) => call('/v1/releases', { method: 'POST', token, json: fixtureInput() }),
  },
  {
    name: 'GET /v1/releases',
    expected: { none: 200, unknown: 401, press: 200, admin: 200, partner: 200 },
    send: (token) => call('/v1/releases', { token }),
  },
  {
    name: 'GET /v1/releases/{id}',
    expected: { none: 200, unknown: 401, press: 200, admin: 200, partner: 200 },
    send: (token) => call(`/v1/releases/${id}`, { token }),
  },
  {
    name: 'PUT /v1/releases/{id}',
    expected: { none: 401, unknown: 401, press: 200, admin: 200, partner: 403 },
    send: async (token) => {
      const current = await (await call(`/v1/releases/${id}`)).json();
      return call(`/v1/releases/${id}`, { method: 'PUT', token, headers: { 'if-match': `"${current.version}"` }, json: fixtureInput() });
    },
  },
  {
    name: 'DELETE /v1/releases/{id}',
    expected: { none: 401, unknown: 401, press: 200, admin: 200, partner: 403 },
    send: async (token) => {
      const fresh = (await (await call('/v1/releases', { method: 'POST', token: ADMIN_TOKEN, json: fixtureInput() })).json()).id;
      return call(`/v1/releases/${fresh}`, { method: 'DELETE', token });
    },
  },
  {
    name: 'POST /v1/media',
    expected: { none: 401, unknown: 401, press: 201, admin: 201, partner: 403 },
    send: (token) => call('/v1/media', { method: 'POST', token, json: { filename: 'photo.jpg', contentType: 'image/jpeg', bytes: 1000 } }),
  },
  {
    name: 'GET /v1/media/{id}',
    expected: { none: 401, unknown: 401, press: 200, admin: 200, partner: 403 },
    send: async (token) => {
      const created = await (await call('/v1/media', { method: 'POST', token: ADMIN_TOKEN, json: { filename: 'photo.jpg', contentType: 'image/jpeg', bytes: 1000 } })).json();
      return call(`/v1/media/${created.id}`, { token });
    },
  },
  {
    name: 'GET /v1/officials',
    expected: { none: 200, unknown: 401, press: 200, admin: 200, partner: 200 },
    send: (token) => call('/v1/officials', { token }),
  },
  {
    name: 'PUT /v1/officials/{slug}',
    expected: { none: 401, unknown: 401, press: 403, admin: 201, partner: 403 },
    send: (token) =>
      call(`/v1/officials/official-${Math.random().toString(36).slice(2, 8)}`, {
        method: 'PUT',
        token,
        json: { names: { en: 'Someone' }, role: { en: 'Deputy' }, country: 'AZ' },
      }),
  },
  {
    name: 'POST /v1/subscriptions',
    expected: { none: 401, unknown: 401, press: 403, admin: 201, partner: 403 },
    send: (token) => call('/v1/subscriptions', { method: 'POST', token, json: { endpoint: freshHook() } }),
  },
  {
    name: 'GET /v1/subscriptions',
    expected: { none: 401, unknown: 401, press: 403, admin: 200, partner: 403 },
    send: (token) => call('/v1/subscriptions', { token }),
  },
  {
    name: 'DELETE /v1/subscriptions/{id}',
    expected: { none: 401, unknown: 401, press: 403, admin: 204, partner: 403 },
    send: async (token) => {
      const created = await call('/v1/subscriptions', { method: 'POST', token: ADMIN_TOKEN, json: { endpoint: freshHook() } });
      return call(`/v1/subscriptions/${(await created.json()).id}`, { method: 'DELETE', token });
    },
  },
  {
    name: 'GET /v1/subscriptions/{id}',
    // The partner's own; another subscription is not found for it (a test below).
    expected: { none: 401, unknown: 401, press: 403, admin: 200, partner: 200 },
    send: (token) => call(`/v1/subscriptions/${partnerSubscription}`, { token }),
  },
  {
    name: 'POST /v1/subscriptions/{id}/redeliver',
    // The admin passes; nothing is redelivered to an endpoint that never confirmed (409).
    expected: { none: 401, unknown: 401, press: 403, admin: 409, partner: 403 },
    send: (token) => call(`/v1/subscriptions/${partnerSubscription}/redeliver`, { method: 'POST', token, json: { since: '2020-01-01T00:00:00Z' } }),
  },
  {
    name: 'GET /v1/events',
    expected: { none: 401, unknown: 401, press: 403, admin: 200, partner: 200 },
    send: (token) => call('/v1/events', { token }),
  },
  {
    name: 'GET /v1/openapi.json',
    expected: { none: 200, unknown: 401, press: 200, admin: 200, partner: 200 },
    send: (token) => call('/v1/openapi.json', { token }),
  },
];

test('the matrix covers every route of the API', () => {
  expect(routes.map((r) => r.name).sort()).toEqual(table.map((r) => routeKey(r)).sort());
});

for (const route of routes) {
  for (const who of Object.keys(tokens) as Who[]) {
    test(`${route.name} as ${who} → ${route.expected[who]}`, async () => {
      const response = await route.send(tokens[who]);
      expect(response.status).toBe(route.expected[who]);
      // What the handler answered is an answer the route table (and so the OpenAPI document) declares.
      const spec = table.find((r) => routeKey(r) === route.name)!;
      expect([...declaredStatuses(spec)]).toContain(response.status);
      if (response.status === 401) {
        expect(response.headers.get('www-authenticate')).toBe('Bearer');
        expect((await response.json()).error.code).toBe('unauthorized');
      }
      if (response.status === 403) expect((await response.json()).error.code).toBe('forbidden');
    });
  }
}

test('a malformed Authorization header is a 401', async () => {
  const response = await call('/v1/releases', { method: 'POST', headers: { authorization: 'Basic abc' }, json: fixtureInput() });
  expect(response.status).toBe(401);
});

test("a partner token sees its own subscription only: another one is not found", async () => {
  const other = await (await call('/v1/subscriptions', { method: 'POST', token: ADMIN_TOKEN, json: { endpoint: freshHook() } })).json();
  expect((await call(`/v1/subscriptions/${other.id}`, { token: tokens.partner })).status).toBe(404);
  expect((await call(`/v1/subscriptions/${other.id}`, { token: other.token })).status).toBe(200);
});

test('deleting a subscription revokes its partner token', async () => {
  const other = await (await call('/v1/subscriptions', { method: 'POST', token: ADMIN_TOKEN, json: { endpoint: freshHook() } })).json();
  expect((await call('/v1/events', { token: other.token })).status).toBe(200);
  expect((await call(`/v1/subscriptions/${other.id}`, { method: 'DELETE', token: ADMIN_TOKEN })).status).toBe(204);
  expect((await call('/v1/events', { token: other.token })).status).toBe(401);
});

test('a retracted release is gone (410) for a partner token as for the public; the press office still reads it', async () => {
  const fresh = (await (await call('/v1/releases', { method: 'POST', token: ADMIN_TOKEN, json: fixtureInput() })).json()).id;
  expect((await call(`/v1/releases/${fresh}`, { method: 'DELETE', token: PRESS_TOKEN })).status).toBe(200);
  expect((await call(`/v1/releases/${fresh}`)).status).toBe(410);
  expect((await call(`/v1/releases/${fresh}`, { token: tokens.partner })).status).toBe(410);
  expect((await call(`/v1/releases/${fresh}?format=ninjs`, { token: tokens.partner })).status).toBe(410);
  expect((await call(`/v1/releases/${fresh}`, { token: PRESS_TOKEN })).status).toBe(200);
});
