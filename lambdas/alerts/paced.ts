// Runs one task per item at a sender's pace (lambdas/core/alerts/send-pace.ts): each starts when
// the pace allows, whether or not the ones before have finished, with at most a second's worth
// under way. The pace outlives a call: a sender's next batch does not start closer to its last
// send than the rate allows. Each task settles on its own; the answers come back in the items'
// order.
import { afterSend, NEW_PACE, sendsInFlight, waitBeforeSend, type PaceState } from '../core/alerts/send-pace.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class Pace {
  private state: PaceState = NEW_PACE;
  readonly inFlight: number;

  constructor(private readonly perSecond: number) {
    this.inFlight = sendsInFlight(perSecond);
  }

  /** Resolves when the next start is allowed, and counts it as started. */
  async start(): Promise<void> {
    for (let wait = waitBeforeSend(this.state, Date.now(), this.perSecond); wait > 0; wait = waitBeforeSend(this.state, Date.now(), this.perSecond)) {
      await sleep(Math.ceil(wait));
    }
    this.state = afterSend(this.state, Date.now(), this.perSecond);
  }
}

export async function paced<T, R>(items: readonly T[], pace: Pace, task: (item: T) => Promise<R>): Promise<PromiseSettledResult<R>[]> {
  const results: Array<Promise<R>> = [];
  const running = new Set<Promise<unknown>>();
  for (const item of items) {
    while (running.size >= pace.inFlight) await Promise.race(running);
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
