import { describe, expect, test } from 'vitest';
import { atExpression, clientTokenOf, fireInstantOf, schedulePlanOf } from '../../../lambdas/core/release-schedule.ts';
import type { Release } from '../../../lambdas/core/release.ts';
import { fixtureRelease2023 } from './feeds/feed-fixtures.ts';

const scheduled: Release = fixtureRelease2023({ status: 'scheduled', publishedAt: '2030-01-01T10:00:00.000Z' });
const next = (release: Release, changes: Partial<Release>): Release => ({ ...release, version: release.version + 1, ...changes });

describe('schedulePlanOf', () => {
  test('a release that becomes scheduled gets a schedule for its instant', () => {
    expect(schedulePlanOf(undefined, scheduled)).toEqual({ kind: 'put', releaseId: scheduled.id, version: 1, publishedAt: scheduled.publishedAt });
    expect(schedulePlanOf({ ...scheduled, status: 'draft' }, next(scheduled, {}))).toMatchObject({ kind: 'put', version: 2 });
  });

  test('a moved instant moves the schedule; an edit at the same instant leaves it', () => {
    expect(schedulePlanOf(scheduled, next(scheduled, { publishedAt: '2030-01-02T10:00:00.000Z' }))).toMatchObject({
      kind: 'put',
      publishedAt: '2030-01-02T10:00:00.000Z',
    });
    expect(schedulePlanOf(scheduled, next(scheduled, { title: 'Başqa' }))).toBeUndefined();
  });

  test('published now, sent back to draft or deleted: the schedule goes', () => {
    const publishedNow = next(scheduled, { status: 'published', publishedAt: '2029-06-01T00:00:00.000Z' });
    for (const after of [publishedNow, next(scheduled, { status: 'draft' }), undefined]) {
      expect(schedulePlanOf(scheduled, after)).toEqual({ kind: 'delete', releaseId: scheduled.id });
    }
    // Published at its instant by the schedule, which deleted itself: no call needed.
    expect(schedulePlanOf(scheduled, next(scheduled, { status: 'published' }))).toBeUndefined();
    expect(schedulePlanOf(fixtureRelease2023(), next(fixtureRelease2023(), {}))).toBeUndefined();
  });

  test('the client token names release and version', () => {
    expect(clientTokenOf({ releaseId: 'R', version: 3 })).toBe('R-3');
  });
});

describe('fireInstantOf', () => {
  const now = new Date('2026-06-05T05:00:00.250Z');

  test('a minute ahead of the instant, on a whole second, so Scheduler\'s minute of precision ends before it', () => {
    expect(new Date(fireInstantOf('2026-06-05T06:00:00.000Z', now)).toISOString()).toBe('2026-06-05T05:59:00.000Z');
    expect(new Date(fireInstantOf('2026-06-05T06:00:00.900Z', now)).toISOString()).toBe('2026-06-05T05:59:00.000Z');
  });

  test('never in the past: a release due within the minute fires a second from now', () => {
    expect(new Date(fireInstantOf('2026-06-05T05:00:30.000Z', now)).toISOString()).toBe('2026-06-05T05:00:02.000Z');
  });
});

describe('atExpression', () => {
  const instant = (iso: string) => Date.parse(iso);

  test('wall-clock time in the site zone', () => {
    expect(atExpression(instant('2026-06-05T06:00:00.000Z'), 'Asia/Baku')).toEqual({ expression: 'at(2026-06-05T10:00:00)', timeZone: 'Asia/Baku' });
    expect(atExpression(instant('2026-12-31T23:59:59.000Z'), 'Asia/Almaty').expression).toBe('at(2027-01-01T04:59:59)');
  });

  test('near a change of offset (daylight saving) the expression is in UTC', () => {
    // Europe/Berlin moves from +01:00 to +02:00 at 01:00 UTC on 29 March 2026.
    expect(atExpression(instant('2026-03-29T01:30:00.000Z'), 'Europe/Berlin')).toEqual({ expression: 'at(2026-03-29T01:30:00)', timeZone: 'UTC' });
    expect(atExpression(instant('2026-07-01T12:00:00.000Z'), 'Europe/Berlin')).toEqual({ expression: 'at(2026-07-01T14:00:00)', timeZone: 'Europe/Berlin' });
  });
});
