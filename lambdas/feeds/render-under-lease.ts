// Renders one document under its render lease (lambdas/core/feeds/render-lease.ts): takes it,
// or counts a wish and waits for a render that covers it; the holder renders again while wishes
// it has not seen came in, so the last rendering written started after the last change.
import { randomUUID } from 'node:crypto';
import {
  LEASE_MS,
  WAIT_LIMIT_MS,
  WAIT_POLL_MS,
  leaseFree,
  mayStillWrite,
  rendersAgain,
  wishRendered,
} from '../core/feeds/render-lease.ts';
import {
  abandonRenderLease,
  readRenderLease,
  releaseRenderLease,
  renewRenderLease,
  takeRenderLease,
  wishRender,
  type HeldLease,
} from '../adapters/render-leases.ts';
import { logger } from '../logger.ts';

export interface LeasedRender {
  /** Removal times waiting invocations left for this render (on top of the caller's own). */
  removals: readonly string[];
  /** Call just before writing: throws when the lease ends too soon for the writes to finish inside it. */
  beforeWrite(): void;
}

/**
 * 'rendered' when this invocation rendered and wrote the document (at least once), 'covered'
 * when another's render that started after this call was written. Rejects when the render
 * failed or no render came within WAIT_LIMIT_MS: the caller's records are then retried.
 */
export async function renderUnderLease(
  document: string,
  render: (lease: LeasedRender) => Promise<void>,
  options: { removedAt?: string } = {},
): Promise<'rendered' | 'covered'> {
  const holder = randomUUID();
  const removedAt = options.removedAt === undefined ? {} : { removedAt: options.removedAt };
  let held = await takeRenderLease(document, holder, { now: Date.now(), leaseMs: LEASE_MS, wish: true, ...removedAt });
  if (!held) {
    const wish = await wishRender(document, options.removedAt);
    const taken = await waitForRender(document, holder, wish);
    if (taken === 'covered') return 'covered';
    held = taken;
  }
  for (let rendersInHold = 1; ; rendersInHold++) {
    const { until, removals } = held;
    try {
      await render({
        removals,
        beforeWrite: () => {
          if (!mayStillWrite(until, Date.now())) throw new Error(`the render lease of ${document} ends too soon to write`);
        },
      });
    } catch (error) {
      await abandonRenderLease(document, holder).catch(() => undefined);
      throw error;
    }
    const written = { from: held.from, removals };
    if (await releaseRenderLease(document, holder, written)) return 'rendered';
    const handOn = !rendersAgain(rendersInHold);
    const renewed = await renewRenderLease(document, holder, written, { now: Date.now(), leaseMs: LEASE_MS, handOn });
    if (!renewed) {
      // The lease ran out under this render and another invocation took it: mayStillWrite
      // keeps that from happening while the requests keep to their timeouts.
      logger.warn('render lease lost while rendering', { document });
      return 'rendered';
    }
    if (handOn) return 'rendered';
    held = renewed;
  }
}

async function waitForRender(document: string, holder: string, wish: number): Promise<HeldLease | 'covered'> {
  const deadline = Date.now() + WAIT_LIMIT_MS;
  for (;;) {
    const lease = await readRenderLease(document);
    if (wishRendered(lease, wish)) return 'covered';
    if (leaseFree(lease, Date.now())) {
      const taken = await takeRenderLease(document, holder, { now: Date.now(), leaseMs: LEASE_MS, wish: false });
      if (taken) return taken;
    }
    if (Date.now() > deadline) throw new Error(`no render of ${document} came within ${WAIT_LIMIT_MS} ms`);
    await new Promise((resolve) => setTimeout(resolve, WAIT_POLL_MS));
  }
}

/** True when a render of the document was wished and none written since (one failed or died). */
export async function renderOwed(document: string): Promise<boolean> {
  const lease = await readRenderLease(document);
  return lease !== undefined && !wishRendered(lease, lease.touches) && leaseFree(lease, Date.now());
}
