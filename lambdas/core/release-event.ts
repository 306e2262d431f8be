// What partners hear about a change: its type from the old and new images, the message
// body of the Events contract and the message attributes that filter policies match.
import * as v from 'valibot';
import type { Release } from './release.ts';
import { ReleaseSchema } from './release-schema.ts';
import { feedPath, feedsOf } from './feed-keys.ts';
import { feedUrls } from './feeds/feed-urls.ts';

export const EVENT_TYPES = ['release.published', 'release.updated', 'release.retracted'] as const;
export type ReleaseEventType = (typeof EVENT_TYPES)[number];

/** A yes or no for every field of R: a table that stops compiling when R gains a field. */
export type FieldDecisions<R> = { readonly [K in keyof Required<R>]: boolean };

/** The fields of R a decision table says yes to. */
export type ChosenFields<R, D extends FieldDecisions<R>> = Pick<R, { [K in keyof R]-?: D[K] extends true ? K : never }[keyof R]>;

/**
 * Which release fields travel in the SNS message. The body (up to 100 KB) stays out so a
 * message stays far below SNS's 256 KB; partners fetch it, or read the feeds. A field
 * added to the release schema does not compile until it is decided here.
 */
export const CARRIED_IN_EVENT = {
  id: true,
  version: true,
  title: true,
  summary: true,
  body: false,
  bodyFormat: false,
  language: true,
  countries: true,
  officials: true,
  url: true,
  publishedAt: true,
  updatedAt: true,
  status: true,
} as const satisfies FieldDecisions<Release>;

export type EventRelease = ChosenFields<Release, typeof CARRIED_IN_EVENT>;
type EventField = keyof EventRelease;

/** The carried fields in the release schema's order, the order of the message's release object. */
const EVENT_FIELDS = (Object.keys(ReleaseSchema.entries) as (keyof Release)[]).filter(
  (key): key is EventField => CARRIED_IN_EVENT[key],
) as [EventField, ...EventField[]];

/** The release inside an event: the release schema, picked by CARRIED_IN_EVENT. */
export const EventReleaseSchema = v.pick(ReleaseSchema, EVENT_FIELDS);

const FeedLinksSchema = v.object({ rss: v.string(), atom: v.string(), json: v.string(), html: v.string() });

/** The SNS message body (Events in ARCHITECTURE.md). */
export const ReleaseEventSchema = v.object({
  eventId: v.pipe(v.string(), v.description('The same for every delivery and every resend of this event: deduplicate on it')),
  type: v.picklist(EVENT_TYPES),
  release: EventReleaseSchema,
  feeds: v.record(v.string(), FeedLinksSchema),
});

/** undefined when the change is nothing a partner is told about (e.g. a rewrite of the same version). */
export function eventTypeOf(previous: Release | undefined, next: Release | undefined): ReleaseEventType | undefined {
  if (!next) return undefined;
  if (!previous) return next.status === 'published' ? 'release.published' : undefined;
  if (next.version <= previous.version) return undefined;
  if (next.status === 'retracted') return previous.status === 'retracted' ? undefined : 'release.retracted';
  return 'release.updated';
}

export type ReleaseEvent = v.InferOutput<typeof ReleaseEventSchema>;

/**
 * SNS standard topics deliver at least once and a crash between Publish and the ledger write
 * publishes again, so partners deduplicate. The id names what happened (this version of this
 * release, this type), so every resend of it carries the same one.
 */
export function eventIdOf(type: ReleaseEventType, release: Pick<Release, 'id' | 'version'>): string {
  return `${release.id}.${release.version}.${type.slice('release.'.length)}`;
}

function eventRelease(release: Release): EventRelease {
  return Object.fromEntries(EVENT_FIELDS.filter((key) => key in release).map((key) => [key, release[key]])) as EventRelease;
}

/**
 * The SNS message body. It carries the summary and links, never the body, so it stays far
 * below SNS's 256 KB whatever the release's size. A retraction lists the feeds the release
 * was in, so a partner knows where it disappeared from.
 */
export function releaseEvent(type: ReleaseEventType, release: Release, publicBaseUrl: string, previous?: Release): ReleaseEvent {
  const listedIn = type === 'release.retracted' && previous ? feedsOf(previous) : feedsOf(release);
  return {
    eventId: eventIdOf(type, release),
    type,
    release: eventRelease(release),
    feeds: Object.fromEntries(
      listedIn.map((feed) => {
        const { rss, atom, json, html } = feedUrls(publicBaseUrl, feed);
        return [feedPath(feed), { rss, atom, json, html }];
      }),
    ),
  };
}

export type MessageAttribute = { DataType: 'String' | 'String.Array'; StringValue: string };

/** The attributes partners' filter policies select on (Events contract). */
export function messageAttributes(type: ReleaseEventType, release: Release): Record<string, MessageAttribute> {
  const attributes: Record<string, MessageAttribute> = {
    eventId: { DataType: 'String', StringValue: eventIdOf(type, release) },
    type: { DataType: 'String', StringValue: type },
    language: { DataType: 'String', StringValue: release.language },
  };
  // SNS refuses an empty String.Array; a missing attribute simply matches no list filter.
  if (release.countries.length) attributes.countries = { DataType: 'String.Array', StringValue: JSON.stringify(release.countries) };
  if (release.officials.length) attributes.officials = { DataType: 'String.Array', StringValue: JSON.stringify(release.officials) };
  return attributes;
}
