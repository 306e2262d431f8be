// The valibot schemas for everything clients send, and for what they get back. They both
// validate requests and generate the OpenAPI description (openapi.ts), so the two cannot
// drift. Strings reach them already normalised (normaliseStrings), which keeps the
// schemas free of leading transforms that JSON Schema could not express.
//
// Order inside a pipe matters for the generated JSON Schema: conversion stops at the
// first transformation, so descriptions and length limits come before any transform.
import * as v from 'valibot';
import countries from 'i18n-iso-countries/index.js'; // codes only; the node entry would load every locale
import { containsHtmlTag } from './html-tag.ts';
import { HttpUrlSchema, MAX_URL_LENGTH, httpUrl } from './http-url.ts';
import { MediaFileSchema } from './media-schema.ts';
import { ULID_PATTERN } from './ulid.ts';
import { atMostGraphemes, hasVisibleCharacter } from './visible-text.ts';

export const MAX_BODY_BYTES = 102_400;
export const TITLE_MAX_LENGTH = 300;
export const SUMMARY_MAX_LENGTH = 1000;
export const MAX_COUNTRIES = 20;
export const MAX_OFFICIALS = 20;
export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
/** A public note: on a major correction (changeNote) or a retraction (note). */
export const NOTE_MAX_LENGTH = 500;
export const MAX_IMAGES = 20;
export const MAX_ATTACHMENTS = 20;
export const ALT_MAX_LENGTH = 300;
export const CAPTION_MAX_LENGTH = 1000;
export const CREDIT_MAX_LENGTH = 200;

const ALPHA2 = new Set(Object.keys(countries.getAlpha2Codes()));
export const isCountryCode = (code: string) => ALPHA2.has(code);

/** The canonical form of a BCP 47 tag ("AZ-latn" → "az-Latn"), or undefined if it is not one. */
export function canonicalLanguage(tag: string): string | undefined {
  try {
    return Intl.getCanonicalLocales(tag)[0];
  } catch {
    return undefined;
  }
}

// ISO 8601 date-time with a zone, as valibot's isoTimestamp accepts it.
const TIMESTAMP =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:(Z)| ?([+-])(\d{2})(?::?(\d{2}))?)$/u;

/** Milliseconds since the epoch, or undefined for a malformed or impossible date (31 June). */
export function parseTimestamp(s: string): number | undefined {
  const m = TIMESTAMP.exec(s);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const millis = Number((m[7] ?? '').padEnd(3, '0').slice(0, 3));
  // setUTCFullYear, unlike Date.UTC, does not read years 0 to 99 as 1900 to 1999.
  const check = new Date(0);
  check.setUTCFullYear(year, month - 1, day);
  check.setUTCHours(hour, minute, second, millis);
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return undefined;
  const local = check.getTime();
  const offsetMinutes = m[8] ? 0 : (m[9] === '-' ? -1 : 1) * (Number(m[10]) * 60 + Number(m[11] ?? 0));
  return local - offsetMinutes * 60_000;
}

export const MIN_YEAR = 1900;
export const MAX_YEAR = 9999;
const inYearRange = (millis: number) => {
  const year = new Date(millis).getUTCFullYear();
  return year >= MIN_YEAR && year <= MAX_YEAR;
};

const string = () => v.string('must be a string');

// Limits count grapheme clusters, the characters a reader sees; JSON Schema cannot say
// that, so the description does.
const plainText = (max: number, description: string) =>
  v.pipe(
    string(),
    v.description(`${description}; at most ${max} characters (grapheme clusters)`),
    v.minLength(1, 'must not be empty'),
    // An empty string is minLength's to report.
    v.check((s) => s === '' || hasVisibleCharacter(s), 'must not be empty'),
    v.check((s) => atMostGraphemes(s, max), `must be at most ${max} characters`),
    v.check((s) => !containsHtmlTag(s), 'must be plain text: HTML tags are not allowed'),
  );

export const CountryCodeSchema = v.pipe(
  string(),
  v.description('ISO 3166-1 alpha-2 country code; lower case is accepted and stored upper case'),
  v.examples(['KZ']),
  v.regex(/^[A-Za-z]{2}$/, 'must be an ISO 3166-1 alpha-2 country code'),
  v.toUpperCase(),
  v.check(isCountryCode, (issue) => `unknown country code: ${String(issue.input)}`),
);

export const LanguageSchema = v.pipe(
  string(),
  v.description('BCP 47 language tag, stored in canonical form'),
  v.examples(['az']),
  v.maxLength(64, 'must be at most 64 characters'),
  v.check((tag) => canonicalLanguage(tag) !== undefined, 'must be a BCP 47 language tag, e.g. "az"'),
  v.transform((tag) => canonicalLanguage(tag) ?? tag),
);

