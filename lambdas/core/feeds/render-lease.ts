// The render lease of a document the feeds function writes (a feed's four files, or the
// directory): it makes the renders of one document take turns, so that the last one written
// always started after the last change was committed, whatever the number of concurrent
// invocations (shards, ParallelizationFactor). An invocation that finds the lease held does
// not render: it counts its wish (`touches`) and waits until a render that started after its
// wish has been written (`rendered` ≥ its touch) — the holder renders again before it lets go
// while there are wishes it has not seen — or until the lease is free or expired, and then
// takes it itself. So a burst of touches costs a few renders, and a holder that died (its
// invocation crashed or timed out) holds up the document for LEASE_MS at most.

/** A document's lease item, as the adapter reads it. */
export interface RenderLease {
  /** How many invocations wanted the document rendered, ever. */
  touches: number;
  /** `touches` as it was when the last render that was written started. */
  rendered: number;
  /** Renders written, ever (how well bursts coalesce). */
  renders: number;
  holder?: string;
  /** Epoch ms after which the lease may be taken from its holder. */
  leaseUntil?: number;
  /** When releases left the feed, as wishes carry them, not yet rendered (the feed's `updated`). */
  removals: string[];
}

/**
 * Longer than a render takes even when each of its requests runs into the SDK's timeouts (the
 * table's reads, then four HeadObject + PutObject at once: 2 attempts × (1 s + 5 s) each), and
 * well inside the function's 120 s timeout, so that the retry of a crashed holder's batch finds
 * the lease takeable after a short wait rather than the document stale.
 */
export const LEASE_MS = 40_000;

/**
 * A holder writes only while this much of its lease is left: the writes (one HeadObject and at
 * most one PutObject per file, each at most 2 × 6 s) then end before anyone else may take it.
 */
export const WRITE_BUDGET_MS = 25_000;

/** Renders one holder makes in a row while wishes keep coming; then it hands the lease on. */
export const RENDERS_PER_HOLD = 3;

/** How often a waiting invocation reads the lease. */
export const WAIT_POLL_MS = 100;

/** How long an invocation waits for a render before it gives up (its records are retried). */
export const WAIT_LIMIT_MS = LEASE_MS + 5_000;

/** The document's name in the lease's key: a feedKey, or this for the directory page. */
export const DIRECTORY_DOCUMENT = 'directory';

export function leaseFree(lease: RenderLease | undefined, now: number): boolean {
  return lease?.holder === undefined || (lease.leaseUntil ?? 0) < now;
}

/** True once a render that started after the wish numbered `touch` has been written. */
export function wishRendered(lease: RenderLease | undefined, touch: number): boolean {
  return (lease?.rendered ?? 0) >= touch;
}

/** True while a holder whose lease runs until `leaseUntil` may still start writing. */
export function mayStillWrite(leaseUntil: number, now: number): boolean {
  return leaseUntil - now >= WRITE_BUDGET_MS;
}

/**
 * Whether a holder that finds wishes it has not seen after its render renders again (reading
 * the table anew) or hands the lease on to a waiting invocation, so no invocation holds a
 * document through an endless burst.
 */
export function rendersAgain(rendersInHold: number): boolean {
  return rendersInHold < RENDERS_PER_HOLD;
}
