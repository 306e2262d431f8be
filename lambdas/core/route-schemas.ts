// Path parameters, request headers and answers of the routes beyond the domain's schemas:
// each rule once, used by the handlers to check requests and by the route table to describe them.
import * as v from 'valibot';
import { ULID_PATTERN } from './ulid.ts';

/** Release and subscription ids are ULIDs. */
export const IdSchema = v.pipe(
  v.string(),
  v.regex(ULID_PATTERN, 'must be a ULID'),
  v.description('ULID, sortable by creation time'),
);
export const isId = (value: string) => v.is(IdSchema, value);

export const IdempotencyKeySchema = v.pipe(
  v.string(),
  v.regex(/^[\x21-\x7e]{1,255}$/, 'must be 1 to 255 visible ASCII characters'),
  v.description(
    'Scoped to the token and kept 24 h: the same key and body replay the original 201 without a second write; the same key with another body is 422.',
  ),
);
export const isIdempotencyKey = (value: string) => v.is(IdempotencyKeySchema, value);

export const IfMatchSchema = v.pipe(
  v.string(),
  v.description('The version as an entity tag ("3"); a bare number is accepted too.'),
  v.examples(['"1"']),
);

/** GET /v1/openapi.json answers the document itself. */
export const OpenApiDocumentSchema = v.pipe(
  v.looseObject({ openapi: v.pipe(v.string(), v.regex(/^3\.1\.\d+$/)) }),
  v.description('The OpenAPI 3.1 description of this API'),
);
