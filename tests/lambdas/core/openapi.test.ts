import { test, expect } from 'vitest';
import * as v from 'valibot';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { openApiDocument } from '../../../lambdas/core/openapi.ts';
import { ReleaseInputSchema } from '../../../lambdas/core/release-schema.ts';
import { fixtureInput } from '../../support/fixture.ts';

type Json = Record<string, any>;
const doc = openApiDocument() as Json;

test('it is OpenAPI 3.1, built once', () => {
  expect(doc.openapi).toMatch(/^3\.1\.\d+$/);
  expect(openApiDocument()).toBe(doc);
  expect(Object.isFrozen(doc.components.schemas)).toBe(true);
});

test('every route of the contract is described', () => {
  const operations = Object.entries(doc.paths as Json).flatMap(([path, item]) =>
    Object.keys(item)
      .filter((key) => ['get', 'put', 'post', 'delete'].includes(key))
      .map((method) => `${method.toUpperCase()} ${path}`),
  );
  expect(operations.sort()).toEqual(
    [
      'POST /v1/releases',
      'GET /v1/releases',
      'GET /v1/releases/{id}',
      'PUT /v1/releases/{id}',
      'DELETE /v1/releases/{id}',
      'POST /v1/media',
      'GET /v1/media/{id}',
      'GET /v1/officials',
      'PUT /v1/officials/{slug}',
      'POST /v1/subscriptions',
      'GET /v1/subscriptions',
      'GET /v1/subscriptions/{id}',
      'DELETE /v1/subscriptions/{id}',
      'POST /v1/subscriptions/{id}/redeliver',
      'GET /v1/events',
      'GET /v1/openapi.json',
      'GET /feeds/',
      'GET /feeds/all.{format}',
      'GET /feeds/countries/{cc}.{format}',
      'GET /feeds/officials/{slug}.{format}',
      'GET /health',
    ].sort(),
  );
});

test('the release request schema is the valibot schema: required fields, no extra fields', () => {
  const schema = doc.components.schemas.ReleaseInput;
  const requiredInValibot = Object.entries(ReleaseInputSchema.entries)
    .filter(([, entry]) => entry.type !== 'optional')
    .map(([key]) => key);
  expect([...schema.required].sort()).toEqual(requiredInValibot.sort());
  expect([...schema.required].sort()).toEqual(['body', 'language', 'title']);
  expect(schema.additionalProperties).toBe(false);
  expect(Object.keys(schema.properties).sort()).toEqual(Object.keys(ReleaseInputSchema.entries).sort());
  expect(schema.properties.title).toMatchObject({ type: 'string', minLength: 1 });
  // JSON Schema's maxLength counts code points, which would refuse 300 flags; the limit is
  // in grapheme clusters, so the description states it instead.
  expect(schema.properties.title).not.toHaveProperty('maxLength');
  expect(schema.properties.title.description).toContain('at most 300 characters (grapheme clusters)');
  expect(schema.properties.summary.description).toContain('at most 1000 characters (grapheme clusters)');
  expect(schema.properties.countries.maxItems).toBe(20);
  expect(schema.$schema).toBeUndefined();
  const post = doc.paths['/v1/releases'].post;
  expect(post.requestBody.content['application/json'].schema).toEqual({ $ref: '#/components/schemas/ReleaseInput' });
  expect(doc.paths['/v1/releases/{id}'].put.requestBody).toEqual(post.requestBody);
});

test('the generated JSON Schema agrees with valibot on sample inputs', () => {
  const ajv = new Ajv2020({ strict: false });
  addFormats.default(ajv);
  const validate = ajv.compile(doc.components.schemas.ReleaseInput);
  const samples: [unknown, boolean][] = [
    [fixtureInput(), true],
    [{ title: 'T', body: 'B', language: 'az' }, true],
    [{ title: 'T', body: 'B' }, false],
    [{ ...fixtureInput(), extra: 1 }, false],
    [{ ...fixtureInput(), countries: Array(21).fill('KZ') }, false],
    [{ ...fixtureInput(), countries: ['KZX'] }, false],
    [{ ...fixtureInput(), bodyFormat: 'markdown' }, false],
  ];
  for (const [sample, ok] of samples) {
    expect(validate(sample), JSON.stringify(sample).slice(0, 80)).toBe(ok);
    expect(v.is(ReleaseInputSchema, sample)).toBe(ok);
  }
});

test('security, headers and the error shape are declared', () => {
  expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' });
  expect(doc.paths['/v1/releases'].post.security).toEqual([{ bearerAuth: [] }]);
  // Optional auth: anonymous or with a token.
  expect(doc.paths['/v1/releases'].get.security).toEqual([{}, { bearerAuth: [] }]);
  expect(doc.paths['/v1/officials'].get.security).toEqual([]);
  expect(doc.paths['/v1/officials/{slug}'].put['x-required-scope']).toBe('admin');
  const parameters = (method: string, path: string) => doc.paths[path][method].parameters as Json[];
  expect(parameters('post', '/v1/releases').map((p) => p.name)).toEqual(['Idempotency-Key']);
  expect(parameters('put', '/v1/releases/{id}').map((p) => `${p.in}:${p.name}:${p.required}`)).toEqual(['path:id:true', 'header:If-Match:true']);
  expect(parameters('delete', '/v1/releases/{id}').find((p) => p.name === 'If-Match')?.required).toBe(false);
  // A retraction may carry a note, and may be sent with no body at all.
  expect(doc.paths['/v1/releases/{id}'].delete.requestBody).toEqual({
    required: false,
    content: { 'application/json': { schema: { $ref: '#/components/schemas/RetractionInput' } } },
  });
  expect(Object.keys(doc.paths['/v1/releases/{id}'].delete.responses)).toEqual(expect.arrayContaining(['200', '204']));
  expect(parameters('get', '/v1/releases').map((p) => p.name)).toEqual(['country', 'official', 'limit', 'cursor', 'status']);
  expect(parameters('get', '/v1/releases').find((p) => p.name === 'limit')?.schema).toMatchObject({
    type: 'integer',
    minimum: 1,
    maximum: 100,
    default: 20,
  });
  expect(parameters('delete', '/v1/subscriptions/{id}')[0]?.schema.pattern).toBe('^[0-9A-HJKMNP-TV-Z]{26}$');
  expect(Object.keys(doc.components.headers)).toEqual(expect.arrayContaining(['ETag', 'Location']));
  expect(doc.paths['/v1/releases'].post.responses['201'].headers.Location).toBeDefined();
  expect(doc.paths['/v1/releases/{id}'].put.responses['428']).toBeDefined();
  expect(doc.components.schemas.Error).toMatchObject({ required: ['error'], properties: { error: { required: ['code', 'message'] } } });
});

test('DELETE /v1/subscriptions/{id} answers 204 with no body, as the handler does', () => {
  const responses = doc.paths['/v1/subscriptions/{id}'].delete.responses;
  expect(responses['204']).toEqual({ description: expect.any(String) });
  expect(responses['200']).toBeUndefined();
});

test('every $ref resolves inside the document', () => {
  const refs: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      for (const [key, value] of Object.entries(node)) {
        if (key === '$ref' && typeof value === 'string') refs.push(value);
        else walk(value);
      }
    }
  };
  walk(doc);
  expect(refs.length).toBeGreaterThan(20);
  for (const ref of refs) {
    const target = ref
      .replace(/^#\//, '')
      .split('/')
      .reduce<any>((node, part) => node?.[part], doc);
    expect(target, ref).toBeDefined();
  }
});
