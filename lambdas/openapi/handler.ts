// Serves the OpenAPI description generated from the validation schemas.
import { openApiDocument } from '../core/openapi.ts';
import { optionalAuth } from '../http/auth.ts';
import { json } from '../http/response.ts';
import { route, routeHandler } from '../http/route.ts';

export const handler = routeHandler({
  'GET /v1/openapi.json': route(async () => json(200, openApiDocument(), { 'cache-control': 'public, max-age=300' }), optionalAuth()),
});
