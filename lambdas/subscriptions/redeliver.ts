// POST /v1/subscriptions/{id}/redeliver: logged events sent again through the topic, so SNS
// signs and retries them as every delivery, but addressed (their audience) to this one
// subscription: the others' filter policies refuse them.
import { conflict } from '../core/errors.ts';
import { checkSinceBounds, chosenByIds, matchingEvents, takesRedeliveries, validateRedelivery } from '../core/redelivery.ts';
import { redeliveryAudience, type FilterPolicy } from '../core/subscription-policy.ts';
import { sortKeyAtOrAfter } from '../core/event-log.ts';
import { eventsAfter, eventsByIds, type LoggedEvent } from '../adapters/event-log.ts';
import { republishEvent } from '../adapters/release-notifier.ts';
import { subscriptionStatus } from '../adapters/sns-subscriptions.ts';
import { json } from '../http/response.ts';
import type { EventOf } from '../http/route.ts';
import { subscriptionOfPath } from './visible-subscription.ts';

/** Publishes at once, per request: fast, and well inside SNS's publish rate. */
const CONCURRENCY = 10;
const PAGE = 100;

export async function redeliver(event: EventOf<'POST /v1/subscriptions/{id}/redeliver'>) {
  const input = validateRedelivery(event.jsonBody);
  const record = await subscriptionOfPath(event);
  const status = await subscriptionStatus(record.subscriptionArn);
  if (status !== 'confirmed') throw conflict(`Subscription ${record.id} is ${status}: SNS delivers nothing to it until the endpoint confirms.`);
  if (!takesRedeliveries(record.filterPolicy, record.endpoint)) {
    throw conflict(`Subscription ${record.id} was made before redelivery existed and cannot receive one: delete it and subscribe the endpoint again.`);
  }
  const chosen =
    'eventIds' in input && input.eventIds
      ? chosenByIds(input.eventIds, await eventsByIds(input.eventIds), record.filterPolicy)
      : await matchingSince(input.since!, record.filterPolicy);
  const audience = redeliveryAudience(record.endpoint);
  for (let start = 0; start < chosen.length; start += CONCURRENCY) {
    await Promise.all(
      chosen.slice(start, start + CONCURRENCY).map((logged) => republishEvent(logged, logged.attributes.type?.StringValue ?? '', audience)),
    );
  }
  return json(202, { redelivered: chosen.length, eventIds: chosen.map((logged) => logged.eventId) });
}

/** The logged events since a time that the filter matches, read page by page within the request's bounds. */
async function matchingSince(since: string, filter: FilterPolicy): Promise<LoggedEvent[]> {
  const chosen: LoggedEvent[] = [];
  let read = 0;
  for (let after = sortKeyAtOrAfter(since); ; ) {
    const page = await eventsAfter(after, PAGE);
    read += page.length;
    chosen.push(...matchingEvents(page, filter));
    checkSinceBounds(chosen.length, read);
    if (page.length < PAGE) return chosen;
    after = page.at(-1)!.sortKey;
  }
}
