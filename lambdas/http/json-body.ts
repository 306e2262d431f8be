// Parses a JSON request body with the contract's errors: 415 for another media type, 413
// for an oversized request, 400 for malformed JSON. The release's own 100 KB body limit is
// the core validator's job; this limit only stops absurd requests before parsing.
import type middy from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { ApiError, badRequest, tooLarge } from '../core/errors.ts';
import type { HttpResult } from './response.ts';

export const MAX_REQUEST_BYTES = 1024 * 1024;

export type JsonEvent = APIGatewayProxyEventV2 & { jsonBody: unknown };

export function jsonBody(): middy.MiddlewareObj<APIGatewayProxyEventV2, HttpResult> {
  return {
    before: async (request) => {
      const event = request.event as JsonEvent;
      const type = event.headers?.['content-type'] ?? '';
      const mediaType = type.split(';')[0]?.trim().toLowerCase();
      if (mediaType !== 'application/json' && !/^application\/[a-z0-9.+-]*\+json$/.test(mediaType ?? '')) {
        throw new ApiError(415, 'unsupported_media_type', 'Send the body as JSON with Content-Type: application/json.');
      }
      const raw = event.isBase64Encoded ? Buffer.from(event.body ?? '', 'base64').toString('utf8') : (event.body ?? '');
      if (Buffer.byteLength(raw, 'utf8') > MAX_REQUEST_BYTES) {
        throw tooLarge(`The request is larger than ${MAX_REQUEST_BYTES} bytes.`);
      }
      if (raw.trim() === '') throw badRequest('The request body is empty; send a JSON object.');
      try {
        event.jsonBody = JSON.parse(raw);
      } catch (error) {
        throw badRequest('The request body is not valid JSON.', { parser: (error as Error).message });
      }
      event.body = raw;
    },
  };
}
