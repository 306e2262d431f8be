// What partners hear about a change: its type from the old and new images, the message
// body of the Events contract and the message attributes that filter policies match.
import * as v from 'valibot';
import type { Release } from './release.ts';
import { CountryCodeSchema, ReleaseSchema, SlugSchema } from './release-schema.ts';
import { feedPath, feedsOf } from './feed-keys.ts';
import { feedUrls } from './feeds/feed-urls.ts';
import { reachOf, visibilityOf } from './release-reach.ts';

/** What every subscription can hear: about releases once they are public. */
export const PUBLIC_EVENT_TYPES = ['release.published', 'release.updated', 'release.retracted'] as const;
/** What only embargo subscriptions (accredited partners) hear: about releases before they are public. */
export const EMBARGO_EVENT_TYPES = ['release.embargoed', 'release.embargo-cancelled'] as const;
export const EVENT_TYPES = [...PUBLIC_EVENT_TYPES, ...EMBARGO_EVENT_TYPES] as const;
export type ReleaseEventType = (typeof EVENT_TYPES)[number];
export const isEmbargoEvent = (type: string) => (EMBARGO_EVENT_TYPES as readonly string[]).includes(type);

/**
 * The `audience` message attribute: a subscription's filter policy always names the audiences
 * it may hear, so one without embargo access never matches an embargo event, whatever the
 * rest of its filter says.
 */
export type Audience = 'public' | 'embargoed';
export const audienceOf = (type: ReleaseEventType): Audience => (isEmbargoEvent(type) ? 'embargoed' : 'public');

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
  // Partners take the photo and the downloads straight from the event: every rendition's URL.
  images: true,
  attachments: true,
  files: true,
  embargo: true,
  updatedAt: true,
  status: true,
  // The history can grow with every correction; the event carries the newest note (changeNote).
  changes: false,
  retractionNote: true,
  // A partner links a new member to the others, and a member to its group, from the event alone.
  translationOf: true,
  group: true,
  translations: true,
  // The page a partner can link its readers to.
  links: true,
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
  release: v.object({
    ...EventReleaseSchema.entries,
    // Partners under embargo cannot read the release anywhere else before it is public.
    body: v.optional(v.pipe(v.string(), v.description('release.embargoed only: the whole release travels'))),
    bodyFormat: v.optional(ReleaseSchema.entries.bodyFormat),
  }),
  /** release.updated: the public note of this correction, when it has one. */
  changeNote: v.optional(v.string()),
  /** release.embargoed: the instant the embargo ends, the release's publishedAt. */
  embargoUntil: v.optional(v.string()),
  removed: v.optional(
    v.pipe(
      v.object({ countries: v.array(CountryCodeSchema), officials: v.array(SlugSchema) }),
      v.description(
        'Present only when the release left countries or officials partners were told about before (in its last public or embargoed version): ' +
          'what it no longer has, sorted; both lists are always there, empty when nothing of that kind left. ' +
          'The message attributes countries and officials still carry them, so a partner filtered on them hears this event; later events no longer reach it',
      ),
    ),
  ),
  feeds: v.record(v.string(), FeedLinksSchema),
});

/** What partners under embargo were given: a change to any of it is told to them again. */
const embargoedContent = (release: Release) => {
  const { version: _version, updatedAt: _updatedAt, ...content } = release;
  return JSON.stringify(content);
};

/**
 * The one event a change makes, from the stored images before and after (either may be
 * absent: created, deleted); undefined when partners are told nothing (a draft edited, a
 * minor correction, a rewrite of the same version).
 */
