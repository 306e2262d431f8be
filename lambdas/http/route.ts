// A function's share of the route table as one Lambda handler: @middy/http-router picks the
// route by method and path, and each route runs the middlewares its table entry implies
// (auth for its scope, JSON body parsing) before its handler. A handler's event type says
// what those middlewares guarantee, so a press route's handler gets `caller`, a body route
// `jsonBody`. Every answer is checked against the statuses the table declares.
import middy from '@middy/core';
import httpRouterHandler, { type Route as RouterRoute } from '@middy/http-router';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { allowedMethods, declaredStatuses, routeKey, routes, type FunctionName, type Route, type RouteSpec } from '../routes.ts';
import { ApiError, notFound } from '../core/errors.ts';
import type { TokenRecord } from '../adapters/token-repository.ts';
import { authenticate, type AuthEvent } from './auth.ts';
import { jsonBody } from './json-body.ts';
import { errorBody, json, type HttpResult } from './response.ts';
import { jsonErrors } from './json-errors.ts';
import { logger } from '../logger.ts';

/** What a route's handler receives: the API Gateway event plus what its middlewares added. */
export type RouteEvent<R extends RouteSpec> = APIGatewayProxyEventV2 &
  (R['scope'] extends 'public' ? (R['optionalAuth'] extends true ? { caller?: TokenRecord } : unknown) : { caller: TokenRecord }) &
  (R['body'] extends object ? (R['bodyOptional'] extends true ? { jsonBody?: unknown } : { jsonBody: unknown; body: string }) : unknown);

export type RouteHandler<R extends RouteSpec> = (event: RouteEvent<R>, context: Context) => Promise<HttpResult>;

type KeyOf<R> = R extends RouteSpec ? `${R['method']} ${R['path']}` : never;
export type RouteKey = KeyOf<Route>;
type RouteAt<R, K extends string> = R extends RouteSpec ? (KeyOf<R> extends K ? R : never) : never;
/** The event the handler of the route `K` ('POST /v1/releases') receives. */
export type EventOf<K extends RouteKey> = RouteEvent<RouteAt<Route, K>>;

type RoutesOf<F extends FunctionName> = Extract<Route, { function: F }>;

/** One handler per route the table gives function F: none missing, none extra. */
export type HandlersOf<F extends FunctionName> = {
  [R in RoutesOf<F> as `${R['method']} ${R['path']}`]: RouteHandler<R>;
};

type PreparedEvent = AuthEvent & { jsonBody?: unknown };
/** The event with everything any middleware adds: every route's handler accepts it. */
type FullEvent = APIGatewayProxyEventV2 & { caller: TokenRecord; jsonBody: unknown; body: string };
type AnyRouteHandler = (event: FullEvent, context: Context) => Promise<HttpResult>;

/**
 * The middlewares ran, so the event has what the route's handler type says: checked here at
 * run time, which is what lets the one assertion below stand for the types of every route.
 */
function routeEvent(spec: RouteSpec, event: PreparedEvent): FullEvent {
  if (spec.scope !== 'public' && !event.caller) throw new Error(`${routeKey(spec)}: no caller after authentication`);
  if (spec.body && !spec.bodyOptional && (event.jsonBody === undefined || typeof event.body !== 'string')) {
    throw new Error(`${routeKey(spec)}: no parsed body`);
  }
  return event as FullEvent;
}

/**
 * An answer the table does not declare is a defect, not something a client should have to
 * handle: it is logged and answered 500, so the OpenAPI document never promises less than
 * what is sent. Tests call every route and see such a 500.
 */
function declaredAnswer(spec: RouteSpec, result: HttpResult): HttpResult {
  if (declaredStatuses(spec).has(result.statusCode)) return result;
  logger.error('answer not declared in lambdas/routes.ts', { route: routeKey(spec), status: result.statusCode });
  return json(500, errorBody('undeclared_answer', `${routeKey(spec)} answered ${result.statusCode}, which the API does not declare.`));
}

function routeHandler(spec: RouteSpec, handler: AnyRouteHandler) {
  const prepared = middy<APIGatewayProxyEventV2, HttpResult>()
    .use(jsonErrors())
    .use([authenticate(spec), ...(spec.body ? [jsonBody({ optional: spec.bodyOptional === true })] : [])])
    .handler((event, context) => handler(routeEvent(spec, event), context));
  return async (event: APIGatewayProxyEventV2, context: Context) => declaredAnswer(spec, await prepared(event, context));
}

/** A path of the API asked with a method it does not have. */
function methodNotAllowed({ method, path }: { method: string; path: string }): never {
  const allow = allowedMethods(path);
  if (!allow) throw notFound(`No route ${method} ${path}.`);
  throw new ApiError(405, 'method_not_allowed', `${path} does not accept ${method}; it accepts ${allow.join(', ')}.`, undefined, {
    allow: allow.join(', '),
  });
}

/** The Lambda handler serving every route the table gives `fn`. */
export function serve<F extends FunctionName>(fn: F, handlers: F extends FunctionName ? HandlersOf<F> : never) {
  const table: Readonly<Record<string, AnyRouteHandler>> = handlers;
  const served: RouterRoute<APIGatewayProxyEventV2, HttpResult>[] = (routes as readonly RouteSpec[])
    .filter((spec) => spec.function === fn)
    .map((spec) => ({ method: spec.method, path: spec.path, handler: routeHandler(spec, table[routeKey(spec)]!) }));
  return middy<APIGatewayProxyEventV2, HttpResult>()
    .use(jsonErrors())
    .handler(httpRouterHandler<APIGatewayProxyEventV2, HttpResult>({ routes: served, notFoundResponse: methodNotAllowed }));
}
