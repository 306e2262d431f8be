// The event log as the API lists it: the query and the page. Declared once here; the route
// table and the OpenAPI document use these schemas.
import * as v from 'valibot';
import { EVENT_LIST_LIMIT_DEFAULT, EVENT_LIST_LIMIT_MAX, EVENT_RETENTION_DAYS } from './event-log.ts';
import { ReleaseEventSchema } from './release-event.ts';
import { FormatQuerySchema, pageLimit, TimestampSchema } from './release-schema.ts';
import { NinjsSchema } from './ninjs-schema.ts';

export const EventListQuerySchema = v.strictObject({
  after: v.optional(
    v.pipe(
      v.string('must be a string'),
      v.description(`nextCursor of the previous page; valid for ${EVENT_RETENTION_DAYS} days`),
      v.maxLength(512, 'must be at most 512 characters'),
    ),
  ),
  since: v.optional(v.pipe(TimestampSchema, v.description('Start with the first event appended at this time or later (instead of after)'))),
  limit: pageLimit(EVENT_LIST_LIMIT_MAX, EVENT_LIST_LIMIT_DEFAULT),
  format: FormatQuerySchema.entries.format,
});
export type EventListQuery = v.InferOutput<typeof EventListQuerySchema>;

export const EventListSchema = v.object({
  items: v.pipe(v.array(ReleaseEventSchema), v.description('Oldest first: exactly the SNS message bodies partners were sent')),
  nextCursor: v.pipe(
    v.string(),
    v.description('Never null: at the end of the log, the cursor to poll with next; store it and resume from it'),
  ),
});

/** format=ninjs: each event as sent, its release as an IPTC ninjs 2.0 document. */
export const NinjsEventSchema = v.object({ ...ReleaseEventSchema.entries, release: NinjsSchema });

export const NinjsEventListSchema = v.object({
  items: v.pipe(v.array(NinjsEventSchema), v.description('Oldest first: the events partners were sent, each release as ninjs')),
  nextCursor: EventListSchema.entries.nextCursor,
});
