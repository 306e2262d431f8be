// A subscription's DeliveryPolicy and RedrivePolicy as SNS documents them for HTTP/S
// ("Amazon SNS message delivery retries", "Amazon SNS dead-letter queues"): parsed and checked
// against the documented limits, and the delay before each retry. Pure: no clock, no I/O.

export type BackoffFunction = 'linear' | 'arithmetic' | 'geometric' | 'exponential';

/** A healthyRetryPolicy with SNS's defaults filled in; delays in whole seconds. */
export interface HealthyRetryPolicy {
  minDelayTarget: number;
  maxDelayTarget: number;
  /** Retries in total, over all four phases (the first attempt not counted). */
  numRetries: number;
  numNoDelayRetries: number;
  numMinDelayRetries: number;
  numMaxDelayRetries: number;
  backoffFunction: BackoffFunction;
}

/** Why a policy was refused; the engine turns it into an InvalidParameter naming the attribute. */
export class PolicyError extends Error {}

/** SNS's HTTP/S limits; the total is a "hard limit" that "cannot be increased". */
export const MAX_HTTP_RETRIES = 100;
export const MAX_DELAY_SECONDS = 3600;
export const MAX_TOTAL_RETRY_SECONDS = 3600;

/** What SNS fills in for a key the policy leaves out (its HTTP/S default is 3 retries 20 s apart). */
const DEFAULTS: HealthyRetryPolicy = {
  minDelayTarget: 20,
  maxDelayTarget: 20,
  numRetries: 3,
  numNoDelayRetries: 0,
  numMinDelayRetries: 0,
  numMaxDelayRetries: 0,
  backoffFunction: 'linear',
};
const BACKOFF_FUNCTIONS: readonly BackoffFunction[] = ['linear', 'arithmetic', 'geometric', 'exponential'];
const NUMBER_KEYS = ['minDelayTarget', 'maxDelayTarget', 'numRetries', 'numNoDelayRetries', 'numMinDelayRetries', 'numMaxDelayRetries'] as const;
/**
 * A subscription's policy: the retry curve, plus throttling and the request's content type,
 * which are accepted and kept but not applied locally. sicklyRetryPolicy and guaranteed appear
 * in the policies AWS hands back, so a policy copied from there is accepted too.
 */
const POLICY_KEYS = new Set(['healthyRetryPolicy', 'throttlePolicy', 'requestPolicy', 'sicklyRetryPolicy', 'guaranteed']);

/** The retry curve of a subscription's DeliveryPolicy; undefined when it sets none (or is empty). */
export function parseDeliveryPolicy(text: string): HealthyRetryPolicy | undefined {
  if (text === '') return undefined;
  const policy = jsonObject(text);
  for (const key of Object.keys(policy)) if (!POLICY_KEYS.has(key)) throw new PolicyError(`Unknown key ${key}.`);
  const throttle = policy.throttlePolicy;
  if (throttle !== undefined && throttle !== null) {
    const rate = isObject(throttle) ? throttle.maxReceivesPerSecond : undefined;
    if (rate !== undefined && !(Number.isInteger(rate) && (rate as number) >= 1)) {
      throw new PolicyError('throttlePolicy.maxReceivesPerSecond must be an integer of at least 1.');
    }
  }
  const healthy = policy.healthyRetryPolicy;
  if (healthy === undefined || healthy === null) return undefined;
  if (!isObject(healthy)) throw new PolicyError('healthyRetryPolicy must be an object.');
  const result: HealthyRetryPolicy = { ...DEFAULTS };
  for (const [key, value] of Object.entries(healthy)) {
    if ((NUMBER_KEYS as readonly string[]).includes(key)) {
      if (!Number.isInteger(value) || (value as number) < 0) throw new PolicyError(`healthyRetryPolicy.${key} must be a whole number of at least 0.`);
      result[key as (typeof NUMBER_KEYS)[number]] = value as number;
    } else if (key === 'backoffFunction') {
      // AWS's examples write it in lower case, the CDK in upper case.
      const name = typeof value === 'string' ? value.toLowerCase() : '';
      if (!(BACKOFF_FUNCTIONS as readonly string[]).includes(name)) {
        throw new PolicyError(`healthyRetryPolicy.backoffFunction must be one of ${BACKOFF_FUNCTIONS.join(', ')}.`);
      }
      result.backoffFunction = name as BackoffFunction;
    } else {
      throw new PolicyError(`Unknown key healthyRetryPolicy.${key}.`);
    }
  }
  checkLimits(result);
  return result;
}

