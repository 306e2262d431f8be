// The HTTP API, once: every route's method, path, serving function, scope, request schemas
// and answers. API Gateway (lib/http-api.ts), the local router (local/api-gateway.ts), the
// auth and body middlewares (lambdas/http/route.ts), the OpenAPI document
// (lambdas/core/openapi.ts) and the tests all read this table. No AWS imports: lib/ and
// local/ load it too; the schemas bring only valibot and the country code list.
import type { GenericSchema } from 'valibot';
import {
  FormatQuerySchema,
  ListQuerySchema,
  OfficialInputSchema,
  OfficialListSchema,
  OfficialSchema,
  ReleaseInputSchema,
  ReleaseListSchema,
  ReleaseSchema,
  RetractionInputSchema,
  SlugSchema,
} from './core/release-schema.ts';
import {
  CreatedSubscriptionSchema,
  RedeliveryInputSchema,
  RedeliverySchema,
  SubscriptionDetailSchema,
  SubscriptionInputSchema,
  SubscriptionListSchema,
  SubscriptionSchema,
} from './core/subscription-schema.ts';
import { MediaSchema, MediaUploadInputSchema, MediaUploadSchema } from './core/media-schema.ts';
import { EventListQuerySchema, EventListSchema, NinjsEventListSchema } from './core/event-schema.ts';
import { IdSchema, IdempotencyKeySchema, IfMatchSchema, OpenApiDocumentSchema } from './core/route-schemas.ts';
import { NinjsSchema } from './core/ninjs-schema.ts';
import type { RouteScope } from './core/scopes.ts';
import { alertLinkPath, SUBSCRIBE_PATH } from './core/alerts/alert-links.ts';

export type FunctionName = 'releases' | 'media' | 'officials' | 'subscriptions' | 'events' | 'openapi';
export type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** Errors a route can answer, by name; the JSON error body is the contract's. */
export const errorAnswers = {
  BadRequest: {
    status: 400,
    description:
      'Bad input: malformed JSON or invalid fields. For validation_failed, details is [{ path, message }], e.g. { "path": "countries[1]", "message": "unknown country code: XX" }.',
  },
  Unauthorized: { status: 401, description: 'No bearer token where one is needed, or a token that is not known' },
  Forbidden: { status: 403, description: 'The token lacks the scope this route needs' },
  NotFound: { status: 404, description: 'No such resource' },
  Gone: { status: 410, description: 'The release was retracted (anonymous readers)' },
  Conflict: { status: 409, description: 'The request conflicts with the current state of the resource' },
  PayloadTooLarge: { status: 413, description: 'The request, or the release body field (102400 bytes of UTF-8), is too large' },
  UnsupportedMediaType: { status: 415, description: 'The request body is not Content-Type: application/json' },
  IdempotencyKeyReused: { status: 422, description: 'The Idempotency-Key was used with a different request body' },
  PreconditionRequired: { status: 428, description: 'If-Match is missing' },
  InternalError: { status: 500, description: 'Something went wrong on our side' },
  ServiceUnavailable: { status: 503, description: 'A dependency (database, topic, store) is unavailable; nothing was changed' },
} as const satisfies Record<string, { status: number; description: string }>;
export type ErrorName = keyof typeof errorAnswers;

/** Headers an answer may carry. */
export const responseHeaders = {
  ETag: 'The release version as an entity tag, e.g. "1"',
  Location: 'URL of the created (or already existing) resource',
  'Idempotent-Replayed': '"true" when this is the replay of an earlier response for the same Idempotency-Key',
  'Cache-Control': 'How long the answer may be cached',
} as const;
export type ResponseHeader = keyof typeof responseHeaders;

/** A successful answer: its body's schema (none: no body, as for 204) and its headers. */
export interface Answer {
  description: string;
  body?: GenericSchema;
  /** The body instead, when the query's `format` names it (format=ninjs); the same Content-Type. */
  formats?: Readonly<Record<string, GenericSchema>>;
  headers?: readonly ResponseHeader[];
}