export const SlugSchema = v.pipe(
  string(),
  v.description('Official slug: lower-case ASCII letters and digits, single hyphens'),
  v.examples(['sahibe-qafarova']),
  v.maxLength(100, 'must be at most 100 characters'),
  v.regex(SLUG_PATTERN, 'must be a slug: lower-case letters and digits separated by single hyphens'),
);

export const TimestampSchema = v.pipe(
  string(),
  v.description(`ISO 8601 date-time with a time zone, ${MIN_YEAR} to ${MAX_YEAR} once in UTC; stored as UTC (toISOString)`),
  v.examples(['2023-06-05T10:00:00+04:00']),
  v.isoTimestamp('must be an ISO 8601 date-time with a time zone, e.g. 2023-06-05T10:00:00+04:00'),
  v.check((s) => !TIMESTAMP.test(s) || parseTimestamp(s) !== undefined, 'is not a real date and time'),
  // Judged in UTC, the form it is stored in: beyond 9999 toISOString writes "+010000-…",
  // which is no ISO 8601 date-time feeds or clients can read.
  v.check((s) => {
    const millis = parseTimestamp(s);
    return millis === undefined || inYearRange(millis);
  }, `must be between the years ${MIN_YEAR} and ${MAX_YEAR} (in UTC)`),
  v.transform((s) => new Date(parseTimestamp(s) ?? Number.NaN).toISOString()),
);

const unique = <T>(items: T[]) => [...new Set(items)];
const distinct = <T>(items: T[]) => new Set(items).size === items.length;

const MediaIdSchema = v.pipe(
  string(),
  v.description('The id of a media item (POST /v1/media)'),
  v.regex(ULID_PATTERN, 'must be a media id (a ULID)'),
);

/** A release's list of photos or downloads: at most `max`, each media named once; empty when absent. */
function mediaList<S extends v.GenericSchema<unknown, { media: string }>>(item: S, noun: string, max: number, description: string) {
  return v.optional(
    v.pipe(
      v.array(item, `must be an array of ${noun}`),
      v.description(description),
      v.maxLength(max, `must list at most ${max} ${noun}`),
      v.check((items) => distinct(items.map((entry) => entry.media)), 'must not name the same media twice'),
    ),
    () => [],
  );
}

/** A photo of a release, in the release's language: alt text is required, for readers who cannot see it. */
export const ImageSchema = v.strictObject({
  media: MediaIdSchema,
  alt: plainText(ALT_MAX_LENGTH, 'What the photo shows, for readers who cannot see it; plain text'),
  caption: v.optional(plainText(CAPTION_MAX_LENGTH, 'Shown under the photo; plain text')),
  credit: v.optional(plainText(CREDIT_MAX_LENGTH, 'Who took the photo, shown with it; plain text')),
});

/** A download of a release: its title, in the release's language. */
export const AttachmentSchema = v.strictObject({
  media: MediaIdSchema,
  title: plainText(TITLE_MAX_LENGTH, 'The download link\'s text; plain text'),
});

export const BodyFormatSchema = v.pipe(
  v.picklist(['text', 'html'], 'must be "text" or "html"'),
  v.description('text: paragraphs separated by blank lines; html: sanitised to a small safe subset'),
);

/**
 * The writable fields of a release: the one place a release field is declared. The stored
 * and returned Release, the event body and every type follow from these entries.
 * `isKnownOfficial` is the officials registry; the default (everything is known) is for
 * documentation and for reading stored releases, whose officials were checked on the way in.
 */
