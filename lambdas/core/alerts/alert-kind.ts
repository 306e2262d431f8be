// Which release events become an e-mail alert. Only what is public is mailed: embargo events
// never (they reach accredited partners only), and a minor correction makes no event at all.
// A retraction is mailed to whoever was alerted to the release: a journalist may have quoted it,
// and the withdrawal notice (its title, dates and public note, no body) is what they need to
// correct their own story, as partners are told by release.retracted.
import type { Audience, ReleaseEventType } from '../release-event.ts';

export const ALERT_KINDS = ['published', 'corrected', 'withdrawn'] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

export const ALERT_OF_EVENT = {
  'release.published': 'published',
  // Every release.updated is a major correction, with its change note when it has one.
  'release.updated': 'corrected',
  'release.retracted': 'withdrawn',
  'release.embargoed': undefined,
  'release.embargo-cancelled': undefined,
} as const satisfies Record<ReleaseEventType, AlertKind | undefined>;

export const alertKindOf = (type: ReleaseEventType): AlertKind | undefined => ALERT_OF_EVENT[type];

/** The events an alert is mailed for, in the order the event types are declared. */
export const ALERTED_EVENT_TYPES = (Object.keys(ALERT_OF_EVENT) as ReleaseEventType[]).filter((type) => ALERT_OF_EVENT[type] !== undefined);

/**
 * The filter policy of the alerts' subscription to the releases topic: the queue never holds
 * an event no alert is mailed for, nor a redelivery to one partner (the same event again, its
 * audience naming that partner), which readers were mailed about when it happened.
 */
export const ALERT_EVENTS_FILTER_POLICY = { type: ALERTED_EVENT_TYPES, audience: ['public' satisfies Audience] } as const;
