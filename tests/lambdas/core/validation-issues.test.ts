import { test, expect } from 'vitest';
import { pathOf } from '../../../lambdas/core/validation-issues.ts';

test('pathOf writes paths the way clients point at fields', () => {
  expect(pathOf([])).toBe('');
  expect(pathOf(['title'])).toBe('title');
  expect(pathOf(['countries', 1])).toBe('countries[1]');
  expect(pathOf(['names', 'az'])).toBe('names.az');
  expect(pathOf(['names', 'en-GB'])).toBe('names["en-GB"]');
});
