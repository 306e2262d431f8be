// Which logged events a redelivery sends again to a subscription: only events its filter
// matches (the ones SNS would have delivered to it), so a redelivery never shows a partner
// anything it was not entitled to, an embargo event included.
import { matchesFilter, redeliveryAudience, type FilterPolicy } from './subscription-policy.ts';
import type { MessageAttribute } from './release-event.ts';
import { REDELIVERY_MAX, RedeliveryInputSchema, type RedeliveryInput } from './subscription-schema.ts';
import { invalid, parseOrThrow, requireJsonObject } from './validation-issues.ts';

export interface LoggedMessage {
  eventId: string;
  attributes: Readonly<Record<string, MessageAttribute>>;
}

const NOT_VALID = 'The request body is not a valid redelivery.';

/** The body, with exactly one of since and eventIds. */
export function validateRedelivery(body: unknown): RedeliveryInput & ({ since: string } | { eventIds: string[] }) {
  const input = parseOrThrow(RedeliveryInputSchema, requireJsonObject(body, NOT_VALID), NOT_VALID);
  if (input.since !== undefined && input.eventIds !== undefined) throw invalid(NOT_VALID, [{ path: 'since', message: 'cannot be combined with eventIds' }]);
  if (input.since === undefined && input.eventIds === undefined) throw invalid(NOT_VALID, [{ path: '', message: 'give since or eventIds' }]);
  return input as RedeliveryInput & ({ since: string } | { eventIds: string[] });
}

/** The named events, in the order named; a 400 naming each one the log lacks or the filter does not match. */
export function chosenByIds<E extends LoggedMessage>(eventIds: readonly string[], logged: ReadonlyMap<string, E>, filter: FilterPolicy): E[] {
  const problems = eventIds.flatMap((id, index) => {
    const event = logged.get(id);
    if (!event) return [{ path: `eventIds[${index}]`, message: 'is not in the event log (events are kept 90 days)' }];
    if (!matchesFilter(filter, event.attributes)) return [{ path: `eventIds[${index}]`, message: "is not an event this subscription's filter matches" }];
    return [];
  });
  if (problems.length > 0) throw invalid(NOT_VALID, problems);
  return eventIds.map((id) => logged.get(id)!);
}

/** How far back one request may read the log for `since` (API Gateway answers within 29 s). */
export const REDELIVERY_SCAN_MAX = 10_000;

/** The events of a page the filter matches. */
export const matchingEvents = <E extends LoggedMessage>(events: readonly E[], filter: FilterPolicy): E[] =>
  events.filter((event) => matchesFilter(filter, event.attributes));

/**
 * A 400 naming since as soon as a redelivery since then is too much for one request: more
 * matching events than it sends, or more of the log than it reads.
 */
export function checkSinceBounds(matched: number, read: number): void {
  const problem =
    matched > REDELIVERY_MAX
      ? `more than ${REDELIVERY_MAX} events match since then: redeliver from a later time, then the rest`
      : read > REDELIVERY_SCAN_MAX
        ? `more than ${REDELIVERY_SCAN_MAX} events were logged since then: redeliver from a later time, or by eventIds`
        : undefined;
  if (problem) throw invalid(NOT_VALID, [{ path: 'since', message: problem }]);
}

/**
 * Whether the subscription's filter policy takes redeliveries: those made before redelivery
 * existed have no audience of their own, and SNS would send them nothing.
 */
export const takesRedeliveries = (filter: FilterPolicy, endpoint: string) => (filter.audience ?? []).includes(redeliveryAudience(endpoint));
