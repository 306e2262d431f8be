import { readFileSync } from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { expect } from 'vitest';


const schema: unknown = JSON.parse(readFileSync(new URL('../../../support/json-feed-1.1.schema.json', import.meta.url), 'utf8'));
// strictRequired off: the spec's "content_html or content_text" is an anyOf of required lists.
const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false });
// ajv-formats is CommonJS; under NodeNext its default import is module.exports, the plugin sits on .default.
addFormats.default(ajv);
const validate: ValidateFunction = ajv.compile(schema as object);

export function expectValidJsonFeed(body: string): Record<string, unknown> {
  const document: unknown = JSON.parse(body);
  const valid = validate(document);
  expect(validate.errors ?? [], JSON.stringify(validate.errors, null, 2)).toEqual([]);
  expect(valid).toBe(true);
  return document as Record<string, unknown>;
}
