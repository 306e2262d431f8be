// The event log (admin): every event partners were sent, oldest first after a cursor, so a
// partner that missed webhooks catches up. Items are the SNS message bodies as sent.
import { encodeCursor } from '../core/cursor.ts';
import { decodeEventCursor, LOG_START, pageEnd, sortKeyAtOrAfter } from '../core/event-log.ts';
import { EventListQuerySchema } from '../core/event-schema.ts';
import { invalid, parseOrThrow } from '../core/validation-issues.ts';
import { eventsAfter, newestSortKey } from '../adapters/event-log.ts';
import { json } from '../http/response.ts';
import { serve, type EventOf } from '../http/route.ts';

async function list(event: EventOf<'GET /v1/events'>) {
  const query = parseOrThrow(EventListQuerySchema, event.queryStringParameters ?? {}, 'The query string is not valid.');
  if (query.after !== undefined && query.since !== undefined) {
    throw invalid('The query string is not valid.', [{ path: 'since', message: 'cannot be combined with after' }]);
  }
  const from = query.after !== undefined ? decodeEventCursor(query.after) : query.since !== undefined ? sortKeyAtOrAfter(query.since) : LOG_START;
  const items = await eventsAfter(from, query.limit);
  const end = pageEnd(items.at(-1)?.sortKey, from, items.length > 0 ? from : await newestSortKey());
  // The body is the message as sent: parsed only to nest it in the page, never re-shaped.
  return json(200, { items: items.map((item) => JSON.parse(item.body) as unknown), nextCursor: encodeCursor(end) });
}

export const handler = serve('events', { 'GET /v1/events': list });
