// Serves the OpenAPI description generated from the route table and the validation schemas.
import { openApiDocument } from '../core/openapi.ts';
import { json } from '../http/response.ts';
import { serve } from '../http/route.ts';

export const handler = serve('openapi', {
  'GET /v1/openapi.json': async () => json(200, openApiDocument(), { 'cache-control': 'public, max-age=300' }),
});