function releaseInputEntries(isKnownOfficial: (slug: string) => boolean) {
  return {
    title: plainText(TITLE_MAX_LENGTH, 'Plain text, NFC-normalised and trimmed; HTML tags are refused (400), not stripped'),
    summary: v.optional(plainText(SUMMARY_MAX_LENGTH, 'Plain text (HTML tags refused); derived from the body when absent')),
    body: v.pipe(
      string(),
      v.description(`At most ${MAX_BODY_BYTES} bytes of UTF-8 (larger → 413), interpreted by bodyFormat`),
      v.minLength(1, 'must not be empty'),
    ),
    bodyFormat: v.optional(BodyFormatSchema, 'text'),
    language: LanguageSchema,
    countries: v.optional(
      v.pipe(
        v.array(CountryCodeSchema, 'must be an array of country codes'),
        v.maxLength(MAX_COUNTRIES, `must list at most ${MAX_COUNTRIES} countries`),
        v.transform(unique),
      ),
      () => [],
    ),
    officials: v.optional(
      v.pipe(
        v.array(
          v.pipe(
            SlugSchema,
            // A malformed slug is SlugSchema's to report; this speaks only about the registry.
            v.check(
              (slug) => !SLUG_PATTERN.test(slug) || isKnownOfficial(slug),
              (issue) => `unknown official: ${String(issue.input)}`,
            ),
          ),
          'must be an array of official slugs',
        ),
        v.maxLength(MAX_OFFICIALS, `must list at most ${MAX_OFFICIALS} officials`),
        v.transform(unique),
      ),
      () => [],
    ),
    url: v.optional(
      v.pipe(
        HttpUrlSchema,
        v.description('Canonical page on the parliament site; stored in its WHATWG serialisation (percent-encoded as feeds carry it)'),
        v.transform((s) => httpUrl(s) ?? s),
        v.maxLength(MAX_URL_LENGTH, `must be at most ${MAX_URL_LENGTH} characters once percent-encoded`),
      ),
    ),
    publishedAt: v.optional(
      v.pipe(
        TimestampSchema,
        v.description(
          'ISO 8601 with a time zone. Absent: now (a correction keeps the date it had). In the future with status "published": scheduled for that instant. In the past: only when a release is created (importing an archive)',
        ),
      ),
    ),
    images: mediaList(ImageSchema, 'images', MAX_IMAGES, 'Photos, the first the lead image; each names a ready media item of kind image'),
    attachments: mediaList(AttachmentSchema, 'attachments', MAX_ATTACHMENTS, 'Downloads (a speech, a joint statement): each names a ready media item'),
    embargo: v.optional(
      v.pipe(
        v.boolean('must be true or false'),
        v.description('Only with a publishedAt in the future: accredited partners (embargo subscriptions) get the release at once, under embargo until publishedAt'),
      ),
      false,
    ),
  };
}

export const NoteSchema = plainText(NOTE_MAX_LENGTH, 'Public plain text');

/**
 * What a request asks for besides the content: the state it wants and how a correction is
 * announced. They steer the lifecycle (release-lifecycle.ts) and are not stored as such.
 */
const RELEASE_REQUEST_ENTRIES = {
  status: v.optional(
    v.pipe(
      v.picklist(['draft', 'published'], 'must be "draft" or "published"'),
      v.description('draft: kept from the public until it is published; published (the default): public now, or scheduled for a future publishedAt'),
    ),
    'published',
  ),
  changeNote: v.optional(
    v.pipe(NoteSchema, v.description(`On a correction of a published release: a public note, shown as "Updated <date>: <note>"; plain text, at most ${NOTE_MAX_LENGTH} characters`)),
  ),
  translationOf: v.optional(
    v.pipe(
      string(),
      v.description(
        'On create: the id of a release this one translates (any member of its group), in another of the site\'s languages. Left-out countries, officials and images are taken from it; while it is not public, so are its instant and embargo, and the translation is never public before it. On a correction: the same id again, or left out',
      ),
      v.regex(ULID_PATTERN, 'must be a release id (a ULID)'),
    ),
  ),
  minor: v.optional(
    v.pipe(
      v.boolean('must be true or false'),
      v.description('true on a correction that fixes a typo: nobody is notified and the release\'s updatedAt and change history stay as they were. Refused when the countries, officials, language or time change'),
    ),
  ),
};
export type RequestDirective = keyof typeof RELEASE_REQUEST_ENTRIES;

export function releaseInputSchema(isKnownOfficial: (slug: string) => boolean = () => true) {
  return v.strictObject({ ...releaseInputEntries(isKnownOfficial), ...RELEASE_REQUEST_ENTRIES });
}

export const ReleaseInputSchema = releaseInputSchema();

/** The content fields of a release: what is stored of a request. */
export const RELEASE_CONTENT_ENTRIES = releaseInputEntries(() => true);
type InputEntries = typeof RELEASE_CONTENT_ENTRIES;

/**
 * Once stored, a field the input defaults (bodyFormat, countries, officials) is always
 * there: its entry loses the optional wrapper, so an item missing it fails to parse
 * instead of quietly taking the default. Optional fields without a default stay optional.
 */
type StoredEntries<E extends v.ObjectEntries> = {
  [K in keyof E]: E[K] extends v.OptionalSchema<infer Wrapped, infer Default> ? (undefined extends Default ? E[K] : Wrapped) : E[K];
};

function storedEntries<E extends v.ObjectEntries>(entries: E): StoredEntries<E> {
  return Object.fromEntries(
    Object.entries(entries).map(([key, entry]) => [
      key,
      entry.type === 'optional' && (entry as v.OptionalSchema<v.GenericSchema, unknown>).default !== undefined
        ? (entry as v.OptionalSchema<v.GenericSchema, unknown>).wrapped
        : entry,
    ]),
  ) as StoredEntries<E>;
}

