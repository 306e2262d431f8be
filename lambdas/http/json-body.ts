// Parses a JSON request body with the contract's errors: 415 for another media type or a
// charset other than UTF-8, 413 for an oversized request, 400 for malformed JSON. The
// release's own 100 KB body limit is the core validator's job; this limit only stops
// absurd requests before parsing.
import type middy from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { ApiError, badRequest, tooLarge } from '../core/errors.ts';
import type { HttpResult } from './response.ts';

export const MAX_REQUEST_BYTES = 1024 * 1024;
/**
 * No request schema nests deeper than a few levels; the validators walk values
 * recursively, so a deeper body (1 MB holds 500,000 levels) would overflow the stack.
 */
export const MAX_JSON_DEPTH = 32;

/** Deepest array/object nesting in JSON text, counting no brackets inside strings. */
export function jsonDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: the next unit is escaped
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) deepest = Math.max(deepest, ++depth);
    else if (c === 0x5d || c === 0x7d) depth--;
  }
  return deepest;
}

/** The charset parameter of a Content-Type, unquoted; undefined when there is none. */
export function declaredCharset(contentType: string): string | undefined {
  for (const parameter of contentType.split(';').slice(1)) {
    const [name, ...value] = parameter.split('=');
    if (name?.trim().toLowerCase() === 'charset') return value.join('=').trim().replace(/^"(.*)"$/, '$1');
  }
  return undefined;
}

// JSON is UTF-8 (RFC 8259) and the body is decoded as such; a body declared in another
// charset would be read wrongly ("é" in ISO-8859-1 becomes U+FFFD), so it is refused. The
// WHATWG Encoding labels decide what names UTF-8 ("utf-8", "UTF8", "unicode-1-1-utf-8").
function isUtf8(charset: string): boolean {
  try {
    return new TextDecoder(charset).encoding === 'utf-8';
  } catch {
    return false; // not a label the Encoding standard knows
  }
}

export type JsonEvent = APIGatewayProxyEventV2 & { jsonBody: unknown };

/** `optional`: a request that sends nothing at all (no Content-Type, no body) has no jsonBody. */
export function jsonBody({ optional = false } = {}): middy.MiddlewareObj<APIGatewayProxyEventV2, HttpResult> {
  return {
    before: async (request) => {
      const event = request.event as JsonEvent;
      const type = event.headers?.['content-type'] ?? '';
      if (optional && type === '' && (event.body ?? '') === '') return;
      const mediaType = type.split(';')[0]?.trim().toLowerCase();
      if (mediaType !== 'application/json' && !/^application\/[a-z0-9.+-]*\+json$/.test(mediaType ?? '')) {
        throw new ApiError(415, 'unsupported_media_type', 'Send the body as JSON with Content-Type: application/json.');
      }
      const charset = declaredCharset(type);
      if (charset !== undefined && !isUtf8(charset)) {
        throw new ApiError(415, 'unsupported_media_type', `Send JSON as UTF-8: charset=${charset} is not supported.`, { charset });
      }
      const raw = event.isBase64Encoded ? Buffer.from(event.body ?? '', 'base64').toString('utf8') : (event.body ?? '');
      if (Buffer.byteLength(raw, 'utf8') > MAX_REQUEST_BYTES) {
        throw tooLarge(`The request is larger than ${MAX_REQUEST_BYTES} bytes.`);
      }
      if (raw.trim() === '') throw badRequest('The request body is empty; send a JSON object.');
      if (jsonDepth(raw) > MAX_JSON_DEPTH) {
        throw badRequest(`The request body nests arrays and objects deeper than ${MAX_JSON_DEPTH} levels.`);
      }
      try {
        event.jsonBody = JSON.parse(raw);
      } catch (error) {
        throw badRequest('The request body is not valid JSON.', { parser: (error as Error).message });
      }
      event.body = raw;
    },
  };
}