export interface RequestHeader {
  name: string;
  required: boolean;
  description?: string;
  schema: GenericSchema;
}

export interface RouteSpec {
  method: Method;
  /** API Gateway path syntax: /v1/releases/{id} */
  path: string;
  function: FunctionName;
  summary: string;
  /** 'public', or the token scope needed. A token that is sent is checked on every route. */
  scope: RouteScope;
  /** Public, but the handler sees the caller when a valid token is sent (it may show more). */
  optionalAuth?: boolean;
  /** One schema per {parameter} of the path. */
  params?: Readonly<Record<string, GenericSchema>>;
  /** The JSON request body; its presence makes the route parse one (400/413/415). */
  body?: GenericSchema;
  /** The body may be left out altogether (no Content-Type, nothing sent). */
  bodyOptional?: boolean;
  /** The query string, an object schema of optional text fields. */
  query?: GenericSchema & { entries: Readonly<Record<string, GenericSchema>> };
  headers?: readonly RequestHeader[];
  /** The successful answers, by status. */
  answers: Readonly<Record<number, Answer>>;
  /** Errors particular to this route; those every route, scope and body imply are added by `declaredStatuses`. */
  errors?: readonly ErrorName[];
}

const releaseAnswer = (description: string, headers: readonly ResponseHeader[] = []) => ({
  description,
  body: ReleaseSchema,
  headers: ['ETag', ...headers] as const,
});
const ifMatch = (required: boolean, description: string): RequestHeader => ({ name: 'If-Match', required, description, schema: IfMatchSchema });

