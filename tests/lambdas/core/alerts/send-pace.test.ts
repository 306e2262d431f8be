import { describe, expect, test } from 'vitest';
import { nextSendAt, onRefusal, senderRate } from '../../../../lambdas/core/alerts/send-pace.ts';

describe('the sending pace', () => {
  test('starts are 1/rate apart, so no second holds more than the rate', () => {
    expect(nextSendAt(1_000, 14) - 1_000).toBeCloseTo(1000 / 14, 10);
    // Starting at each allowed instant, 14 a second: the 15th start is a full second after the first.
    let at = 0;
    const starts = [at];
    for (let i = 1; i < 15; i++) starts.push((at = nextSendAt(at, 14)));
    expect(starts.filter((start) => start < 1000)).toHaveLength(14);
    expect(starts[14]).toBeCloseTo(1000, 6);
  });

  test("each sender takes an equal share of the account's rate", () => {
    expect(senderRate(14, 2)).toBe(7);
    expect(senderRate(50, 1)).toBe(50);
    expect(() => senderRate(0, 2)).toThrow();
    expect(() => senderRate(14, 0)).toThrow();
  });

  test('only a refusal that can never pass drops a recipient; the rest are tried again', () => {
    expect(onRefusal('BadRequestException')).toBe('drop');
    expect(onRefusal('MessageRejected')).toBe('drop');
    for (const passing of ['TooManyRequestsException', 'LimitExceededException', 'SendingPausedException', 'AccountSuspendedException', 'InternalFailure', 'TimeoutError', 'Error']) {
      expect(onRefusal(passing), passing).toBe('retry');
    }
  });
});