export const RELEASE_STATUSES = ['draft', 'scheduled', 'published', 'retracted'] as const;
export const ReleaseStatusSchema = v.picklist(RELEASE_STATUSES);

// Stored times were normalised by TimestampSchema or written by the server (toISOString).
const StoredTimestampSchema = v.pipe(
  string(),
  v.description('ISO 8601 in UTC (toISOString)'),
  v.isoTimestamp('must be an ISO 8601 date-time'),
);

/** What the server adds to, or always fills in among, the input fields. */
const SERVER_ENTRIES = {
  id: v.pipe(string(), v.description('ULID, sortable by creation time'), v.regex(ULID_PATTERN, 'must be a ULID')),
  version: v.pipe(v.number(), v.integer(), v.minValue(1), v.description('1 on create, +1 on every correction and on retraction')),
  summary: v.pipe(string(), v.description('Plain text: as sent, or derived from the body (then possibly empty)')),
  publishedAt: StoredTimestampSchema,
  updatedAt: v.pipe(StoredTimestampSchema, v.description('ISO 8601 in UTC (toISOString), server-set')),
  status: v.pipe(
    ReleaseStatusSchema,
    v.description('server-set: draft and scheduled releases exist only for the press office; published; retracted'),
  ),
  // Fields that came after releases were first stored default for the items written before them.
  embargo: v.optional(v.boolean(), false),
  changes: v.optional(
    v.pipe(
      v.array(v.object({ at: StoredTimestampSchema, note: v.string() })),
      v.description('The public change history: one entry per major correction that carried a changeNote, oldest first'),
    ),
    () => [],
  ),
  retractionNote: v.optional(v.pipe(v.string(), v.description('The public note of the retraction, when one was given'))),
  translationOf: v.optional(
    v.pipe(v.pipe(string(), v.regex(ULID_PATTERN)), v.description('The release this one was created as a translation of')),
  ),
  group: v.optional(
    v.pipe(
      v.pipe(string(), v.regex(ULID_PATTERN)),
      v.description('server-set: the translation group, named by the id of the release it started from; absent while the release has no translation'),
    ),
  ),
  translations: v.optional(
    v.pipe(
      v.array(v.object({ language: v.string(), id: v.string(), url: v.string() })),
      v.description(
        'server-set, not stored: the other members of the group, one per language, as the reader may see them (the public: public members only), with the link a feed gives each; [] when there are none',
      ),
    ),
  ),
  links: v.optional(
    v.pipe(
      v.object({ page: v.optional(v.pipe(string(), v.description('The release\'s page on the public site, <public base>/releases/<id>'))) }),
      v.description('server-set, not stored: where people read the release; `page` once it is public (a retracted release\'s page is its withdrawal notice), absent before'),
    ),
  ),
  images: v.optional(v.array(ImageSchema), () => []),
  attachments: v.optional(v.array(AttachmentSchema), () => []),
  files: v.optional(
    v.pipe(
      v.record(v.pipe(string(), v.regex(ULID_PATTERN)), MediaFileSchema),
      v.description('server-set: what each media item the images and attachments name is, with its renditions (a draft\'s media that are not ready yet are missing)'),
    ),
    () => ({}),
  ),
};
type ServerEntries = typeof SERVER_ENTRIES;

/**
 * The release entries for a set of input entries: id and version first, then the input
 * fields in their order (summary and publishedAt always filled in), then updatedAt,
 * status, the translations and the links — the contract's order, which the API's answers keep. Generic so that a test can
 * show a new input field reaching every derived shape.
 */
export function releaseEntriesFrom<E extends v.ObjectEntries>(input: E) {
  const { id, version, updatedAt, status, translations, links, ...filled } = SERVER_ENTRIES;
  // Spreading `filled` over an existing key replaces it where it stands, keeping the order.
  // The translations, read from the group rather than stored, and the links come last.
  return { id, version, ...storedEntries(input), ...filled, updatedAt, status, translations, links } as unknown as Pick<ServerEntries, 'id' | 'version'> &
    Omit<StoredEntries<E>, keyof ServerEntries> &
    ServerEntries;
}

/** The release as stored and as the API returns it. Stored items are parsed with it on every read. */
export const ReleaseSchema = v.object(releaseEntriesFrom<InputEntries>(RELEASE_CONTENT_ENTRIES));

