// The paced runner's order and bound, not its timing (BENCHMARKS.md measures the rate held).
import { expect, test } from 'vitest';
import { Pace, paced } from '../../../lambdas/alerts/paced.ts';

test('every task runs once, at most `inFlight` at a time; answers and failures come back in order', async () => {
  const ITEMS = [1, 2, 3, 4, 5, 6, 7];
  let running = 0;
  let most = 0;
  // Each task runs until the test lets it finish: one at a time, once the runner has started all it may.
  const finishes: Array<() => void> = [];
  const done = paced(ITEMS, new Pace(10_000), 3, (n) => {
    running++;
    most = Math.max(most, running);
    return new Promise<number>((resolve, reject) => {
      finishes.push(() => {
        running--;
        if (n === 4) reject(new Error('four'));
        else resolve(n * 10);
      });
    });
  });
  for (let finished = 0; finished < ITEMS.length; ) {
    await new Promise((resolve) => setTimeout(resolve, 1));
    if (finishes.length === 0 || running < Math.min(3, ITEMS.length - finished)) continue;
    finishes.shift()!();
    finished++;
  }
  const results = await done;
  expect(most).toBe(3);
  expect(results.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error).message))).toEqual([10, 20, 30, 'four', 50, 60, 70]);
});
