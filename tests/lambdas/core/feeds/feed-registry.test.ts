import { describe, expect, test } from 'vitest';
import {
  directoryChanged,
  directoryFeeds,
  nextRegistration,
  renderChangedAt,
  sameRegistration,
} from '../../../../lambdas/core/feeds/feed-registry.ts';

describe('the feed registry', () => {
  test('a feed is listed while it has releases; all always', () => {
    expect(nextRegistration('country#KZ', 3, undefined)).toEqual({ key: 'country#KZ', listed: true });
    expect(nextRegistration('country#KZ', 0, '2024-01-01T00:00:00.000Z')).toEqual({
      key: 'country#KZ',
      listed: false,
      changedAt: '2024-01-01T00:00:00.000Z',
    });
    expect(nextRegistration('all', 0, undefined)).toEqual({ key: 'all', listed: true });
  });

  test('changedAt only moves forward', () => {
    const current = { key: 'all', listed: true, changedAt: '2024-02-01T00:00:00.000Z' };
    const now = new Date('2026-12-02T00:00:00.000Z');
    expect(renderChangedAt(current, '2024-01-01T00:00:00.000Z', 1, now)).toBe('2024-02-01T00:00:00.000Z');
    expect(renderChangedAt(current, '2024-03-01T00:00:00.000Z', 1, now)).toBe('2024-03-01T00:00:00.000Z');
    expect(renderChangedAt(current, undefined, 0, now)).toBe('2024-02-01T00:00:00.000Z');
    // A feed with releases is dated by them.
    expect(renderChangedAt(undefined, undefined, 3, now)).toBeUndefined();
  });

  test('a feed without releases and without a kept time is dated by its creation, not the epoch', () => {
    const now = new Date('2026-12-02T00:00:00.000Z');
    expect(renderChangedAt(undefined, undefined, 0, now)).toBe('2026-12-02T00:00:00.000Z');
    expect(renderChangedAt({ key: 'ru:all', listed: true }, undefined, 0, now)).toBe('2026-12-02T00:00:00.000Z');
  });

  test('an unchanged registration is not rewritten', () => {
    expect(sameRegistration({ key: 'all', listed: true }, { key: 'all', listed: true })).toBe(true);
    expect(sameRegistration(undefined, { key: 'all', listed: true })).toBe(false);
    expect(sameRegistration({ key: 'all', listed: true }, { key: 'all', listed: true, changedAt: 'x' })).toBe(false);
  });

  test('the directory changes when a feed starts or stops being listed, not when its time moves', () => {
    const before = [
      { key: 'all', listed: true },
      { key: 'country#KZ', listed: true },
    ];
    expect(directoryChanged(before, [...before, { key: 'country#TR', listed: true }])).toBe(true);
    expect(directoryChanged(before, [before[0]!, { key: 'country#KZ', listed: false }])).toBe(true);
    expect(directoryChanged(before, [before[0]!, { key: 'country#KZ', listed: true, changedAt: '2024-01-01T00:00:00.000Z' }])).toBe(false);
    expect(directoryChanged([], [{ key: 'all', listed: true }])).toBe(false);
  });

  test('directoryFeeds lists all and every listed feed as FeedRefs', () => {
    expect(
      directoryFeeds([
        { key: 'country#KZ', listed: true },
        { key: 'country#TR', listed: false },
        { key: 'official#sahibe-qafarova', listed: true },
      ]),
    ).toEqual([{ kind: 'all' }, { kind: 'country', code: 'KZ' }, { kind: 'official', slug: 'sahibe-qafarova' }]);
  });
});
