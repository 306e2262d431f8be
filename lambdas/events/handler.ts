// The event log: every event partners were sent, oldest first after a cursor, so a partner that
// missed webhooks catches up. Items are the SNS message bodies as sent. The admin reads all of
// it; a partner token only what its subscription's filter matches, as SNS would have chosen.
import { encodeCursor } from '../core/cursor.ts';
import { ApiError } from '../core/errors.ts';
import { decodeEventCursor, LOG_START, pageEnd, sortKeyAtOrAfter } from '../core/event-log.ts';
import { EventListQuerySchema } from '../core/event-schema.ts';
import { toNinjs } from '../core/ninjs.ts';
import type { ReleaseEvent } from '../core/release-event.ts';
import { matchesFilter, type FilterPolicy } from '../core/subscription-policy.ts';
import { invalid, parseOrThrow } from '../core/validation-issues.ts';
import { eventsAfter, newestSortKey, type LoggedEvent } from '../adapters/event-log.ts';
import { listOfficials } from '../adapters/official-repository.ts';
import { site } from '../adapters/site-config.ts';
import { getSubscription } from '../adapters/subscription-repository.ts';
import type { TokenRecord } from '../adapters/token-repository.ts';
import { json } from '../http/response.ts';
import { serve, type EventOf } from '../http/route.ts';

/**
 * How much of the log one filtered page reads at most: a partner whose filter matches little
 * gets a short (even empty) page with a cursor further on, rather than a request that reads
 * the whole log.
 */
const SCAN_LIMIT = 1000;
const SCAN_PAGE = 100;

async function list(event: EventOf<'GET /v1/events'>) {
  const query = parseOrThrow(EventListQuerySchema, event.queryStringParameters ?? {}, 'The query string is not valid.');
  if (query.after !== undefined && query.since !== undefined) {
    throw invalid('The query string is not valid.', [{ path: 'since', message: 'cannot be combined with after' }]);
  }
  const from = query.after !== undefined ? decodeEventCursor(query.after) : query.since !== undefined ? sortKeyAtOrAfter(query.since) : LOG_START;
  const filter = await filterOf(event.caller);
  const { items, lastRead } = filter ? await matching(from, query.limit, filter) : await unfiltered(from, query.limit);
  const end = pageEnd(lastRead, from, lastRead !== undefined ? from : await newestSortKey());
  // The body is the message as sent: parsed only to nest it in the page, never re-shaped.
  const events = items.map((item) => JSON.parse(item.body) as ReleaseEvent);
  return json(200, { items: query.format === 'ninjs' ? await asNinjs(events) : events, nextCursor: encodeCursor(end) });
}

/** A partner's subscription filter; none for the admin, who reads everything. */
async function filterOf(caller: TokenRecord): Promise<FilterPolicy | undefined> {
  if (caller.scope !== 'partner') return undefined;
  const subscription = caller.subscriptionId ? await getSubscription(caller.subscriptionId) : undefined;
  // A token and its subscription are deleted together: a token without one was left by hand.
  if (!subscription) throw new ApiError(403, 'forbidden', 'The subscription of this partner token no longer exists.');
  return subscription.filterPolicy;
}

async function unfiltered(from: string, limit: number) {
  const items = await eventsAfter(from, limit);
  return { items, lastRead: items.at(-1)?.sortKey };
}

async function matching(from: string, limit: number, filter: FilterPolicy) {
  const items: LoggedEvent[] = [];
  let lastRead: string | undefined;
  for (let read = 0; items.length < limit && read < SCAN_LIMIT; ) {
    const page = await eventsAfter(lastRead ?? from, SCAN_PAGE);
    for (const event of page) {
      lastRead = event.sortKey;
      read++;
      if (matchesFilter(filter, event.attributes)) items.push(event);
      if (items.length === limit) break;
    }
    if (page.length < SCAN_PAGE) break;
  }
  return { items, lastRead };
}

async function asNinjs(events: ReleaseEvent[]) {
  if (events.length === 0) return [];
  const [officials, ofSite] = await Promise.all([listOfficials(), site()]);
  const registry = new Map(officials.map((official) => [official.slug, official]));
  return events.map((event) => ({ ...event, release: toNinjs(event.release, ofSite, registry) }));
}

export const handler = serve('events', { 'GET /v1/events': list });
