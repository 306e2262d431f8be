// The officials registry: public list, admin create-or-update.
import { validateOfficialInput } from '../core/validate-release.ts';
import { listOfficials, putOfficial } from '../adapters/official-repository.ts';
import { json } from '../http/response.ts';
import { serve } from '../http/route.ts';

export const handler = serve('officials', {
  'GET /v1/officials': async () => {
    const officials = (await listOfficials()).sort((a, b) => a.slug.localeCompare(b.slug));
    return json(200, { items: officials });
  },
  'PUT /v1/officials/{slug}': async (event) => {
    const official = validateOfficialInput(event.pathParameters?.slug ?? '', event.jsonBody);
    const outcome = await putOfficial(official);
    return json(outcome === 'created' ? 201 : 200, official);
  },
});
