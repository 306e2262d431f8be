import { expect, test } from 'vitest';
import { decodeEventCursor, LOG_START, nextPosition, pageEnd, sortKeyAtOrAfter, sortKeyOf } from '../../../lambdas/core/event-log.ts';
import { encodeCursor as encodeEventCursor } from '../../../lambdas/core/cursor.ts';
import { ApiError } from '../../../lambdas/core/errors.ts';

test('positions count up from 1, and their time never goes back even when a clock does', () => {
  const first = nextPosition(undefined, new Date('2026-12-01T10:00:00.000Z'));
  expect(first).toEqual({ seq: 1, at: '2026-12-01T10:00:00.000Z' });
  // Another Lambda whose clock is a second behind appends next.
  const second = nextPosition(first, new Date('2026-12-01T09:59:59.000Z'));
  expect(second).toEqual({ seq: 2, at: '2026-12-01T10:00:00.000Z' });
  const third = nextPosition(second, new Date('2026-12-01T10:00:05.000Z'));
  expect(third).toEqual({ seq: 3, at: '2026-12-01T10:00:05.000Z' });
  const keys = [first, second, third].map(sortKeyOf);
  expect([...keys].sort()).toEqual(keys);
  expect(keys[0]).toBe('2026-12-01T10:00:00.000Z#000000000001');
});

test('sort keys order by time, then by sequence across the width of the counter', () => {
  const at = '2026-12-01T10:00:00.000Z';
  expect(sortKeyOf({ seq: 9, at }) < sortKeyOf({ seq: 10, at })).toBe(true);
  expect(LOG_START < sortKeyOf({ seq: 1, at: '1970-01-01T00:00:00.000Z' })).toBe(true);
  // since: every event at that instant or later sorts after the start it gives.
  expect(sortKeyAtOrAfter('2026-12-01T14:00:00+04:00') < sortKeyOf({ seq: 1, at })).toBe(true);
  expect(sortKeyAtOrAfter('2026-12-01T10:00:00.001Z') > sortKeyOf({ seq: 99, at })).toBe(true);
});

test('cursors round-trip, and anything else is a 400', () => {
  const key = sortKeyOf({ seq: 42, at: '2026-12-01T10:00:00.000Z' });
  expect(decodeEventCursor(encodeEventCursor(key))).toBe(key);
  expect(decodeEventCursor(encodeEventCursor(LOG_START))).toBe(LOG_START);
  for (const bad of ['', 'not-a-cursor', encodeEventCursor('2026-12-01T10:00:00.000Z#01HZX3K6J5Q0000000000000AB'), encodeEventCursor(`${key}x`)]) {
    expect(() => decodeEventCursor(bad), bad).toThrow(ApiError);
  }
});

test('a page ends after its last event; an empty one where it started, but never beyond the newest position', () => {
  const newest = sortKeyOf({ seq: 7, at: '2026-12-01T10:00:00.000Z' });
  const last = sortKeyOf({ seq: 5, at: '2026-12-01T09:00:00.000Z' });
  expect(pageEnd(last, LOG_START, newest)).toBe(last);
  expect(pageEnd(undefined, newest, newest)).toBe(newest);
  // since in the future (or a partner's clock ahead): the cursor is the newest position, so
  // what is appended next sorts after it.
  expect(pageEnd(undefined, sortKeyAtOrAfter('2030-01-01T00:00:00Z'), newest)).toBe(newest);
  expect(pageEnd(undefined, LOG_START, LOG_START)).toBe(LOG_START);
});
