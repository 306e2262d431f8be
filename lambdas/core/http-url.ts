// The one rule for URLs that leave Pressroom in a link (release pages, links and images in
// HTML bodies, partner endpoints): absolute http(s), in the WHATWG serialisation.
import * as v from 'valibot';

export const MAX_URL_LENGTH = 2048;

/**
 * The URL in its WHATWG serialisation (new URL(s).href) when it is absolute http(s), else
 * undefined. The parser itself drops leading and trailing spaces and controls and any tab
 * or newline inside, as browsers do, so "java\tscript:" is caught as javascript:.
 */
export function httpUrl(value: string | undefined): string | undefined {
  if (value === undefined || !URL.canParse(value)) return undefined;
  const url = new URL(value);
  return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
}

/** An absolute http(s) URL as a client sends it (validation only, the text unchanged). */
export const HttpUrlSchema = v.pipe(
  v.string('must be a string'),
  v.description('Absolute http(s) URL'),
  v.maxLength(MAX_URL_LENGTH, `must be at most ${MAX_URL_LENGTH} characters`),
  v.url('must be an absolute URL'),
  // Unparsable input is url()'s to report; this one only speaks about the scheme.
  v.check((s) => !URL.canParse(s) || httpUrl(s) !== undefined, 'must use http or https'),
);
