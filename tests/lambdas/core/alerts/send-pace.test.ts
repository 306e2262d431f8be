import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { afterSend, NEW_PACE, onRefusal, senderRate, sendsInFlight, senderTimeoutSeconds, waitBeforeSend, type PaceState } from '../../../../lambdas/core/alerts/send-pace.ts';

/** A sender that starts each send when the pace allows, each wake `late` ms after it was due. */
function simulate(perSecond: number, sends: number, late: (i: number) => number): number[] {
  let state: PaceState = NEW_PACE;
  let now = 1_000_000;
  const starts: number[] = [];
  for (let i = 0; i < sends; i++) {
    now += waitBeforeSend(state, now, perSecond) + late(i);
    // A wake that came early by rounding waits again, as the runner does.
    while (waitBeforeSend(state, now, perSecond) > 0) now += waitBeforeSend(state, now, perSecond);
    starts.push(now);
    state = afterSend(state, now, perSecond);
  }
  return starts;
}

const mostInOneSecond = (starts: number[]) => Math.max(...starts.map((start) => starts.filter((other) => other >= start && other < start + 1000).length));

describe('the sending pace', () => {
  test('on time, sends are 1/rate apart', () => {
    const starts = simulate(14, 30, () => 0);
    for (let i = 1; i < starts.length; i++) expect(starts[i]! - starts[i - 1]!).toBeCloseTo(1000 / 14, 6);
  });

  test('whatever the lateness, no second holds more than the rate; a sender late by bits catches up to the rate', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 120 }), fc.array(fc.integer({ min: 0, max: 40 }), { minLength: 1, maxLength: 50 }), (rate, lateness) => {
        const starts = simulate(rate, 3 * rate, (i) => lateness[i % lateness.length]!);
        expect(mostInOneSecond(starts)).toBeLessThanOrEqual(rate);
      }),
    );
    // Every wake 3 ms late at 100 a second: a plan kept from the actual starts would fall to 77 a second.
    const starts = simulate(100, 1_000, () => 3);
    const achieved = (starts.length - 1) / ((starts.at(-1)! - starts[0]!) / 1000);
    expect(achieved).toBeGreaterThan(95);
  });

  test("each sender takes an equal share of the account's rate, a second's worth under way, and time for a full batch", () => {
    expect(senderRate(14, 2)).toBe(7);
    expect(senderRate(50, 1)).toBe(50);
    expect(() => senderRate(0, 2)).toThrow();
    expect(() => senderRate(14, 0)).toThrow();
    expect(sendsInFlight(7)).toBe(10);
    expect(sendsInFlight(100)).toBe(100);
    expect(senderTimeoutSeconds(7)).toBe(102);
  });

  test('only a refusal that can never pass drops a recipient; the rest are tried again', () => {
    expect(onRefusal('BadRequestException')).toBe('drop');
    expect(onRefusal('MessageRejected')).toBe('drop');
    for (const passing of ['TooManyRequestsException', 'LimitExceededException', 'SendingPausedException', 'AccountSuspendedException', 'InternalFailure', 'TimeoutError', 'Error']) {
      expect(onRefusal(passing), passing).toBe('retry');
    }
  });
});
