import { describe, expect, test } from 'vitest';
import { lastDigestAt, nextDigestAt, previousDigestAt } from '../../../../lambdas/core/alerts/digest-time.ts';

const at = (iso: string) => new Date(iso);

describe('when the daily digest goes out', () => {
  test('08:00 in Baku (GMT+4) is 04:00 UTC: the next one after a time, today or tomorrow', () => {
    expect(nextDigestAt('08:00', 'Asia/Baku', at('2026-12-03T03:59:59Z'))).toEqual(at('2026-12-03T04:00:00Z'));
    expect(nextDigestAt('08:00', 'Asia/Baku', at('2026-12-03T04:00:00Z'))).toEqual(at('2026-12-04T04:00:00Z'));
    // 23:30 UTC is already the next day in Baku.
    expect(nextDigestAt('08:00', 'Asia/Baku', at('2026-12-03T23:30:00Z'))).toEqual(at('2026-12-04T04:00:00Z'));
  });

  test('a run sends the latest digest at or before its moment: at the instant itself, or later that day', () => {
    expect(lastDigestAt('08:00', 'Asia/Baku', at('2026-12-03T04:00:00Z'))).toEqual(at('2026-12-03T04:00:00Z'));
    expect(lastDigestAt('08:00', 'Asia/Baku', at('2026-12-03T09:30:00Z'))).toEqual(at('2026-12-03T04:00:00Z'));
    expect(lastDigestAt('08:00', 'Asia/Baku', at('2026-12-03T03:59:59Z'))).toEqual(at('2026-12-02T04:00:00Z'));
  });

  test('a zone with summer time: 08:00 on both sides of the change, so one digest period is 23 hours', () => {
    // Europe/Berlin moves to GMT+2 on 29 March 2026.
    expect(nextDigestAt('08:00', 'Europe/Berlin', at('2026-03-28T08:00:00Z'))).toEqual(at('2026-03-29T06:00:00Z'));
    expect(previousDigestAt('08:00', 'Europe/Berlin', at('2026-03-29T06:00:00Z'))).toEqual(at('2026-03-28T07:00:00Z'));
  });

  test('a time in the hour the change to summer time skips comes 24 hours after the day before\'s', () => {
    // 02:30 does not exist in Berlin on 29 March 2026 (the clocks go from 02:00 to 03:00): the
    // digest comes at 03:30 there, 01:30 UTC, as the day before's came at 02:30 CET, 01:30 UTC.
    const next = nextDigestAt('02:30', 'Europe/Berlin', at('2026-03-28T12:00:00Z'));
    expect(next).toEqual(at('2026-03-29T01:30:00Z'));
  });

  test('a zone west of Greenwich, and midnight', () => {
    expect(nextDigestAt('00:00', 'America/New_York', at('2026-12-03T12:00:00Z'))).toEqual(at('2026-12-04T05:00:00Z'));
    expect(previousDigestAt('00:00', 'America/New_York', at('2026-12-04T05:00:00Z'))).toEqual(at('2026-12-03T05:00:00Z'));
  });
});
