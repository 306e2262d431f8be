// The paced runner's order and bound, not its timing (BENCHMARKS.md measures the rate held).
import { expect, test } from 'vitest';
import { Pace, paced } from '../../../lambdas/alerts/paced.ts';

test('every task runs once, at most a second\'s worth (10 at least) at a time; answers and failures come back in order', async () => {
  const ITEMS = Array.from({ length: 13 }, (_, i) => i + 1);
  let running = 0;
  let most = 0;
  // Each task runs until the test lets it finish: one at a time, once the runner has started all it may.
  const finishes: Array<() => void> = [];
  const pace = new Pace(10);
  expect(pace.inFlight).toBe(10);
  const done = paced(ITEMS, pace, (n) => {
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
    if (finishes.length === 0 || running < Math.min(10, ITEMS.length - finished)) continue;
    finishes.shift()!();
    finished++;
  }
  const results = await done;
  expect(most).toBe(10);
  expect(results.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error).message))).toEqual(ITEMS.map((n) => (n === 4 ? 'four' : n * 10)));
});