/**
 * The value as a Release, its fields in the schema's order, or a TypeError naming every
 * field that is missing or wrong. Releases are parsed before they are written and after
 * they are read, so the table never holds an item its readers would refuse.
 */
export function parseRelease(value: unknown, what: string): v.InferOutput<typeof ReleaseSchema> {
  const result = v.safeParse(ReleaseSchema, value);
  if (result.success) return result.output;
  const problems = result.issues.map((issue) => `${v.getDotPath(issue) ?? '(value)'}: ${issue.message}`).join('; ');
  throw new TypeError(`${what} is not a release: ${problems}`);
}

export const ReleaseListSchema = v.object({
  items: v.array(ReleaseSchema),
  nextCursor: v.nullable(v.string()),
});

const languageKeyed = (max: number, description: string, minEntries: number) =>
  v.pipe(
    v.record(LanguageSchema, plainText(max, 'Plain text'), 'must be an object keyed by language tag'),
    v.description(description),
    v.minEntries(minEntries, `must have at least ${minEntries} entry`),
  );

/** Body of PUT /v1/officials/{slug}. */
export const OfficialInputSchema = v.strictObject({
  names: languageKeyed(200, 'Display name per BCP 47 language, e.g. { "az": "Sahibə Qafarova" }', 1),
  role: languageKeyed(200, 'Role per BCP 47 language, e.g. { "en": "Chair of the Milli Majlis" }', 0),
  country: CountryCodeSchema,
});

/** An official as stored and returned: the slug from the path, then the input fields. */
export const OfficialSchema = v.object({ slug: SlugSchema, ...OfficialInputSchema.entries });

export const OfficialListSchema = v.object({ items: v.array(OfficialSchema) });

export const LIST_LIMIT_DEFAULT = 20;
export const LIST_LIMIT_MAX = 100;

/** Query of GET /v1/releases. Query strings carry text, so limit is parsed from a string. */
/** A list's page size in a query string: a whole number 1..max, `fallback` when absent. */
export function pageLimit(max: number, fallback: number) {
  return v.optional(
    v.pipe(
      v.union([v.pipe(string(), v.regex(/^\d{1,4}$/, 'must be a whole number')), v.number()], 'must be a whole number'),
      v.transform(Number),
      v.number(),
      v.integer('must be a whole number'),
      v.minValue(1, 'must be at least 1'),
      v.maxValue(max, `must be at most ${max}`),
      v.description(`Page size, 1..${max}`),
    ),
    fallback,
  );
}

export const ListQuerySchema = v.strictObject({
  country: v.optional(CountryCodeSchema),
  official: v.optional(SlugSchema),
  limit: pageLimit(LIST_LIMIT_MAX, LIST_LIMIT_DEFAULT),
  cursor: v.optional(v.pipe(string(), v.description('nextCursor of the previous page'), v.maxLength(512, 'must be at most 512 characters'))),
  status: v.optional(
    v.pipe(
      v.picklist(['draft', 'scheduled'], 'must be "draft" or "scheduled"'),
      v.description('Press token only: the drafts (newest first) or the scheduled releases (soonest first). Without it, public releases only'),
    ),
  ),
});

/**
 * Query of GET /v1/releases/{id}: which representation. Strict like the list's query, so a
 * misspelt parameter (?fromat=ninjs) is a 400 rather than Pressroom's JSON in silence.
 */
export const FormatQuerySchema = v.strictObject({
  format: v.optional(
    v.pipe(
      v.picklist(['ninjs'], 'must be "ninjs"'),
      v.description('ninjs: the release as an IPTC ninjs 2.0 document (Content-Type application/json) instead of Pressroom\'s JSON; left out: Pressroom\'s JSON'),
    ),
  ),
});
export type FormatQuery = v.InferOutput<typeof FormatQuerySchema>;

/** Body of DELETE /v1/releases/{id}, which may be sent without one. */
export const RetractionInputSchema = v.strictObject({
  note: v.optional(v.pipe(NoteSchema, v.description(`Public note of a retraction; plain text, at most ${NOTE_MAX_LENGTH} characters`))),
});
export type RetractionInput = v.InferOutput<typeof RetractionInputSchema>;

/** The contract's error body. */
export const ErrorSchema = v.object({
  error: v.object({
    code: v.pipe(v.string(), v.examples(['validation_failed'])),
    message: v.string(),
    details: v.optional(
      v.pipe(
        v.unknown(),
        v.description('For validation_failed: [{ path: "countries[1]", message: "unknown country code: XX" }]'),
      ),
    ),
  }),
});

export type ListQuery = v.InferOutput<typeof ListQuerySchema>;
export type OfficialInput = v.InferOutput<typeof OfficialInputSchema>;
