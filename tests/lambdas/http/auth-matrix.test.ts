// Who may do what: no token, the press-office token, the admin token and an unknown token,
// against every route of the contract.
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Runtime } from '../../../local/runtime.ts';
import { declaredStatuses, routeKey, routes as routeTable, type RouteSpec } from '../../../lambdas/routes.ts';
import { fixtureInput } from '../../support/fixture.ts';
import { ADMIN_TOKEN, PRESS_TOKEN, api, startTestRuntime, type Api, type TestResponse } from '../../support/runtime.ts';

const table = routeTable as readonly RouteSpec[];
let runtime: Runtime;
let call: Api;
let id: string;

beforeAll(async () => {
  runtime = await startTestRuntime();
  call = api(runtime);
  id = (await (await call('/v1/releases', { method: 'POST', token: ADMIN_TOKEN, json: fixtureInput() })).json()).id;
});
afterAll(() => runtime?.stop());

let hooks = 0;
/** One endpoint per subscription: the same endpoint again would be the existing subscription. */
const freshHook = () => `http://127.0.0.1:9/hook-${hooks++}`;

type Who = 'none' | 'unknown' | 'press' | 'admin';
const tokens: Record<Who, string | undefined> = { none: undefined, unknown: 'not-a-real-token', press: PRESS_TOKEN, admin: ADMIN_TOKEN };

// A token that is sent must be valid, on public routes too: a client with a revoked or
// mistyped token hears about it instead of silently reading as the public.
// Expected status per caller. Writes that succeed are made harmless (a fresh release each time).
const routes: Array<{ name: string; expected: Record<Who, number>; send: (token?: string) => Promise<TestResponse> }> = [
  {
    name: 'POST /v1/releases',
    expected: { none: 401, unknown: 401, press: 201, admin: 201 },
    send: (token) => call('/v1/releases', { method: 'POST', token, json: fixtureInput() }),
  },
  {
    name: 'GET /v1/releases',
    expected: { none: 200, unknown: 401, press: 200, admin: 200 },
    send: (token) => call('/v1/releases', { token }),
  },
  {
    name: 'GET /v1/releases/{id}',
    expected: { none: 200, unknown: 401, press: 200, admin: 200 },
    send: (token) => call(`/v1/releases/${id}`, { token }),
  },
  {
    name: 'PUT /v1/releases/{id}',
    expected: { none: 401, unknown: 401, press: 200, admin: 200 },
    send: async (token) => {
      const current = await (await call(`/v1/releases/${id}`)).json();
      return call(`/v1/releases/${id}`, { method: 'PUT', token, headers: { 'if-match': `"${current.version}"` }, json: fixtureInput() });
    },
  },
  {
    name: 'DELETE /v1/releases/{id}',
    expected: { none: 401, unknown: 401, press: 200, admin: 200 },
    send: async (token) => {
      const fresh = (await (await call('/v1/releases', { method: 'POST', token: ADMIN_TOKEN, json: fixtureInput() })).json()).id;
      return call(`/v1/releases/${fresh}`, { method: 'DELETE', token });
    },
  },
  {
    name: 'POST /v1/media',
    expected: { none: 401, unknown: 401, press: 201, admin: 201 },
    send: (token) => call('/v1/media', { method: 'POST', token, json: { filename: 'photo.jpg', contentType: 'image/jpeg', bytes: 1000 } }),
  },
  {
    name: 'GET /v1/media/{id}',
    expected: { none: 401, unknown: 401, press: 200, admin: 200 },
    send: async (token) => {
      const created = await (await call('/v1/media', { method: 'POST', token: ADMIN_TOKEN, json: { filename: 'photo.jpg', contentType: 'image/jpeg', bytes: 1000 } })).json();
      return call(`/v1/media/${created.id}`, { token });
    },
  },
  {
    name: 'GET /v1/officials',
    expected: { none: 200, unknown: 401, press: 200, admin: 200 },
    send: (token) => call('/v1/officials', { token }),
  },
  {
    name: 'PUT /v1/officials/{slug}',
    expected: { none: 401, unknown: 401, press: 403, admin: 201 },
    send: (token) =>
      call(`/v1/officials/official-${Math.random().toString(36).slice(2, 8)}`, {
        method: 'PUT',
        token,
        json: { names: { en: 'Someone' }, role: { en: 'Deputy' }, country: 'AZ' },
      }),
  },
  {
    name: 'POST /v1/subscriptions',
    expected: { none: 401, unknown: 401, press: 403, admin: 201 },
    send: (token) => call('/v1/subscriptions', { method: 'POST', token, json: { endpoint: freshHook() } }),
  },
  {
    name: 'GET /v1/subscriptions',
    expected: { none: 401, unknown: 401, press: 403, admin: 200 },
    send: (token) => call('/v1/subscriptions', { token }),
  },
  {
    name: 'DELETE /v1/subscriptions/{id}',
    expected: { none: 401, unknown: 401, press: 403, admin: 204 },
    send: async (token) => {
      const created = await call('/v1/subscriptions', { method: 'POST', token: ADMIN_TOKEN, json: { endpoint: freshHook() } });
      return call(`/v1/subscriptions/${(await created.json()).id}`, { method: 'DELETE', token });
    },
  },
  {
    name: 'GET /v1/events',
    expected: { none: 401, unknown: 401, press: 403, admin: 200 },
    send: (token) => call('/v1/events', { token }),
  },
  {
    name: 'GET /v1/openapi.json',
    expected: { none: 200, unknown: 401, press: 200, admin: 200 },
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
