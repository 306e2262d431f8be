// The valibot schemas for everything clients send, and for what they get back. They both
// validate requests and generate the OpenAPI description (openapi.ts), so the two cannot
// drift. Strings reach them already normalised (normaliseStrings), which keeps the
// schemas free of leading transforms that JSON Schema could not express.
//
// Order inside a pipe matters for the generated JSON Schema: conversion stops at the
// first transformation, so descriptions and length limits come before any transform.
import * as v from 'valibot';
import countries from 'i18n-iso-countries/index.js'; // codes only; the node entry would load every locale
import { containsHtmlTag } from './sanitise-html.ts';

export const MAX_BODY_BYTES = 102_400;
export const TITLE_MAX_LENGTH = 300;
export const SUMMARY_MAX_LENGTH = 1000;
export const MAX_COUNTRIES = 20;
export const MAX_OFFICIALS = 20;
export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

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
  const local = Date.UTC(year, month - 1, day, hour, minute, second, millis);
  const check = new Date(local);
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return undefined;
  const offsetMinutes = m[8] ? 0 : (m[9] === '-' ? -1 : 1) * (Number(m[10]) * 60 + Number(m[11] ?? 0));
  return local - offsetMinutes * 60_000;
}

const string = () => v.string('must be a string');

const plainText = (max: number, description: string) =>
  v.pipe(
    string(),
    v.description(description),
    v.minLength(1, 'must not be empty'),
    v.maxLength(max, `must be at most ${max} characters`),
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

const HttpUrlSchema = v.pipe(
  string(),
  v.description('Absolute http(s) URL'),
  v.maxLength(2048, 'must be at most 2048 characters'),
  v.url('must be an absolute URL'),
  // Unparsable input is url()'s to report; this one only speaks about the scheme.
  v.check((s) => !URL.canParse(s) || /^https?:$/.test(new URL(s).protocol), 'must use http or https'),
);

const TimestampSchema = v.pipe(
  string(),
  v.description('ISO 8601 date-time with a time zone; stored as UTC (toISOString)'),
  v.examples(['2023-06-05T10:00:00+04:00']),
  v.isoTimestamp('must be an ISO 8601 date-time with a time zone, e.g. 2023-06-05T10:00:00+04:00'),
  v.check((s) => !TIMESTAMP.test(s) || parseTimestamp(s) !== undefined, 'is not a real date and time'),
  v.transform((s) => new Date(parseTimestamp(s) ?? Number.NaN).toISOString()),
);

const unique = <T>(items: T[]) => [...new Set(items)];

const BodyFormatSchema = v.pipe(
  v.picklist(['text', 'html'], 'must be "text" or "html"'),
  v.description('text: paragraphs separated by blank lines; html: sanitised to a small safe subset'),
);

/**
 * The writable fields of a release. `isKnownOfficial` is the officials registry; the
 * default (everything is known) is for documentation only.
 */
export function releaseInputSchema(isKnownOfficial: (slug: string) => boolean = () => true) {
  return v.strictObject({
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
    url: v.optional(v.pipe(HttpUrlSchema, v.description('Canonical page on the parliament site'))),
    publishedAt: v.optional(v.pipe(TimestampSchema, v.description('ISO 8601 with a time zone; defaults to now'))),
  });
}

export const ReleaseInputSchema = releaseInputSchema();

/** The release as the API returns it (documentation; responses are built by the core). */
export const ReleaseSchema = v.object({
  id: v.pipe(v.string(), v.description('ULID, sortable by creation time'), v.regex(/^[0-9A-HJKMNP-TV-Z]{26}$/)),
  version: v.pipe(v.number(), v.integer(), v.minValue(1), v.description('1 on create, +1 on every correction and on retraction')),
  title: v.string(),
  summary: v.string(),
  body: v.string(),
  bodyFormat: v.picklist(['text', 'html']),
  language: v.string(),
  countries: v.array(v.string()),
  officials: v.array(v.string()),
  url: v.optional(v.string()),
  publishedAt: v.pipe(v.string(), v.isoTimestamp()),
  updatedAt: v.pipe(v.string(), v.isoTimestamp()),
  status: v.picklist(['published', 'retracted']),
});

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

export const OfficialSchema = v.object({
  slug: SlugSchema,
  names: v.record(v.string(), v.string()),
  role: v.record(v.string(), v.string()),
  country: v.string(),
});

export const OfficialListSchema = v.object({ items: v.array(OfficialSchema) });

export const LIST_LIMIT_DEFAULT = 20;
export const LIST_LIMIT_MAX = 100;

/** Query of GET /v1/releases. Query strings carry text, so limit is parsed from a string. */
export const ListQuerySchema = v.strictObject({
  country: v.optional(CountryCodeSchema),
  official: v.optional(SlugSchema),
  limit: v.optional(
    v.pipe(
      v.union([v.pipe(string(), v.regex(/^\d{1,4}$/, 'must be a whole number')), v.number()], 'must be a whole number'),
      v.transform(Number),
      v.number(),
      v.integer('must be a whole number'),
      v.minValue(1, 'must be at least 1'),
      v.maxValue(LIST_LIMIT_MAX, `must be at most ${LIST_LIMIT_MAX}`),
      v.description(`Page size, 1..${LIST_LIMIT_MAX}`),
    ),
    LIST_LIMIT_DEFAULT,
  ),
  cursor: v.optional(v.pipe(string(), v.description('nextCursor of the previous page'), v.maxLength(512, 'must be at most 512 characters'))),
});

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
