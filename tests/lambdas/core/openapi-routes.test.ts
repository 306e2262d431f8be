// The OpenAPI document's paths are the route table: the same operations, the same answers.
import { expect, test } from 'vitest';
import { openApiDocument } from '../../../lambdas/core/openapi.ts';
import { declaredStatuses, routes, type RouteSpec } from '../../../lambdas/routes.ts';

type Json = Record<string, any>;
const doc = openApiDocument() as Json;
const table = routes as readonly RouteSpec[];
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];

test('every API path and method of the document is a route of the table, and the reverse', () => {
  const documented = Object.entries(doc.paths as Json)
    .filter(([path]) => path.startsWith('/v1/'))
    .flatMap(([path, item]) => Object.keys(item).filter((key) => METHODS.includes(key)).map((m) => `${m.toUpperCase()} ${path}`));
  expect(documented.sort()).toEqual(table.map((r) => `${r.method} ${r.path}`).sort());
});

test("each operation's answer codes are exactly the statuses the table declares", () => {
  for (const route of table) {
    const operation = doc.paths[route.path][route.method.toLowerCase()];
    const codes = Object.keys(operation.responses).map(Number).sort((a, b) => a - b);
    expect(codes, `${route.method} ${route.path}`).toEqual([...declaredStatuses(route)].sort((a, b) => a - b));
  }
});

test("scope and bodies follow the table", () => {
  for (const route of table) {
    const operation = doc.paths[route.path][route.method.toLowerCase()];
    expect(operation['x-required-scope'], route.path).toBe(route.scope === 'public' ? undefined : route.scope);
    expect(Boolean(operation.requestBody), route.path).toBe(Boolean(route.body));
    for (const [status, answer] of Object.entries(route.answers)) {
      expect(Boolean(operation.responses[status].content), `${route.method} ${route.path} ${status}`).toBe(Boolean(answer.body));
    }
  }
});
