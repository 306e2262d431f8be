import { expect, test } from 'vitest';
import { ALERT_EVENTS_FILTER_POLICY, alertKindOf } from '../../../../lambdas/core/alerts/alert-kind.ts';
import { EMBARGO_EVENT_TYPES, PUBLIC_EVENT_TYPES } from '../../../../lambdas/core/release-event.ts';

test('every public event is mailed as its kind of alert; no embargo event ever is', () => {
  expect(PUBLIC_EVENT_TYPES.map(alertKindOf)).toEqual(['published', 'corrected', 'withdrawn']);
  expect(EMBARGO_EVENT_TYPES.map(alertKindOf)).toEqual([undefined, undefined]);
});

test("the alert events queue's filter policy lets in exactly the events that are mailed, and no partner's redelivery", () => {
  expect(ALERT_EVENTS_FILTER_POLICY).toEqual({ type: ['release.published', 'release.updated', 'release.retracted'], audience: ['public'] });
  for (const type of [...PUBLIC_EVENT_TYPES, ...EMBARGO_EVENT_TYPES]) {
    expect(ALERT_EVENTS_FILTER_POLICY.type.includes(type as never), type).toBe(alertKindOf(type) !== undefined);
  }
});