export const routes = [
  {
    method: 'POST',
    path: '/v1/releases',
    function: 'releases',
    summary: 'Publish, schedule or draft a release',
    scope: 'press',
    body: ReleaseInputSchema,
    headers: [{ name: 'Idempotency-Key', required: false, schema: IdempotencyKeySchema }],
    answers: { 201: releaseAnswer('Created; the release is the whole body', ['Location', 'Idempotent-Replayed']) },
    errors: ['Conflict', 'IdempotencyKeyReused'],
  },
  {
    method: 'GET',
    path: '/v1/releases',
    function: 'releases',
    summary: 'List releases, newest first',
    scope: 'public',
    optionalAuth: true,
    query: ListQuerySchema,
    answers: { 200: { description: 'One page; nextCursor is null on the last', body: ReleaseListSchema } },
    errors: ['BadRequest', 'Forbidden'],
  },
  {
    method: 'GET',
    path: '/v1/releases/{id}',
    function: 'releases',
    summary: 'Read a release, as Pressroom\'s JSON or (format=ninjs) as an IPTC ninjs 2.0 document',
    scope: 'public',
    optionalAuth: true,
    params: { id: IdSchema },
    query: FormatQuerySchema,
    answers: {
      200: {
        ...releaseAnswer('The release; with format=ninjs, the release as an IPTC ninjs 2.0 document'),
        formats: { ninjs: NinjsSchema },
      },
    },
    errors: ['NotFound', 'Gone'],
  },
  {
    method: 'PUT',
    path: '/v1/releases/{id}',
    function: 'releases',
    summary: 'Correct a release, or move a draft or scheduled one on (full input, as for POST); version +1',
    scope: 'press',
    params: { id: IdSchema },
    body: ReleaseInputSchema,
    headers: [ifMatch(true, 'The version being corrected, as an entity tag ("3"); a bare number is accepted too.')],
    answers: { 200: releaseAnswer('The corrected release') },
    errors: ['NotFound', 'Conflict', 'PreconditionRequired'],
  },
  {
    method: 'DELETE',
    path: '/v1/releases/{id}',
    function: 'releases',
    summary: 'Retract a published release (status "retracted", version +1; the record stays), or delete a draft or scheduled one',
    scope: 'press',
    params: { id: IdSchema },
    body: RetractionInputSchema,
    bodyOptional: true,
    headers: [ifMatch(false, 'When sent, the retraction only happens if the release is at this version.')],
    answers: {
      200: releaseAnswer('The retracted release (retracting again answers the same retraction)'),
      204: { description: 'The draft or scheduled release is deleted: it is gone for everyone; no body' },
    },
    errors: ['BadRequest', 'NotFound', 'Conflict'],
  },
  {
    method: 'POST',
    path: '/v1/media',
    function: 'media',
    summary: 'Ask to upload a photo or a PDF: a presigned form to send the file to, straight to the object store',
    scope: 'press',
    body: MediaUploadInputSchema,
    answers: { 201: { description: 'Awaiting upload; POST the file with the form in `upload` before it expires', body: MediaUploadSchema, headers: ['Location'] } },
  },
  {
    method: 'GET',
    path: '/v1/media/{id}',
    function: 'media',
    summary: 'A media item: its processing state, what it is and its renditions',
    scope: 'press',
    params: { id: IdSchema },
    answers: { 200: { description: 'The media item', body: MediaSchema } },
    errors: ['NotFound'],
  },
  {
    method: 'GET',
    path: '/v1/officials',
    function: 'officials',
    summary: 'List the officials registry',
    scope: 'public',
    answers: { 200: { description: 'Every official', body: OfficialListSchema } },
  },
  {
    method: 'PUT',
    path: '/v1/officials/{slug}',
    function: 'officials',
    summary: 'Create or update an official',
    scope: 'admin',
    params: { slug: SlugSchema },
    body: OfficialInputSchema,
    answers: {
      200: { description: 'Updated', body: OfficialSchema },
      201: { description: 'Created', body: OfficialSchema },
    },
  },
  {
    method: 'POST',
    path: '/v1/subscriptions',
    function: 'subscriptions',
    summary: 'Subscribe a partner webhook (an SNS HTTP/S subscription with a filter policy)',
    scope: 'admin',
    body: SubscriptionInputSchema,
    answers: {
      201: {
        description: 'Subscribed, pending confirmation by the endpoint; with the partner token, shown this once',
        body: CreatedSubscriptionSchema,
        headers: ['Location'],
      },
      200: {
        description: 'The endpoint is already subscribed with this filter: that subscription (its token was shown when it was created)',
        body: SubscriptionSchema,
        headers: ['Location'],
      },
    },
    errors: ['Conflict'],
  },
  {
    method: 'GET',
    path: '/v1/subscriptions',
    function: 'subscriptions',
    summary: 'List partner subscriptions',
    scope: 'admin',
    answers: { 200: { description: 'Every subscription', body: SubscriptionListSchema } },
  },
  {
    method: 'GET',
    path: '/v1/subscriptions/{id}',
    function: 'subscriptions',
    summary: 'One subscription: its status and the deliveries SNS gave up on (admin, or the partner with its own token)',
    scope: 'partner',
    params: { id: IdSchema },
    answers: { 200: { description: 'The subscription', body: SubscriptionDetailSchema } },
    errors: ['NotFound'],
  },
  {
    method: 'DELETE',
    path: '/v1/subscriptions/{id}',
    function: 'subscriptions',
    summary: 'Unsubscribe (its partner token stops working)',
    scope: 'admin',
    params: { id: IdSchema },
    answers: { 204: { description: 'Unsubscribed; no body' } },
    errors: ['NotFound'],
  },
  {
    method: 'POST',
    path: '/v1/subscriptions/{id}/redeliver',
    function: 'subscriptions',
    summary: 'Send logged events again to this one subscription, signed by SNS as every delivery is',
    scope: 'admin',
    params: { id: IdSchema },
    body: RedeliveryInputSchema,
    answers: { 202: { description: 'Handed to SNS for this subscription only; they arrive as webhooks, with the same eventIds', body: RedeliverySchema } },
    errors: ['NotFound', 'Conflict'],
  },
  {
    method: 'GET',
    path: '/v1/events',
    function: 'events',
    summary: 'The event log: every event partners were sent, oldest first after a cursor (a partner token: only what its filter matches)',
    scope: 'partner',
    query: EventListQuerySchema,
    answers: {
      200: {
        description: 'A page of events; nextCursor continues after it (never null); with format=ninjs each release as IPTC ninjs 2.0',
        body: EventListSchema,
        formats: { ninjs: NinjsEventListSchema },
      },
    },
  },
  {
    method: 'GET',
    path: '/v1/openapi.json',
    function: 'openapi',
    summary: 'This description',
    scope: 'public',
    answers: { 200: { description: 'OpenAPI 3.1', body: OpenApiDocumentSchema, headers: ['Cache-Control'] } },
  },
] as const satisfies readonly RouteSpec[];