export function eventTypeOf(previous: Release | undefined, next: Release | undefined): ReleaseEventType | undefined {
  if (previous && next && next.version <= previous.version) return undefined;
  const before = visibilityOf(previous);
  const after = visibilityOf(next);
  if (after === 'public') {
    if (before !== 'public') return before === 'retracted' ? undefined : 'release.published';
    // A minor correction leaves the public date of the last change where it was.
    return next!.updatedAt === previous!.updatedAt ? undefined : 'release.updated';
  }
  if (after === 'retracted') return before === 'public' ? 'release.retracted' : undefined;
  if (after === 'embargoed') {
    return before !== 'embargoed' || embargoedContent(previous!) !== embargoedContent(next!) ? 'release.embargoed' : undefined;
  }
  // Hidden again, or deleted.
  return before === 'embargoed' ? 'release.embargo-cancelled' : undefined;
}

export type ReleaseEvent = v.InferOutput<typeof ReleaseEventSchema>;

/** The SNS message body of an event: the one serialisation the topic and the event log both carry. */
export const messageBody = (event: ReleaseEvent) => JSON.stringify(event);

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
 * The release an event tells about, whose version names the event: the new image, except for
 * a cancelled embargo, which tells partners about the release as they were given it (its
 * countries and officials, for their filters, and its content), whatever it became since.
 */
export function subjectOf(type: ReleaseEventType, previous: Release | undefined, next: Release | undefined): Release | undefined {
  return type === 'release.embargo-cancelled' ? (previous ?? next) : (next ?? previous);
}

/**
 * The SNS message body. It carries the summary and links, not the body, so it stays far below
 * SNS's 256 KB whatever the release's size; only an embargoed release travels whole, since
 * partners have no other way to read it before its time. A retraction lists the feeds the
 * release was in, so a partner knows where it disappeared from; an event before publication
 * lists none, as the release is in none yet. `removed` names what the release left of what
 * partners were told before (reachOf), so a partner filtered on it knows why it heard.
 */
export function releaseEvent(type: ReleaseEventType, release: Release, publicBaseUrl: string, previous?: Release): ReleaseEvent {
  const listedIn = type === 'release.retracted' && previous ? feedsOf(previous) : feedsOf(release);
  const newNote = type === 'release.updated' && release.changes.length > (previous?.changes.length ?? 0) ? release.changes.at(-1)?.note : undefined;
  const { removed } = reachOf(release, previous);
  return {
    eventId: eventIdOf(type, release),
    type,
    release: { ...eventRelease(release), ...(type === 'release.embargoed' ? { body: release.body, bodyFormat: release.bodyFormat } : {}) },
    ...(newNote === undefined ? {} : { changeNote: newNote }),
    ...(type === 'release.embargoed' ? { embargoUntil: release.publishedAt } : {}),
    ...(removed ? { removed } : {}),
    feeds: Object.fromEntries(
      listedIn.map((feed) => {
        const { rss, atom, json, html } = feedUrls(publicBaseUrl, feed);
        return [feedPath(feed), { rss, atom, json, html }];
      }),
    ),
  };
}

export type MessageAttribute = { DataType: 'String' | 'String.Array'; StringValue: string };

/**
 * The attributes partners' filter policies select on (Events contract). `release` is the
 * event's subject and `previous` the stored image before the change: the lists reach the
 * partners told about that image too (reachOf). The language is the subject's alone: a
 * language filter chooses the language a partner can use, and the release is no longer in the
 * old one (DECISIONS.md, Notifications and partners).
 */
export function messageAttributes(type: ReleaseEventType, release: Release, previous?: Release): Record<string, MessageAttribute> {
  const { countries, officials } = reachOf(release, previous);
  const attributes: Record<string, MessageAttribute> = {
    eventId: { DataType: 'String', StringValue: eventIdOf(type, release) },
    type: { DataType: 'String', StringValue: type },
    audience: { DataType: 'String', StringValue: audienceOf(type) },
    language: { DataType: 'String', StringValue: release.language },
  };
  // SNS refuses an empty String.Array; a missing attribute simply matches no list filter.
  if (countries.length) attributes.countries = { DataType: 'String.Array', StringValue: JSON.stringify(countries) };
  if (officials.length) attributes.officials = { DataType: 'String.Array', StringValue: JSON.stringify(officials) };
  return attributes;
}
