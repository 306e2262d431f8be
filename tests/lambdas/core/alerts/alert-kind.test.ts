import { expect, test } from 'vitest';
import { alertKindOf } from '../../../../lambdas/core/alerts/alert-kind.ts';
import { EMBARGO_EVENT_TYPES, PUBLIC_EVENT_TYPES } from '../../../../lambdas/core/release-event.ts';

test('every public event is mailed as its kind of alert; no embargo event ever is', () => {
  expect(PUBLIC_EVENT_TYPES.map(alertKindOf)).toEqual(['published', 'corrected', 'withdrawn']);
  expect(EMBARGO_EVENT_TYPES.map(alertKindOf)).toEqual([undefined, undefined]);
});
