// Partner webhook subscriptions: the request body and the answer. Each filter list
// becomes one key of the SNS filter policy, matched against the message attribute of
// the same name (see Events in ARCHITECTURE.md).
import * as v from 'valibot';
import { HttpUrlSchema } from './http-url.ts';
import { EVENT_TYPES } from './release-event.ts';
import { CountryCodeSchema, LanguageSchema, SlugSchema } from './release-schema.ts';

const filterList = <T extends v.GenericSchema<unknown, string>>(item: T, description: string) =>
  v.optional(
    v.pipe(
      v.array(item, 'must be an array'),
      v.description(description),
      v.minLength(1, 'must not be empty: leave the field out to receive everything'),
      v.maxLength(100, 'must list at most 100 values'),
      v.transform((items: string[]) => [...new Set(items)]),
    ),
  );

export const SubscriptionInputSchema = v.strictObject({
  endpoint: v.pipe(HttpUrlSchema, v.description('The partner webhook: an absolute http(s) URL that will receive SNS HTTP/S deliveries')),
  countries: filterList(CountryCodeSchema, 'Only releases about one of these countries'),
  officials: filterList(SlugSchema, 'Only releases about one of these officials'),
  types: filterList(v.picklist(EVENT_TYPES, `must be one of ${EVENT_TYPES.join(', ')}`), 'Only these event types'),
  languages: filterList(LanguageSchema, 'Only releases in one of these languages'),
  embargo: v.optional(
    v.pipe(
      v.boolean('must be true or false'),
      v.description(
        'true for an accredited partner: it also receives release.embargoed and release.embargo-cancelled, with the whole release before it is public. Without it, nothing about a release reaches the endpoint before the release is public',
      ),
    ),
    false,
  ),
});

export const SubscriptionSchema = v.object({
  id: v.string(),
  endpoint: v.string(),
  filterPolicy: v.pipe(
    v.record(v.string(), v.array(v.string())),
    v.description('The SNS filter policy, e.g. { "countries": ["KZ"] }'),
  ),
  status: v.pipe(v.string(), v.examples(['pending confirmation', 'confirmed'])),
});

export const SubscriptionListSchema = v.object({ items: v.array(SubscriptionSchema) });

export type SubscriptionInput = v.InferOutput<typeof SubscriptionInputSchema>;
