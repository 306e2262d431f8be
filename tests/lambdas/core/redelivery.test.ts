import { describe, expect, test } from 'vitest';
import { ApiError } from '../../../lambdas/core/errors.ts';
import { checkSinceBounds, chosenByIds, matchingEvents, REDELIVERY_SCAN_MAX, takesRedeliveries, validateRedelivery } from '../../../lambdas/core/redelivery.ts';
import { REDELIVERY_MAX } from '../../../lambdas/core/subscription-schema.ts';
import { filterPolicyOf } from '../../../lambdas/core/subscription-policy.ts';

const endpoint = 'https://partner.example/hook';
const kzOnly = filterPolicyOf({ endpoint, countries: ['KZ'] });
const logged = (eventId: string, countries: string[], audience = 'public') => ({
  eventId,
  attributes: {
    audience: { DataType: 'String', StringValue: audience },
    countries: { DataType: 'String.Array', StringValue: JSON.stringify(countries) },
  } as const,
});
const pathsOf = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ApiError);
    return ((error as ApiError).details as Array<{ path: string }> | undefined)?.map((d) => d.path);
  }
  throw new Error('expected a 400');
};

describe('which events a redelivery sends', () => {
  const log = new Map([
    ['kz', logged('kz', ['KZ'])],
    ['az', logged('az', ['AZ'])],
    ['kz-embargo', logged('kz-embargo', ['KZ'], 'embargoed')],
  ]);

  test('named events it matches, in the order named', () => {
    expect(chosenByIds(['kz'], log, kzOnly).map((e) => e.eventId)).toEqual(['kz']);
  });

  test('each named event the log lacks or the filter does not match is a 400 naming it, an embargo event for a non-accredited partner included', () => {
    expect(pathsOf(() => chosenByIds(['kz', 'az', 'gone', 'kz-embargo'], log, kzOnly))).toEqual(['eventIds[1]', 'eventIds[2]', 'eventIds[3]']);
  });

  test('since: only what matches, within the bounds of one request', () => {
    expect(matchingEvents([...log.values()], kzOnly).map((e) => e.eventId)).toEqual(['kz']);
    expect(() => checkSinceBounds(REDELIVERY_MAX, REDELIVERY_SCAN_MAX)).not.toThrow();
    expect(pathsOf(() => checkSinceBounds(REDELIVERY_MAX + 1, 10))).toEqual(['since']);
    expect(pathsOf(() => checkSinceBounds(0, REDELIVERY_SCAN_MAX + 1))).toEqual(['since']);
  });

  test('exactly one of since and eventIds', () => {
    expect(pathsOf(() => validateRedelivery({}))).toEqual(['']);
    expect(pathsOf(() => validateRedelivery({ since: '2026-01-01T00:00:00Z', eventIds: ['a'] }))).toEqual(['since']);
    expect(pathsOf(() => validateRedelivery([]))).toEqual(['']);
    expect(validateRedelivery({ eventIds: ['a', 'a'] })).toEqual({ eventIds: ['a'] });
  });

  test('a subscription whose policy has no audience of its own cannot take a redelivery', () => {
    expect(takesRedeliveries(kzOnly, endpoint)).toBe(true);
    expect(takesRedeliveries({ countries: ['KZ'], audience: ['public'] }, endpoint)).toBe(false);
    expect(takesRedeliveries(kzOnly, 'https://other.example/hook')).toBe(false);
  });
});
