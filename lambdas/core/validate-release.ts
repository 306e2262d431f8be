// Entry points from the handlers into validation: raw JSON (or query parameters) in,
// normalised domain values out, or an ApiError the shell turns into the error body.
import * as v from 'valibot';
import type { Official, ReleaseContent } from './release.ts';
import { tooLarge } from './errors.ts';
import { importPlainText, normaliseString, normaliseStrings } from './normalise-text.ts';
import { sanitiseHtml } from './sanitise-html.ts';
import { deriveSummary } from './derive-summary.ts';
import {
  FormatQuerySchema,
  ListQuerySchema,
  MAX_BODY_BYTES,
  OfficialInputSchema,
  SlugSchema,
  RetractionInputSchema,
  releaseInputSchema,
  type FormatQuery,
  type ListQuery,
  type RetractionInput,
} from './release-schema.ts';
import { invalid, parseOrThrow, requireJsonObject } from './validation-issues.ts';

const NOT_A_RELEASE = 'The request body is not a valid release.';

/**
 * Validates and normalises the writable fields of a release. Throws 413 when the body is
 * over 100 KB of UTF-8, checked first so that the size limit holds however wrong the rest
 * is; otherwise 400 validation_failed with every problem in `details`.
 */
export function validateReleaseInput(raw: unknown, knownOfficials: ReadonlySet<string>): ReleaseContent {
  const rawBody = (raw as { body?: unknown } | null)?.body;
  if (typeof rawBody === 'string') {
    const bytes = Buffer.byteLength(rawBody, 'utf8');
    if (bytes > MAX_BODY_BYTES) {
      throw tooLarge(`The body is ${bytes} bytes of UTF-8; at most ${MAX_BODY_BYTES} are accepted.`);
    }
  }
  const input = singleLineTitle(normaliseStrings(requireJsonObject(raw, NOT_A_RELEASE)) as Record<string, unknown>);
  const schema = releaseInputSchema((slug) => knownOfficials.has(slug));
  const parsed = parseOrThrow(schema, input, NOT_A_RELEASE);

  // Joining lines and dropping tags can put a combining mark next to a new base letter, so
  // NFC again; and NFC (up to 3×) or HTML escaping (up to 4×) can grow a body past the
  // limit that held for the raw text, which DynamoDB's 400 KB item limit would not survive.
  const body = (parsed.bodyFormat === 'html' ? sanitiseHtml(parsed.body) : importPlainText(parsed.body, parsed.language)).normalize('NFC');
  if (body === '') throw invalid(NOT_A_RELEASE, [{ path: 'body', message: 'has no content left after sanitising' }]);
  const storedBytes = Buffer.byteLength(body, 'utf8');
  if (storedBytes > MAX_BODY_BYTES) {
    throw tooLarge(`The body is ${storedBytes} bytes of UTF-8 once normalised and sanitised; at most ${MAX_BODY_BYTES} are accepted.`);
  }

  // A summary derived from HTML decodes entities (&#1;, &#769;), so it is normalised like input.
  return { ...parsed, summary: parsed.summary ?? normaliseString(deriveSummary(body, parsed.bodyFormat)), body };
}

// Titles pasted from a layout can carry its line breaks; a feed title is one line.
function singleLineTitle(input: Record<string, unknown>): Record<string, unknown> {
  const { title } = input;
  return typeof title === 'string' ? { ...input, title: title.replace(/[ \t\n]*[\t\n][ \t\n]*/g, ' ') } : input;
}

/** PUT /v1/officials/{slug}: the slug comes from the path, the rest from the body. */
export function validateOfficialInput(slug: string, raw: unknown): Official {
  const NOT_AN_OFFICIAL = 'The request is not a valid official.';
  const slugResult = v.safeParse(SlugSchema, slug);
  if (!slugResult.success) {
    throw invalid(NOT_AN_OFFICIAL, slugResult.issues.map((issue) => ({ path: 'slug', message: issue.message })));
  }
  const input = normaliseStrings(requireJsonObject(raw, NOT_AN_OFFICIAL));
  const parsed = parseOrThrow(OfficialInputSchema, input, NOT_AN_OFFICIAL);
  return { slug: slugResult.output, ...parsed };
}

/**
 * GET /v1/releases query parameters. Empty values count as absent, so a client that
 * always sends `cursor=` gets the first page; unknown parameters are refused, so a typo
 * like `countries=KZ` is not silently an unfiltered list.
 */
type QueryParameters = Readonly<Record<string, string | undefined>> | null | undefined;

/** The parameters that carry a value, normalised: an empty one (?format=) counts as left out. */
function presentParameters(query: QueryParameters): Record<string, string> {
  return Object.fromEntries(
    Object.entries(query ?? {})
      .map(([key, value]) => [key, value === undefined ? undefined : normaliseStrings(value)] as const)
      .filter((entry): entry is readonly [string, string] => entry[1] !== undefined && entry[1] !== ''),
  );
}

export function parseListQuery(query: QueryParameters): ListQuery {
  return parseOrThrow(ListQuerySchema, presentParameters(query), 'The query string is not valid.');
}

/** GET /v1/releases/{id}: which representation the caller asks for. */
export function parseFormatQuery(query: QueryParameters): FormatQuery {
  return parseOrThrow(FormatQuerySchema, presentParameters(query), 'The query string is not valid.');
}

/** DELETE /v1/releases/{id}: no body at all, or { "note" }. */
export function validateRetractionInput(raw: unknown): RetractionInput {
  if (raw === undefined) return {};
  const NOT_A_RETRACTION = 'The request body is not a valid retraction.';
  return parseOrThrow(RetractionInputSchema, normaliseStrings(requireJsonObject(raw, NOT_A_RETRACTION)), NOT_A_RETRACTION);
}
