// The HTTP API's routes and which Lambda serves each: the CDK stack creates API Gateway
// routes from this list and the local runtime routes requests with it, so both agree.
export type FunctionName = 'releases' | 'officials' | 'subscriptions' | 'openapi';

export interface RouteSpec {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** API Gateway path syntax: /v1/releases/{id} */
  path: string;
  function: FunctionName;
}

export const routes: readonly RouteSpec[] = [
  { method: 'POST', path: '/v1/releases', function: 'releases' },
  { method: 'GET', path: '/v1/releases', function: 'releases' },
  { method: 'GET', path: '/v1/releases/{id}', function: 'releases' },
  { method: 'PUT', path: '/v1/releases/{id}', function: 'releases' },
  { method: 'DELETE', path: '/v1/releases/{id}', function: 'releases' },
  { method: 'GET', path: '/v1/officials', function: 'officials' },
  { method: 'PUT', path: '/v1/officials/{slug}', function: 'officials' },
  { method: 'POST', path: '/v1/subscriptions', function: 'subscriptions' },
  { method: 'GET', path: '/v1/subscriptions', function: 'subscriptions' },
  { method: 'DELETE', path: '/v1/subscriptions/{id}', function: 'subscriptions' },
  { method: 'GET', path: '/v1/openapi.json', function: 'openapi' },
];

export const routeKey = (route: Pick<RouteSpec, 'method' | 'path'>) => `${route.method} ${route.path}`;

/** The Lambdas that consume the table's stream (not behind the HTTP API). */
export type StreamFunctionName = 'notify' | 'feeds';
export const streamConsumers: readonly StreamFunctionName[] = ['notify', 'feeds'];

/** Where each function's handler module lives, relative to the project root. */
export const handlerEntry = (name: FunctionName | StreamFunctionName) => `lambdas/${name}/handler.ts`;
