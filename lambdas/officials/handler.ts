// The officials registry: public list, admin create-or-update.
import { validateOfficialInput } from '../core/validate-release.ts';
import { listOfficials, putOfficial } from '../adapters/official-repository.ts';
import { optionalAuth, requireScope } from '../http/auth.ts';
import { jsonBody, type JsonEvent } from '../http/json-body.ts';
import { json } from '../http/response.ts';
import { route, routeHandler } from '../http/route.ts';

export const handler = routeHandler({
  'GET /v1/officials': route(async () => {
    const officials = (await listOfficials()).sort((a, b) => a.slug.localeCompare(b.slug));
    return json(200, { items: officials });
  }, optionalAuth()),
  'PUT /v1/officials/{slug}': route(
    async (event: JsonEvent) => {
      const official = validateOfficialInput(event.pathParameters?.slug ?? '', event.jsonBody);
      const outcome = await putOfficial(official);
      return json(outcome === 'created' ? 201 : 200, official);
    },
    requireScope('admin'),
    jsonBody(),
  ),
});
