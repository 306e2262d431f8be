// The OpenAPI 3.1 description of the HTTP contract (ARCHITECTURE.md). The API's paths are
// generated from the route table (lambdas/routes.ts), request and response bodies from the
// valibot schemas that validate requests, so the document cannot drift from what the API
// accepts or answers. Only what is not the HTTP API's (the feeds, /health) is written here. Rules JSON Schema cannot express
// (registry look-ups, HTML in titles, real dates) live in the schemas' descriptions.
import * as v from 'valibot';
import { MediaSchema, MediaUploadInputSchema, MediaUploadSchema } from './media-schema.ts';
import { EventListSchema, NinjsEventListSchema } from './event-schema.ts';
import { toJsonSchema } from '@valibot/to-json-schema';
import { declaredErrors, errorAnswers, responseHeaders, routes, type FunctionName, type RouteSpec } from '../routes.ts';
import {
  ErrorSchema,
  OfficialInputSchema,
  OfficialListSchema,
  OfficialSchema,
  ReleaseInputSchema,
  ReleaseListSchema,
  RetractionInputSchema,
  ReleaseSchema,
  SlugSchema,
} from './release-schema.ts';
import { OpenApiDocumentSchema } from './route-schemas.ts';
import { NinjsSchema } from './ninjs-schema.ts';
import {
  CreatedSubscriptionSchema,
  RedeliveryInputSchema,
  RedeliverySchema,
  SubscriptionDetailSchema,
  SubscriptionInputSchema,
  SubscriptionListSchema,
  SubscriptionSchema,
} from './subscription-schema.ts';

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


const bearer = [{ bearerAuth: [] }];

/** The component schemas, by name; the route table's schemas are found here by identity. */
const SCHEMAS: ReadonlyArray<[string, v.GenericSchema]> = [
  ['ReleaseInput', ReleaseInputSchema],
  ['Release', ReleaseSchema],
  ['ReleaseList', ReleaseListSchema],
  ['RetractionInput', RetractionInputSchema],
  ['OfficialInput', OfficialInputSchema],
  ['Official', OfficialSchema],
  ['OfficialList', OfficialListSchema],
  ['SubscriptionInput', SubscriptionInputSchema],
  ['Subscription', SubscriptionSchema],
  ['SubscriptionList', SubscriptionListSchema],
  ['CreatedSubscription', CreatedSubscriptionSchema],
  ['SubscriptionDetail', SubscriptionDetailSchema],
  ['RedeliveryInput', RedeliveryInputSchema],
  ['Redelivery', RedeliverySchema],
  ['MediaUploadInput', MediaUploadInputSchema],
  ['MediaUpload', MediaUploadSchema],
  ['Media', MediaSchema],
  ['EventList', EventListSchema],
  ['NinjsEventList', NinjsEventListSchema],
  ['Ninjs', NinjsSchema],
  ['Error', ErrorSchema],
  ['OpenApiDocument', OpenApiDocumentSchema],
];

function schemaRef(schema: v.GenericSchema): Json {
  const named = SCHEMAS.find(([, candidate]) => candidate === schema);
  if (!named) throw new Error('a route uses a body schema that openapi.ts does not name in SCHEMAS');
  return ref(named[0]);
}

/** An answer's body schema, or one of them when the query's format picks another. */
function answerSchema(body: v.GenericSchema, formats: Readonly<Record<string, v.GenericSchema>> | undefined): Json {
  const others = Object.values(formats ?? {});
  return others.length === 0 ? schemaRef(body) : { oneOf: [schemaRef(body), ...others.map(schemaRef)] };
}

