// The OpenAPI 3.1 description of the HTTP contract (ARCHITECTURE.md). Request and
// response bodies are generated from the valibot schemas that validate requests, so the
// document cannot drift from what the API accepts. Rules JSON Schema cannot express
// (registry look-ups, HTML in titles, real dates) live in the schemas' descriptions.
import * as v from 'valibot';
import { toJsonSchema } from '@valibot/to-json-schema';
import {
  ErrorSchema,
  ListQuerySchema,
  OfficialInputSchema,
  OfficialListSchema,
  OfficialSchema,
  ReleaseInputSchema,
  ReleaseListSchema,
  ReleaseSchema,
  SlugSchema,
} from './release-schema.ts';
import { ULID_PATTERN } from './ulid.ts';
import { SubscriptionInputSchema, SubscriptionListSchema, SubscriptionSchema } from './subscription-schema.ts';

type Json = Record<string, unknown>;

/**
 * JSON Schema 2020-12 (OpenAPI 3.1's dialect). 'input' describes what a client may send:
 * conversion stops at the first transform. 'output' starts after the last transform,
 * which is what a query parameter parsed from text (limit) needs.
 */
function jsonSchema(schema: v.GenericSchema, typeMode: 'input' | 'output' = 'input'): Json {
  const { $schema: _dialect, ...rest } = toJsonSchema(schema, { target: 'draft-2020-12', typeMode, errorMode: 'ignore' });
  return rest as Json;
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const jsonContent = (schemaName: string) => ({ 'application/json': { schema: ref(schemaName) } });
const response = (name: string) => ({ $ref: `#/components/responses/${name}` });
const parameter = (name: string) => ({ $ref: `#/components/parameters/${name}` });
const header = (name: string) => ({ $ref: `#/components/headers/${name}` });

const errorResponse = (description: string) => ({ description, content: jsonContent('Error') });

// Error responses every operation of a kind can give.
const READ_ERRORS = { '503': response('ServiceUnavailable') };
const WRITE_ERRORS = {
  '400': response('BadRequest'),
  '401': response('Unauthorized'),
  '403': response('Forbidden'),
  '415': response('UnsupportedMediaType'),
  '503': response('ServiceUnavailable'),
};
const AUTH_ERRORS = { '401': response('Unauthorized'), '403': response('Forbidden'), '503': response('ServiceUnavailable') };

const bearer = [{ bearerAuth: [] }];

function components(): Json {
  const listQuery = ListQuerySchema.entries;
  return {
    securitySchemes: {
      bearerAuth: {
        type: 'http',
        scheme: 'bearer',
        description:
          'Opaque token, stored hashed. The press-office token writes releases; the admin token also manages officials and subscriptions.',
      },
    },
    schemas: {
      ReleaseInput: jsonSchema(ReleaseInputSchema),
      Release: jsonSchema(ReleaseSchema),
      ReleaseList: jsonSchema(ReleaseListSchema),
      OfficialInput: jsonSchema(OfficialInputSchema),
      Official: jsonSchema(OfficialSchema),
      OfficialList: jsonSchema(OfficialListSchema),
      SubscriptionInput: jsonSchema(SubscriptionInputSchema),
      Subscription: jsonSchema(SubscriptionSchema),
      SubscriptionList: jsonSchema(SubscriptionListSchema),
      Error: jsonSchema(ErrorSchema),
    },
    parameters: {
      ReleaseId: { name: 'id', in: 'path', required: true, schema: { type: 'string', pattern: ULID_PATTERN.source } },
      OfficialSlug: { name: 'slug', in: 'path', required: true, schema: jsonSchema(SlugSchema) },
      SubscriptionId: { name: 'id', in: 'path', required: true, schema: { type: 'string' } },
      CountryPath: {
        name: 'cc',
        in: 'path',
        required: true,
        description: 'ISO 3166-1 alpha-2 code in lower case',
        schema: { type: 'string', pattern: '^[a-z]{2}$' },
      },
      FeedFormat: {
        name: 'format',
        in: 'path',
        required: true,
        schema: { type: 'string', enum: ['rss', 'atom', 'json', 'html'] },
      },
      ListCountry: { name: 'country', in: 'query', required: false, schema: jsonSchema(listQuery.country, 'output') },
      ListOfficial: { name: 'official', in: 'query', required: false, schema: jsonSchema(listQuery.official, 'output') },
      ListLimit: { name: 'limit', in: 'query', required: false, schema: jsonSchema(listQuery.limit, 'output') },
      ListCursor: { name: 'cursor', in: 'query', required: false, schema: jsonSchema(listQuery.cursor, 'output') },
      IdempotencyKey: {
        name: 'Idempotency-Key',
        in: 'header',
        required: false,
        description:
          'Scoped to the token and kept 24 h: the same key and body replay the original 201 without a second write; the same key with another body is 422.',
        schema: { type: 'string', pattern: '^[\\x21-\\x7e]{1,255}$' },
      },
      IfMatchRequired: {
        name: 'If-Match',
        in: 'header',
        required: true,
        description: 'The version being corrected, as an entity tag ("3"); a bare number is accepted too.',
        schema: { type: 'string', examples: ['"1"'] },
      },
      IfMatchOptional: {
        name: 'If-Match',
        in: 'header',
        required: false,
        description: 'When sent, the retraction only happens if the release is at this version.',
        schema: { type: 'string', examples: ['"1"'] },
      },
      IfNoneMatch: {
        name: 'If-None-Match',
        in: 'header',
        required: false,
        description: 'The ETag of a copy the client holds; unchanged → 304.',
        schema: { type: 'string' },
      },
    },
    headers: {
      ETag: { description: 'The release version as an entity tag, e.g. "1"', schema: { type: 'string' } },
      Location: { description: 'URL of the created release', schema: { type: 'string', format: 'uri-reference' } },
      IdempotentReplayed: {
        description: '"true" when this is the replay of an earlier response for the same Idempotency-Key',
        schema: { type: 'string', enum: ['true'] },
      },
      FeedETag: { description: 'Stable while the feed content is unchanged', schema: { type: 'string' } },
    },
    responses: {
      BadRequest: errorResponse(
        'Bad input: malformed JSON or invalid fields. For validation_failed, details is [{ path, message }], e.g. { "path": "countries[1]", "message": "unknown country code: XX" }.',
      ),
      Unauthorized: errorResponse('No or unknown bearer token'),
      Forbidden: errorResponse('The token lacks the scope this route needs'),
      NotFound: errorResponse('No such resource'),
      Gone: errorResponse('The release was retracted (anonymous readers)'),
      Conflict: errorResponse('The resource is not at the version given in If-Match, or cannot change'),
      PayloadTooLarge: errorResponse('The body field is over 102400 bytes of UTF-8'),
      UnsupportedMediaType: errorResponse('The request body is not Content-Type: application/json'),
      IdempotencyKeyReused: errorResponse('The Idempotency-Key was used with a different request body'),
      PreconditionRequired: errorResponse('If-Match is missing'),
      ServiceUnavailable: errorResponse('A dependency (database, queue, store) is unavailable'),
    },
  };
}

const releaseResponse = (description: string, extraHeaders: Json = {}) => ({
  description,
  headers: { ETag: header('ETag'), ...extraHeaders },
  content: jsonContent('Release'),
});

function feedOperation(summary: string, extraParameters: Json[]): Json {
  return {
    get: {
      summary,
      tags: ['feeds'],
      security: [],
      parameters: [...extraParameters, parameter('FeedFormat'), parameter('IfNoneMatch')],
      responses: {
        '200': {
          description: 'The feed, newest first, in the requested format',
          headers: { ETag: header('FeedETag') },
          content: {
            'application/rss+xml': { schema: { type: 'string' } },
            'application/atom+xml': { schema: { type: 'string' } },
            'application/feed+json': { schema: { type: 'object' } },
            'text/html': { schema: { type: 'string' } },
          },
        },
        '304': { description: 'Not modified since the ETag in If-None-Match' },
        '404': { description: 'No such feed' },
      },
    },
  };
}

function paths(): Json {
  return {
    '/v1/releases': {
      post: {
        summary: 'Publish a release',
        tags: ['releases'],
        security: bearer,
        'x-required-scope': 'press',
        parameters: [parameter('IdempotencyKey')],
        requestBody: { required: true, content: jsonContent('ReleaseInput') },
        responses: {
          '201': releaseResponse('Created; the release is the whole body', {
            Location: header('Location'),
            'Idempotent-Replayed': header('IdempotentReplayed'),
          }),
          ...WRITE_ERRORS,
          '413': response('PayloadTooLarge'),
          '422': response('IdempotencyKeyReused'),
        },
      },
      get: {
        summary: 'List releases, newest first',
        tags: ['releases'],
        security: [],
        parameters: ['ListCountry', 'ListOfficial', 'ListLimit', 'ListCursor'].map(parameter),
        responses: {
          '200': { description: 'One page; nextCursor is null on the last', content: jsonContent('ReleaseList') },
          '400': response('BadRequest'),
          ...READ_ERRORS,
        },
      },
    },
    '/v1/releases/{id}': {
      parameters: [parameter('ReleaseId')],
      get: {
        summary: 'Read a release',
        tags: ['releases'],
        security: [],
        responses: {
          '200': releaseResponse('The release'),
          '404': response('NotFound'),
          '410': response('Gone'),
          ...READ_ERRORS,
        },
      },
      put: {
        summary: 'Correct a release (full input, as for POST); version +1',
        tags: ['releases'],
        security: bearer,
        'x-required-scope': 'press',
        parameters: [parameter('IfMatchRequired')],
        requestBody: { required: true, content: jsonContent('ReleaseInput') },
        responses: {
          '200': releaseResponse('The corrected release'),
          ...WRITE_ERRORS,
          '404': response('NotFound'),
          '409': response('Conflict'),
          '413': response('PayloadTooLarge'),
          '428': response('PreconditionRequired'),
        },
      },
      delete: {
        summary: 'Retract a release: status "retracted", version +1; the record stays',
        tags: ['releases'],
        security: bearer,
        'x-required-scope': 'press',
        parameters: [parameter('IfMatchOptional')],
        responses: {
          '200': releaseResponse('The retracted release'),
          '400': response('BadRequest'),
          ...AUTH_ERRORS,
          '404': response('NotFound'),
          '409': response('Conflict'),
        },
      },
    },
    '/v1/officials': {
      get: {
        summary: 'List the officials registry',
        tags: ['officials'],
        security: [],
        responses: { '200': { description: 'Every official', content: jsonContent('OfficialList') }, ...READ_ERRORS },
      },
    },
    '/v1/officials/{slug}': {
      parameters: [parameter('OfficialSlug')],
      put: {
        summary: 'Create or update an official',
        tags: ['officials'],
        security: bearer,
        'x-required-scope': 'admin',
        requestBody: { required: true, content: jsonContent('OfficialInput') },
        responses: {
          '200': { description: 'Updated', content: jsonContent('Official') },
          '201': { description: 'Created', content: jsonContent('Official') },
          ...WRITE_ERRORS,
        },
      },
    },
    '/v1/subscriptions': {
      post: {
        summary: 'Subscribe a partner webhook (an SNS HTTP/S subscription with a filter policy)',
        tags: ['subscriptions'],
        security: bearer,
        'x-required-scope': 'admin',
        requestBody: { required: true, content: jsonContent('SubscriptionInput') },
        responses: {
          '201': { description: 'Subscribed, pending confirmation by the endpoint', content: jsonContent('Subscription') },
          ...WRITE_ERRORS,
        },
      },
      get: {
        summary: 'List partner subscriptions',
        tags: ['subscriptions'],
        security: bearer,
        'x-required-scope': 'admin',
        responses: { '200': { description: 'Every subscription', content: jsonContent('SubscriptionList') }, ...AUTH_ERRORS },
      },
    },
    '/v1/subscriptions/{id}': {
      parameters: [parameter('SubscriptionId')],
      delete: {
        summary: 'Unsubscribe',
        tags: ['subscriptions'],
        security: bearer,
        'x-required-scope': 'admin',
        responses: {
          '200': { description: 'Unsubscribed', content: jsonContent('Subscription') },
          '204': { description: 'Unsubscribed' },
          ...AUTH_ERRORS,
          '404': response('NotFound'),
        },
      },
    },
    '/v1/openapi.json': {
      get: {
        summary: 'This description',
        tags: ['meta'],
        security: [],
        responses: { '200': { description: 'OpenAPI 3.1', content: { 'application/json': { schema: { type: 'object' } } } } },
      },
    },
    '/feeds/': {
      get: {
        summary: 'Directory of every feed, with <link rel="alternate"> autodiscovery',
        tags: ['feeds'],
        security: [],
        responses: { '200': { description: 'HTML page', content: { 'text/html': { schema: { type: 'string' } } } } },
      },
    },
    '/feeds/all.{format}': feedOperation('Every release', []),
    '/feeds/countries/{cc}.{format}': feedOperation('Releases about one country', [parameter('CountryPath')]),
    '/feeds/officials/{slug}.{format}': feedOperation('Releases about one official', [parameter('OfficialSlug')]),
    '/health': {
      get: {
        summary: 'Liveness of the runtime and its engines',
        tags: ['meta'],
        security: [],
        responses: {
          '200': { description: 'Up', content: { 'application/json': { schema: { type: 'object' } } } },
          '503': response('ServiceUnavailable'),
        },
      },
    },
  };
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

let memo: Json | undefined;

/** The document, built on first use (the conversion is not free) and frozen, as it is shared. */
export function openApiDocument(): Json {
  memo ??= deepFreeze({
    openapi: '3.1.0',
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    info: {
      title: 'Pressroom API',
      version: '1.0.0',
      description:
        "Syndication for a parliament's press office: releases in, webhooks and RSS/Atom/JSON feeds out. Errors are { error: { code, message, details } }.",
    },
    tags: ['releases', 'officials', 'subscriptions', 'feeds', 'meta'].map((name) => ({ name })),
    security: [],
    paths: paths(),
    components: components(),
  });
  return memo;
}
