// Turns valibot issues into the contract's error details: one { path, message } per
// problem, paths written the way a client would point at the field ("countries[1]").
import * as v from 'valibot';
import { ApiError } from './errors.ts';

export interface ValidationDetail {
  path: string;
  message: string;
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** "countries[1]", "names.az", 'names["en-GB"]'; '' for the value itself. */
export function pathOf(keys: readonly unknown[]): string {
  return keys
    .map((key, index) => {
      if (typeof key === 'number') return `[${key}]`;
      const name = String(key);
      if (index === 0) return name;
      return IDENTIFIER.test(name) ? `.${name}` : `[${JSON.stringify(name)}]`;
    })
    .join('');
}

function messageOf(issue: v.BaseIssue<unknown>): string {
  // Object-level issues carry valibot's generic wording; say what the client did instead.
  if (issue.type === 'strict_object' || issue.type === 'object') {
    if (issue.expected === 'never') return `unknown field: ${String(issue.path?.at(-1)?.key)}`;
    if (issue.path && issue.received === 'undefined') return 'required';
    return 'must be a JSON object';
  }
  return issue.message;
}

export function detailsOf(issues: readonly v.BaseIssue<unknown>[]): ValidationDetail[] {
  return issues.map((issue) => ({
    path: pathOf((issue.path ?? []).map((item) => item.key)),
    message: messageOf(issue),
  }));
}

export const invalid = (message: string, details: ValidationDetail[]) =>
  new ApiError(400, 'validation_failed', message, details);

/** The parsed output, or a 400 validation_failed listing every problem found. */
export function parseOrThrow<S extends v.GenericSchema>(
  schema: S,
  input: unknown,
  message: string,
): v.InferOutput<S> {
  const result = v.safeParse(schema, input);
  if (!result.success) throw invalid(message, detailsOf(result.issues));
  return result.output;
}

/** JSON objects only: valibot's object schemas would take an array as an object. */
export function requireJsonObject(input: unknown, message: string): Record<string, unknown> {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    throw invalid(message, [{ path: '', message: 'must be a JSON object' }]);
  }
  return input as Record<string, unknown>;
}
