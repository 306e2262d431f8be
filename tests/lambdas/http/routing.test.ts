// Routing from the table: a method a path lacks is a 405 with Allow, locally and through the
// function itself (as API Gateway's ANY route delivers it); path parameters arrive; an
// answer the table does not declare cannot leave unnoticed.
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { Runtime } from '../../../local/runtime.ts';
import { lambdaContext, matchRoute } from '../../../local/api-gateway.ts';
import { apiPaths } from '../../../lambdas/routes.ts';
import { serve } from '../../../lambdas/http/route.ts';
import { json } from '../../../lambdas/http/response.ts';
import { handler as releases } from '../../../lambdas/releases/handler.ts';
import { fixtureInput } from '../../support/fixture.ts';
import { ADMIN_TOKEN, PRESS_TOKEN, api, startTestRuntime, type Api } from '../../support/runtime.ts';

let runtime: Runtime;
let call: Api;

beforeAll(async () => {
  runtime = await startTestRuntime();
  call = api(runtime);
});
afterAll(() => runtime?.stop());

test('every method a path of the table lacks answers 405 with Allow listing the methods it has', async () => {
  for (const [path, { methods }] of apiPaths) {
    const concrete = path.replace('{id}', '01ARZ3NDEKTSV4RRFFQ69G5FAV').replace('{slug}', 'someone');
    for (const method of ['GET', 'POST', 'PUT', 'DELETE', 'PATCH'].filter((m) => !(methods as string[]).includes(m))) {
      const response = await call(concrete, { method, token: ADMIN_TOKEN });
      expect(response.status, `${method} ${path}`).toBe(405);
      expect(response.headers.get('allow'), `${method} ${path}`).toBe(methods.join(', '));
      expect((await response.json()).error).toMatchObject({ code: 'method_not_allowed' });
    }
  }
});

test('a 405 needs no token and refuses no body: it says which methods exist', async () => {
  const response = await call('/v1/releases', { method: 'PATCH', json: { anything: true } });
  expect(response.status).toBe(405);
  expect(response.headers.get('allow')).toBe('POST, GET');
});

test('unknown paths stay 404', async () => {
  for (const path of ['/v1/nothing', '/v1/releases/a/b', '/v2/releases', '/v1/releases/']) {
    const response = await call(path, { method: 'DELETE' });
    expect(response.status, path).toBe(404);
    expect((await response.json()).error.code).toBe('not_found');
  }
});

test('the local router builds what API Gateway would: the route, else the path’s ANY route, with decoded parameters', () => {
  expect(matchRoute('GET', '/v1/releases/abc%20d')).toEqual({
    route: { key: 'GET /v1/releases/{id}', function: 'releases' },
    pathParameters: { id: 'abc d' },
  });
  expect(matchRoute('PATCH', '/v1/officials/x')).toEqual({
    route: { key: 'ANY /v1/officials/{slug}', function: 'officials' },
    pathParameters: { slug: 'x' },
  });
  expect(matchRoute('GET', '/v1/elsewhere')).toBeUndefined();
});

/** The payload-v2 event API Gateway sends for a request its ANY route caught. */
function gatewayEvent(method: string, path: string, routeKey: string, pathParameters?: Record<string, string>): APIGatewayProxyEventV2 {
  return {
    version: '2.0',
    routeKey,
    rawPath: path,
    rawQueryString: '',
    headers: {},
    ...(pathParameters ? { pathParameters } : {}),
    requestContext: {
      accountId: '000000000000',
      apiId: 'test',
      domainName: 'localhost',
      domainPrefix: 'test',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'test' },
      requestId: 'r',
      routeKey,
      stage: '$default',
      time: new Date().toUTCString(),
      timeEpoch: Date.now(),
    },
    isBase64Encoded: false,
  };
}

test('the function answers the 405 itself, from the event API Gateway sends for the ANY route', async () => {
  const result = await releases(gatewayEvent('PATCH', '/v1/releases/01ARZ3NDEKTSV4RRFFQ69G5FAV', 'ANY /v1/releases/{id}', { id: '01ARZ3NDEKTSV4RRFFQ69G5FAV' }), lambdaContext('releases'));
  expect(result.statusCode).toBe(405);
  expect(result.headers?.allow).toBe('GET, PUT, DELETE');
});

test('path parameters reach the handler through the router', async () => {
  const created = await (await call('/v1/releases', { method: 'POST', token: PRESS_TOKEN, json: fixtureInput() })).json();
  const result = await runtime.adapters.run(() =>
    releases(gatewayEvent('GET', `/v1/releases/${created.id}`, 'GET /v1/releases/{id}', { id: created.id }), lambdaContext('releases')),
  );
  expect(result.statusCode).toBe(200);
  expect(JSON.parse(result.body as string).id).toBe(created.id);
});

test('an answer the table does not declare becomes a 500 naming the route, not a silent contract change', async () => {
  // The table declares 200 for GET /v1/openapi.json; a handler answering 201 is a defect.
  const drifting = serve('openapi', { 'GET /v1/openapi.json': async () => json(201, {}) });
  const result = await drifting(gatewayEvent('GET', '/v1/openapi.json', 'GET /v1/openapi.json'), lambdaContext('openapi'));
  expect(result.statusCode).toBe(500);
  expect(JSON.parse(result.body).error).toMatchObject({ code: 'undeclared_answer' });
  const declared = serve('openapi', { 'GET /v1/openapi.json': async () => json(200, {}) });
  expect((await declared(gatewayEvent('GET', '/v1/openapi.json', 'GET /v1/openapi.json'), lambdaContext('openapi'))).statusCode).toBe(200);
});
