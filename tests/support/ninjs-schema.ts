// Checks a document against the ninjs 2.0 schema written from IPTC's specification
// (tests/support/ninjs-2.0.schema.json), with every format (uri, date-time) enforced.
import { readFileSync } from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { expect } from 'vitest';

const schema: unknown = JSON.parse(readFileSync(new URL('./ninjs-2.0.schema.json', import.meta.url), 'utf8'));
// strictRequired off: rightsinfo's "linkedrights or encodedrights" is a oneOf of required lists.
const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false });
// ajv-formats is CommonJS; under NodeNext its default import is module.exports, the plugin sits on .default.
addFormats.default(ajv);
export const validateNinjs: ValidateFunction = ajv.compile(schema as object);

export function expectValidNinjs(document: unknown): Record<string, unknown> {
  const valid = validateNinjs(document);
  expect(validateNinjs.errors ?? [], JSON.stringify(validateNinjs.errors, null, 2)).toEqual([]);
  expect(valid).toBe(true);
  return document as Record<string, unknown>;
}