export type Route = (typeof routes)[number];

export const routeKey = (route: { method: Method | 'ANY'; path: string }) => `${route.method} ${route.path}`;

/** Errors every route can answer, whatever it does. */
const ALWAYS: readonly ErrorName[] = ['Unauthorized', 'InternalError', 'ServiceUnavailable'];

/** Every error a route can answer: its own, and those its scope, body and query imply. */
export function declaredErrors(route: RouteSpec): ErrorName[] {
  const implied: ErrorName[] = [...ALWAYS];
  if (route.scope !== 'public') implied.push('Forbidden');
  if (route.body) implied.push('BadRequest', 'PayloadTooLarge', 'UnsupportedMediaType');
  if (route.query) implied.push('BadRequest');
  const names = new Set([...implied, ...(route.errors ?? [])]);
  return [...names].sort((a, b) => errorAnswers[a].status - errorAnswers[b].status);
}

/** Every status a route may answer. Anything else is a defect (lambdas/http/route.ts refuses it). */
export function declaredStatuses(route: RouteSpec): ReadonlySet<number> {
  return new Set([...Object.keys(route.answers).map(Number), ...declaredErrors(route).map((name) => errorAnswers[name].status)]);
}

// -- matching ------------------------------------------------------------------------------

/** The paths of the API, each with the methods the table has for it, in table order. */
export const apiPaths: ReadonlyMap<string, { function: FunctionName; methods: Method[] }> = (() => {
  const paths = new Map<string, { function: FunctionName; methods: Method[] }>();
  for (const route of routes as readonly RouteSpec[]) {
    const entry = paths.get(route.path) ?? { function: route.function, methods: [] };
    // One function per path: it is also the one that answers the path's other methods (405).
    if (entry.function !== route.function) throw new Error(`${route.path} is served by ${entry.function} and ${route.function}`);
    entry.methods.push(route.method);
    paths.set(route.path, entry);
  }
  return paths;
})();

/**
 * What API Gateway routes: the table's routes, and per path an `ANY` route to the same
 * function, so a method the path does not have reaches the function and is answered 405
 * (an HTTP API would answer its own 404). Exact method routes take precedence over ANY.
 */
export const gatewayRoutes: ReadonlyArray<{ method: Method | 'ANY'; path: string; function: FunctionName }> = [
  ...(routes as readonly RouteSpec[]).map(({ method, path, function: fn }) => ({ method, path, function: fn })),
  ...[...apiPaths].map(([path, entry]) => ({ method: 'ANY' as const, path, function: entry.function })),
];

const compiled = [...apiPaths.keys()].map((path) => {
  const params: string[] = [];
  const source = path
    .split('/')
    .map((segment) => {
      const param = /^\{(\w+)\}$/.exec(segment);
      if (!param?.[1]) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      params.push(param[1]);
      return '([^/]+)';
    })
    .join('/');
  return { path, pattern: new RegExp(`^${source}$`), params };
});

/**
 * The table path a request path is, with its raw (still percent-encoded) parameters, as
 * API Gateway matches it; undefined for a path that is not the API's.
 */
