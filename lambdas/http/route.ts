// API Gateway has already matched the route (event.routeKey), so a Lambda serving a group
// of routes only looks its handler up by that key: no second router.
import middy from '@middy/core';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { notFound } from '../core/errors.ts';
import { jsonErrors } from './json-errors.ts';
import type { HttpResult } from './response.ts';

export type RouteHandler = (event: APIGatewayProxyEventV2, context: Context) => Promise<HttpResult>;

export function routeHandler(routes: Record<string, RouteHandler>) {
  return middy<APIGatewayProxyEventV2, HttpResult>()
    .use(jsonErrors())
    .handler(async (event, context) => {
      const route = routes[event.routeKey];
      if (!route) throw notFound(`No route ${event.routeKey}.`);
      return route(event, context);
    });
}

/** One route: its middlewares (auth, body parsing) run before the handler. */
export function route<E extends APIGatewayProxyEventV2>(
  handler: (event: E, context: Context) => Promise<HttpResult>,
  ...middlewares: middy.MiddlewareObj<APIGatewayProxyEventV2, HttpResult>[]
): RouteHandler {
  const composed = middy<APIGatewayProxyEventV2, HttpResult>().handler(
    handler as unknown as (event: APIGatewayProxyEventV2, context: Context) => Promise<HttpResult>,
  );
  for (const middleware of middlewares) composed.use(middleware);
  return composed as unknown as RouteHandler;
}