function components(): Json {
  return {
    securitySchemes: {
      bearerAuth: {
        type: 'http',
        scheme: 'bearer',
        description:
          'Opaque token, stored hashed. The press-office token writes releases; the admin token also manages officials and subscriptions.',
      },
    },
    schemas: Object.fromEntries(SCHEMAS.map(([name, schema]) => [name, jsonSchema(schema)])),
    // The API's parameters are generated per operation from the route table; these are the feeds'.
    parameters: {
      OfficialSlug: { name: 'slug', in: 'path', required: true, schema: jsonSchema(SlugSchema) },
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
      IfNoneMatch: {
        name: 'If-None-Match',
        in: 'header',
        required: false,
        description: 'The ETag of a copy the client holds; unchanged → 304.',
        schema: { type: 'string' },
      },
    },
    headers: {
      ...Object.fromEntries(
        Object.entries(responseHeaders).map(([name, description]) => [headerComponent(name), { description, schema: { type: 'string' } }]),
      ),
      FeedETag: { description: 'Stable while the feed content is unchanged', schema: { type: 'string' } },
    },
    responses: Object.fromEntries(
      Object.entries(errorAnswers).map(([name, answer]) => [name, { description: answer.description, content: jsonContent('Error') }]),
    ),
  };
}

/** Component names cannot hold every header name's characters everywhere; Idempotent-Replayed → IdempotentReplayed. */
const headerComponent = (name: string) => name.replace(/-/g, '');

const TAGS: Record<FunctionName, string> = { releases: 'releases', media: 'media', events: 'events', officials: 'officials', subscriptions: 'subscriptions', openapi: 'meta' };

function operation(route: RouteSpec): Json {
  const parameters: Json[] = [
    ...Object.entries(route.params ?? {}).map(([name, schema]) => ({ name, in: 'path', required: true, schema: jsonSchema(schema) })),
    ...Object.entries(route.query?.entries ?? {}).map(([name, schema]) => ({
      name,
      in: 'query',
      required: false,
      // Query strings are text parsed by the schema, so what it accepts is its output.
      schema: jsonSchema(schema, 'output'),
    })),
    ...(route.headers ?? []).map((h) => ({
      name: h.name,
      in: 'header',
      required: h.required,
      ...(h.description ? { description: h.description } : {}),
      schema: jsonSchema(h.schema),
    })),
  ];
  const pathNames = [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
  const described = Object.keys(route.params ?? {});
  if (pathNames.join() !== described.join()) throw new Error(`${route.method} ${route.path}: params must describe ${pathNames.join(', ')}`);
  const responses: Json = {};
  for (const [status, answer] of Object.entries(route.answers)) {
    responses[status] = {
      description: answer.description,
      ...(answer.headers?.length
        ? { headers: Object.fromEntries(answer.headers.map((name) => [name, header(headerComponent(name))])) }
        : {}),
      ...(answer.body ? { content: { 'application/json': { schema: answerSchema(answer.body, answer.formats) } } } : {}),
    };
  }
  for (const name of declaredErrors(route)) responses[String(errorAnswers[name].status)] = response(name);
  return {
    summary: route.summary,
    tags: [TAGS[route.function]],
    // Optional auth: anonymous, or a bearer token (which is then checked, and may show more).
    security: route.scope !== 'public' ? bearer : route.optionalAuth ? [{}, ...bearer] : [],
    ...(route.scope !== 'public' ? { 'x-required-scope': route.scope } : {}),
    ...(parameters.length ? { parameters } : {}),
    ...(route.body ? { requestBody: { required: !route.bodyOptional, content: { 'application/json': { schema: schemaRef(route.body) } } } } : {}),
    responses: Object.fromEntries(Object.entries(responses).sort(([a], [b]) => Number(a) - Number(b))),
  };
}

function apiPaths(): Json {
  const paths: Record<string, Json> = {};
  for (const route of routes as readonly RouteSpec[]) {
    paths[route.path] = { ...paths[route.path], [route.method.toLowerCase()]: operation(route) };
  }
  return paths;
}

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

/** What is served beside the HTTP API: the feeds (S3 behind CloudFront) and the local runtime's /health. */
function otherPaths(): Json {
  return {
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
    paths: { ...apiPaths(), ...otherPaths() },
    components: components(),
  });
  return memo;
}