export function matchPath(requestPath: string): { path: string; rawParameters: Record<string, string> } | undefined {
  for (const candidate of compiled) {
    const match = candidate.pattern.exec(requestPath);
    if (match) return { path: candidate.path, rawParameters: Object.fromEntries(candidate.params.map((name, i) => [name, match[i + 1] ?? ''])) };
  }
  return undefined;
}

/** The methods a request path has in the table (the Allow header of a 405), or undefined for an unknown path. */
export function allowedMethods(requestPath: string): readonly Method[] | undefined {
  const matched = matchPath(requestPath);
  return matched ? apiPaths.get(matched.path)?.methods : undefined;
}

/**
 * The site's pages a function answers (HTML for a browser, not the JSON API, so not in the
 * OpenAPI document): the e-mail alert form and the pages of the links in alert mails. Served
 * on the site's origin (CloudFront sends /alerts/* to the HTTP API) and by the local runtime.
 */
export type PageFunctionName = 'alerts';
export const pageRoutes: ReadonlyArray<{ method: Method; path: string; function: PageFunctionName }> = [
  { method: 'POST', path: SUBSCRIBE_PATH, function: 'alerts' },
  { method: 'GET', path: alertLinkPath('confirm'), function: 'alerts' },
  { method: 'POST', path: alertLinkPath('confirm'), function: 'alerts' },
  { method: 'GET', path: alertLinkPath('unsubscribe'), function: 'alerts' },
  { method: 'POST', path: alertLinkPath('unsubscribe'), function: 'alerts' },
  { method: 'GET', path: alertLinkPath('manage'), function: 'alerts' },
  { method: 'POST', path: alertLinkPath('manage'), function: 'alerts' },
];
export const pageFunctions: readonly PageFunctionName[] = [...new Set(pageRoutes.map((route) => route.function))];

/** The page route of a request, if it is one. */
export const matchPageRoute = (method: string, path: string) => pageRoutes.find((route) => route.method === method && route.path === path);

/** The Lambdas that consume the table's stream (not behind the HTTP API). */
export type StreamFunctionName = 'notify' | 'feeds';
export const streamConsumers: readonly StreamFunctionName[] = ['notify', 'feeds'];

/** The Lambdas that a schedule invokes: publish-due makes scheduled releases public. */
export type ScheduledFunctionName = 'publish-due';
export const scheduledFunctions: readonly ScheduledFunctionName[] = ['publish-due'];

/** The Lambdas an object-created event of the uploads bucket invokes: process-media cleans an upload. */
export type UploadFunctionName = 'process-media';
export const uploadFunctions: readonly UploadFunctionName[] = ['process-media'];

/** The Lambdas a queue feeds: delivery-failures records what SNS could not deliver to a partner. */
export type QueueFunctionName = 'delivery-failures';
export const queueFunctions: readonly QueueFunctionName[] = ['delivery-failures'];

/**
 * The Lambdas that mail alerts, each fed by a queue: alert-fanout takes the releases topic's
 * public events and turns each into mail jobs for its followers; alert-mail sends a job's mails
 * at the sending rate. They exist only when the site configuration has alerts.
 */
export type AlertQueueFunctionName = 'alert-fanout' | 'alert-mail';
export const alertQueueFunctions: readonly AlertQueueFunctionName[] = ['alert-fanout', 'alert-mail'];

/** The Lambda a daily schedule invokes at the digest time: alert-digest queues the day's digests (only with alerts). */
export type AlertScheduledFunctionName = 'alert-digest';
export const alertScheduledFunctions: readonly AlertScheduledFunctionName[] = ['alert-digest'];

/** Every Lambda of the system. */
export type AnyFunctionName =
  | FunctionName
  | PageFunctionName
  | StreamFunctionName
  | ScheduledFunctionName
  | UploadFunctionName
  | QueueFunctionName
  | AlertQueueFunctionName
  | AlertScheduledFunctionName;

/** Where each function's handler module lives, relative to the project root. */
export const handlerEntry = (name: AnyFunctionName) => `lambdas/${name}/handler.ts`;
