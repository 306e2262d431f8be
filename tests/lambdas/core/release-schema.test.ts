import { test, expect } from 'vitest';
import { canonicalLanguage, isCountryCode, parseTimestamp } from '../../../lambdas/core/release-schema.ts';

test('parseTimestamp honours the zone and refuses impossible dates', () => {
  expect(new Date(parseTimestamp('2023-06-15T14:00:00+04:00')!).toISOString()).toBe('2023-06-15T10:00:00.000Z');
  expect(new Date(parseTimestamp('2023-06-15 14:00:00+0400')!).toISOString()).toBe('2023-06-15T10:00:00.000Z');
  expect(new Date(parseTimestamp('2023-06-15T14:00:00+04')!).toISOString()).toBe('2023-06-15T10:00:00.000Z');
  expect(new Date(parseTimestamp('2023-06-15T08:30:00.123456-01:30')!).toISOString()).toBe('2023-06-15T10:00:00.123Z');
  expect(parseTimestamp('2023-06-31T10:00:00Z')).toBeUndefined();
  expect(parseTimestamp('2023-02-29T10:00:00Z')).toBeUndefined();
  expect(parseTimestamp('2024-02-29T10:00:00Z')).toBeDefined();
  expect(parseTimestamp('2023-06-15T10:00:00')).toBeUndefined();
  expect(parseTimestamp('2023-06-15')).toBeUndefined();
});

test('canonicalLanguage', () => {
  expect(canonicalLanguage('AZ')).toBe('az');
  expect(canonicalLanguage('az-latn-az')).toBe('az-Latn-AZ');
  expect(canonicalLanguage('not a tag!!')).toBeUndefined();
  expect(canonicalLanguage('en_US')).toBeUndefined();
  expect(canonicalLanguage('')).toBeUndefined();
});

test('isCountryCode uses the ISO list', () => {
  expect(isCountryCode('KZ')).toBe(true);
  expect(isCountryCode('AZ')).toBe(true);
  expect(isCountryCode('XX')).toBe(false);
  expect(isCountryCode('kz')).toBe(false); // callers upper-case first
});
