// When a failed invocation is tried again, and when it is given up, after a schedule's
// RetryPolicy: AWS retries with exponential back-off until MaximumRetryAttempts retries were
// made or the event is older than MaximumEventAgeInSeconds.

/** AWS starts its back-off at about a second. */
export const DEFAULT_RETRY_BASE_MS = 1_000;
/** Doubling stops here (about four minutes at the default base), so a long policy keeps trying. */
const MAX_DOUBLINGS = 8;

export interface RetryLimits {
  maximumRetryAttempts: number;
  maximumEventAgeInSeconds: number;
}

/**
 * The instant of the next attempt after `failedAttempts` failures, or undefined when the policy
 * is spent. The event's age counts from the first attempt: locally a schedule may first fire
 * long after its instant (the engine was down), and it still deserves its retries.
 */
export function nextAttemptAt(failedAttempts: number, firstAttemptAt: number, now: number, limits: RetryLimits, baseMs: number): number | undefined {
  if (failedAttempts > limits.maximumRetryAttempts) return undefined;
  const at = now + baseMs * 2 ** Math.min(failedAttempts - 1, MAX_DOUBLINGS);
  return at - firstAttemptAt > limits.maximumEventAgeInSeconds * 1000 ? undefined : at;
}
