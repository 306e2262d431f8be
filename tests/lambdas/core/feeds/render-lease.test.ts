// The render lease's decisions, pure: when a lease may be taken, when a wish is rendered, when a
// holder may still write, and that a holder hands on after a few renders in a row.
import { expect, test } from 'vitest';
import {
  LEASE_MS,
  RENDERS_PER_HOLD,
  WAIT_LIMIT_MS,
  WRITE_BUDGET_MS,
  leaseFree,
  mayStillWrite,
  rendersAgain,
  wishRendered,
  type RenderLease,
} from '../../../../lambdas/core/feeds/render-lease.ts';

const lease = (fields: Partial<RenderLease>): RenderLease => ({ touches: 0, rendered: 0, renders: 0, removals: [], ...fields });

test('a lease is free when nobody holds it or its holder’s time ran out, not before', () => {
  expect(leaseFree(undefined, 1_000)).toBe(true);
  expect(leaseFree(lease({}), 1_000)).toBe(true);
  expect(leaseFree(lease({ holder: 'a', leaseUntil: 1_001 }), 1_000)).toBe(false);
  expect(leaseFree(lease({ holder: 'a', leaseUntil: 1_000 }), 1_000)).toBe(false);
  expect(leaseFree(lease({ holder: 'a', leaseUntil: 999 }), 1_000)).toBe(true);
});

test('a wish is rendered once a render that started at or after it was written', () => {
  expect(wishRendered(undefined, 1)).toBe(false);
  expect(wishRendered(lease({ touches: 5, rendered: 4 }), 5)).toBe(false);
  expect(wishRendered(lease({ touches: 7, rendered: 5 }), 5)).toBe(true);
});

test('a holder writes only while the writes fit in what is left of its lease', () => {
  expect(mayStillWrite(10_000 + WRITE_BUDGET_MS, 10_000)).toBe(true);
  expect(mayStillWrite(10_000 + WRITE_BUDGET_MS - 1, 10_000)).toBe(false);
});

test('a holder renders again a few times, then hands on', () => {
  expect(Array.from({ length: RENDERS_PER_HOLD + 1 }, (_, i) => rendersAgain(i + 1))).toEqual([
    ...Array(RENDERS_PER_HOLD - 1).fill(true),
    false,
    false,
  ]);
});

test('the lease outlasts the write budget, and a waiter outwaits a dead holder, well inside the 120 s timeout', () => {
  expect(LEASE_MS).toBeGreaterThan(WRITE_BUDGET_MS);
  expect(WAIT_LIMIT_MS).toBeGreaterThan(LEASE_MS);
  expect(WAIT_LIMIT_MS + LEASE_MS).toBeLessThan(120_000);
});
