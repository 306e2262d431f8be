// Which logged events a redelivery sends again to a subscription: only events its filter
// matches (the ones SNS would have delivered to it), so a redelivery never shows a partner
// anything it was not entitled to, an embargo event included.
import { matchesFilter, type FilterPolicy } from './subscription-policy.ts';
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

/** The events since a time that the filter matches; a 400 naming since when they are too many for one request. */
export function chosenSince<E extends LoggedMessage>(logged: readonly E[], filter: FilterPolicy): E[] {
  const chosen = logged.filter((event) => matchesFilter(filter, event.attributes));
  if (chosen.length > REDELIVERY_MAX) {
    throw invalid(NOT_VALID, [
      { path: 'since', message: `${chosen.length} events match since then, more than ${REDELIVERY_MAX}: redeliver from a later time, then the rest` },
    ]);
  }
  return chosen;
}
