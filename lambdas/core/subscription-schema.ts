// Partner webhook subscriptions: the request body and the answer. Each filter list
// becomes one key of the SNS filter policy, matched against the message attribute of
// the same name (see Events in ARCHITECTURE.md).
import * as v from 'valibot';
import { HttpUrlSchema } from './http-url.ts';
import { EVENT_TYPES } from './release-event.ts';
import { CountryCodeSchema, LanguageSchema, SlugSchema, TimestampSchema } from './release-schema.ts';
import { FailedDeliverySchema } from './failed-delivery.ts';

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
  createdAt: v.string(),
});

export const SubscriptionListSchema = v.object({ items: v.array(SubscriptionSchema) });

/** The answer to a new subscription: the subscription and, this once, its partner token. */
export const CreatedSubscriptionSchema = v.object({
  ...SubscriptionSchema.entries,
  token: v.pipe(
    v.string(),
    v.description(
      'The partner token (scope partner), shown this once: with it the partner reads the event log as its filter sees it (GET /v1/events) and this subscription (GET /v1/subscriptions/{id}). Only its hash is kept; deleting the subscription revokes it',
    ),
  ),
});

/** Failed deliveries shown per subscription: the newest ones. */
export const FAILED_DELIVERIES_SHOWN = 100;

/** One subscription, as its admin or its partner sees it. */
export const SubscriptionDetailSchema = v.object({
  ...SubscriptionSchema.entries,
  failedDeliveries: v.pipe(
    v.array(FailedDeliverySchema),
    v.description(
      `Messages SNS gave up delivering (its retries, up to 53 minutes, spent on 5xx answers or none), newest first, at most ${FAILED_DELIVERIES_SHOWN}; kept as long as the event log keeps their events`,
    ),
  ),
});

/** At most this many events per redelivery request. */
export const REDELIVERY_MAX = 1000;

export const RedeliveryInputSchema = v.strictObject({
  since: v.optional(
    v.pipe(TimestampSchema, v.description('Every event logged at this time or later that the subscription\'s filter matches (instead of eventIds)')),
  ),
  eventIds: v.optional(
    v.pipe(
      v.array(v.pipe(v.string('must be a string'), v.maxLength(200, 'must be at most 200 characters')), 'must be an array'),
      v.description('These events, by eventId (from failedDeliveries or the event log), instead of since'),
      v.minLength(1, 'must not be empty'),
      v.maxLength(100, 'must list at most 100 eventIds'),
      v.transform((ids: string[]) => [...new Set(ids)]),
    ),
  ),
});
export type RedeliveryInput = v.InferOutput<typeof RedeliveryInputSchema>;

export const RedeliverySchema = v.object({
  redelivered: v.pipe(v.number(), v.description('How many events were sent again, to this subscription only')),
  eventIds: v.pipe(v.array(v.string()), v.description('Their eventIds, in the order sent: oldest first for since, as named for eventIds')),
});

export type SubscriptionInput = v.InferOutput<typeof SubscriptionInputSchema>;