function checkLimits(policy: HealthyRetryPolicy): void {
  if (policy.minDelayTarget < 1) throw new PolicyError('healthyRetryPolicy.minDelayTarget must be at least 1 second.');
  if (policy.maxDelayTarget > MAX_DELAY_SECONDS) throw new PolicyError(`healthyRetryPolicy.maxDelayTarget must be at most ${MAX_DELAY_SECONDS} seconds.`);
  if (policy.minDelayTarget > policy.maxDelayTarget) throw new PolicyError('healthyRetryPolicy.minDelayTarget must not exceed maxDelayTarget.');
  if (policy.numRetries > MAX_HTTP_RETRIES) throw new PolicyError(`healthyRetryPolicy.numRetries must be at most ${MAX_HTTP_RETRIES} for HTTP/S.`);
  if (policy.numNoDelayRetries + policy.numMinDelayRetries + policy.numMaxDelayRetries > policy.numRetries) {
    throw new PolicyError('healthyRetryPolicy: numNoDelayRetries, numMinDelayRetries and numMaxDelayRetries together must not exceed numRetries.');
  }
  // SNS does not publish its curves; a convex back-off (every one but linear) stays below the
  // straight line from min to max, so the linear total bounds them all. Checked against the
  // larger, a policy this engine accepts is one SNS accepts, whatever its own formula.
  const total = Math.max(totalRetrySeconds(policy), totalRetrySeconds({ ...policy, backoffFunction: 'linear' }));
  if (total > MAX_TOTAL_RETRY_SECONDS) {
    throw new PolicyError(`healthyRetryPolicy: the retries take ${Math.round(total)} seconds in total; at most ${MAX_TOTAL_RETRY_SECONDS} are allowed.`);
  }
}

/**
 * Seconds to wait before retry number `retry` (1 = the first retry), before jitter; undefined
 * once the policy's retries are used up. The phases follow one another: numNoDelayRetries
 * at once, numMinDelayRetries minDelayTarget apart, then the backoff phase (whatever numRetries
 * leaves), then numMaxDelayRetries maxDelayTarget apart.
 *
 * SNS does not publish its backoff formulas, only a graph of four curves rising from the
 * minimum to the maximum. Here each is a fixed curve over the backoff phase, sampled at evenly
 * spaced points t = 0 … 1, so its first retry waits minDelayTarget and its last maxDelayTarget
 * (one backoff retry waits the minimum):
 *   linear       min + (max − min)·t                    equal steps
 *   arithmetic   min + (max − min)·t²                   steps growing by a constant amount
 *   geometric    min·(max / min)^t                      each delay a constant multiple of the last
 *   exponential  min + (max − min)·(2^(10t) − 1)/1023   the distance above min doubling every
 *                                                       tenth of the phase: the latest rise
 * All four stay at or below the straight line, so a policy's total never exceeds what the
 * linear curve would take; the one-hour limit is checked against the curve actually used.
 */
export function policyDelaySeconds(policy: HealthyRetryPolicy, retry: number): number | undefined {
  if (!Number.isInteger(retry) || retry < 1 || retry > policy.numRetries) return undefined;
  const { minDelayTarget: min, maxDelayTarget: max } = policy;
  if (retry <= policy.numNoDelayRetries) return 0;
  if (retry <= policy.numNoDelayRetries + policy.numMinDelayRetries) return min;
  const backoffRetries = policy.numRetries - policy.numNoDelayRetries - policy.numMinDelayRetries - policy.numMaxDelayRetries;
  const index = retry - policy.numNoDelayRetries - policy.numMinDelayRetries - 1;
  if (index >= backoffRetries) return max;
  const t = backoffRetries === 1 ? 0 : index / (backoffRetries - 1);
  return backoffCurve(policy.backoffFunction, min, max, t);
}

function backoffCurve(fn: BackoffFunction, min: number, max: number, t: number): number {
  switch (fn) {
    case 'linear':
      return min + (max - min) * t;
    case 'arithmetic':
      return min + (max - min) * t * t;
    case 'geometric':
      return min * (max / min) ** t;
    case 'exponential':
      return min + ((max - min) * (2 ** (10 * t) - 1)) / 1023;
  }
}

/** The time all retries take together when none succeeds (before jitter, which only shortens). */
export function totalRetrySeconds(policy: HealthyRetryPolicy): number {
  let total = 0;
  for (let retry = 1; retry <= policy.numRetries; retry++) total += policyDelaySeconds(policy, retry) ?? 0;
  return total;
}

const SQS_ARN = /^arn:aws:sqs:([a-z0-9-]+):(\d{12}):([A-Za-z0-9_-]{1,80}(?:\.fifo)?)$/;

/**
 * The dead-letter queue a RedrivePolicy names; undefined when it is empty. SNS requires the
 * queue in the subscription's own account and region.
 */
export function parseRedrivePolicy(text: string, subscription: { region: string; account: string }): string | undefined {
  if (text === '') return undefined;
  const policy = jsonObject(text);
  for (const key of Object.keys(policy)) if (key !== 'deadLetterTargetArn') throw new PolicyError(`Unknown key ${key}.`);
  const arn = policy.deadLetterTargetArn;
  if (typeof arn !== 'string') throw new PolicyError('deadLetterTargetArn is required.');
  const match = SQS_ARN.exec(arn);
  if (!match) throw new PolicyError(`deadLetterTargetArn is not the ARN of an SQS queue: ${arn}`);
  if (match[1] !== subscription.region || match[2] !== subscription.account) {
    throw new PolicyError('deadLetterTargetArn must be a queue in the subscription\'s own account and region.');
  }
  return arn;
}

function jsonObject(text: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new PolicyError('failed to parse JSON.');
  }
  if (!isObject(value)) throw new PolicyError('failed to parse JSON.');
  return value;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
