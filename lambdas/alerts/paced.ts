// Runs one task per item at a steady pace: each starts 1/rate after the one before (nextSendAt),
// whether or not that one has finished, with at most `inFlight` under way. The pace outlives a
// call: a sender's next job does not start closer to its last send than the rate allows. Each
// task settles on its own; the answers come back in the items' order.
import { nextSendAt } from '../core/alerts/send-pace.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class Pace {
  private earliest = 0;

  constructor(private readonly perSecond: number) {}

  /** Resolves when the next start is allowed, and counts it as started. */
  async start(): Promise<void> {
    const wait = this.earliest - Date.now();
    if (wait > 0) await sleep(Math.ceil(wait));
    this.earliest = nextSendAt(Date.now(), this.perSecond);
  }
}

export async function paced<T, R>(items: readonly T[], pace: Pace, inFlight: number, task: (item: T) => Promise<R>): Promise<PromiseSettledResult<R>[]> {
  const results: Array<Promise<R>> = [];
  const running = new Set<Promise<unknown>>();
  for (const item of items) {
    while (running.size >= inFlight) await Promise.race(running);
    await pace.start();
    const result = task(item);
    const settled = result.then(
      () => undefined,
      () => undefined,
    );
    running.add(settled);
    void settled.then(() => running.delete(settled));
    results.push(result);
  }
  return Promise.allSettled(results);
}
