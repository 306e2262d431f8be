// HTTP/S delivery to subscription endpoints as SNS does it: one POST per message with a
// Content-Length, a per-request timeout, and retries with backoff on server-side failures.
// Every delivery runs on its own, so a slow or dead endpoint never holds up another one.
// The endpoint's host is resolved again at every attempt and the addresses checked with the
// API's own rule (a name that pointed at loopback when it was subscribed may point anywhere
// now), and the connection goes to exactly the address that was checked.
import { randomUUID } from 'node:crypto';
import { lookup } from 'node:dns/promises';
import { isIP, type LookupFunction } from 'node:net';
import { EventEmitter, setMaxListeners } from 'node:events';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { endpointProblem } from '../../lambdas/core/subscription-policy.ts';
import { policyDelaySeconds, type HealthyRetryPolicy } from './delivery-policy.ts';
import type { SignedMessageType } from './signing.ts';

export interface RetryPolicy {
  /** Retries sent right after a failure, before any backoff (SNS's "immediate retry" phase). */
  immediateRetries: number;
  /** First backoff delay; doubles with each further retry up to maxDelayMs. */
  minDelayMs: number;
  maxDelayMs: number;
  /** Attempts in total, the first one included. */
  maxAttempts: number;
  /** Spread delays by ±25 % as SNS does, so retries from many messages do not arrive in lockstep. */
  jitter: boolean;
}

/** Where a notification goes when its delivery gives up: a queue by its SQS ARN (local/queues/ has one). */
export interface DeadLetterQueue {
  readonly arn: string;
  /** Stores the message durably before it returns; its SQS message id. */
  send(body: string): string;
}

export interface HttpDeliveryOptions {
  /**
   * The engine-wide retry curve: for confirmations, and for notifications to subscriptions
   * without a DeliveryPolicy of their own (a subscription's own policy always wins).
   */
  retry?: Partial<RetryPolicy>;
  /**
   * Multiplies every delay of a subscription's DeliveryPolicy (not the engine-wide curve, which
   * is in milliseconds already): 0.001 runs a one-hour policy in 3.6 s. Default 1.
   */
  timeScale?: number;
  /**
   * The SQS queues on this machine: what RedrivePolicy targets and sqs subscriptions can name. A
   * dead-letter target not among them is logged and the message lost, as SNS loses it.
   */
  deadLetterQueues?: readonly DeadLetterQueue[];
  /** Per attempt, from connect to response headers; SNS gives an endpoint 15 s. */
  timeoutMs?: number;
  /** For https endpoints with certificates that Node does not trust (local test receivers). */
  rejectUnauthorized?: boolean;
  /**
   * Deliveries not yet delivered or given up on are kept in this file, with their attempts so
   * far, and resumePending() carries them on after a restart: a partner that is down while the
   * runtime restarts still gets its message. In memory only when absent.
   */
  pendingFile?: string;
  /** Told about attempts refused because the endpoint's address is not one we deliver to. */
  log?: (line: string) => void;
}

interface PendingDelivery {
  id: string;
  request: DeliveryRequest;
  /** Attempts made so far. */
  attempts: number;
}

// SNS's own HTTP/S default is 3 retries 20 s apart; locally a faster curve finds a receiver
// that comes up late without keeping a developer waiting: 1 + 3 immediate, then 0.5 s .. 20 s.
// It applies where a subscription has no DeliveryPolicy (see HttpDeliveryOptions.retry).
export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  immediateRetries: 3,
  minDelayMs: 500,
  maxDelayMs: 20_000,
  maxAttempts: 10,
  jitter: true,
};
export const DEFAULT_TIMEOUT_MS = 15_000;
export const USER_AGENT = 'Amazon Simple Notification Service Agent';

/**
 * Delay before retry number `retry` of a subscription's DeliveryPolicy, scaled; undefined once
 * its retries are used up. SNS jitters its retries; here the jitter only shortens a delay (by up
 * to a fifth), so a policy within the one-hour limit stays within it.
 */
export function policyRetryDelayMs(
  retry: number,
  policy: HealthyRetryPolicy,
  timeScale = 1,
  random: () => number = Math.random,
): number | undefined {
  const seconds = policyDelaySeconds(policy, retry);
  if (seconds === undefined) return undefined;
  return Math.round(seconds * 1000 * timeScale * (1 - 0.2 * random()));
}

/** Delay before retry number `retry` (1 = the first retry) of the engine-wide curve. */
export function retryDelayMs(retry: number, policy: RetryPolicy, random: () => number = Math.random): number {
  if (retry <= policy.immediateRetries) return 0;
  const exponent = retry - policy.immediateRetries - 1;
  const delay = Math.min(policy.maxDelayMs, policy.minDelayMs * 2 ** exponent);
  return policy.jitter ? Math.round(delay * (0.75 + random() * 0.5)) : delay;
}

export interface DeliveryRequest {
  subscriptionArn: string;
  topicArn: string;
  endpoint: string;
  messageType: SignedMessageType;
  messageId: string;
  body: string;
  headers: Record<string, string>;
  /**
   * The subscription's own retry curve (its DeliveryPolicy), taken when the message was
   * published and kept with a pending delivery, so a restart carries on with the same curve.
   */
  retryPolicy?: HealthyRetryPolicy;
  /** Where the notification goes if its delivery gives up (the subscription's RedrivePolicy). */
  deadLetterTargetArn?: string;
}

export interface DeliveryAttempt {
  request: DeliveryRequest;
  attempt: number;
  /** HTTP status when the endpoint answered. */
  status?: number;
  /** Why the attempt failed without a status: connection refused, timeout, ... */
  error?: string;
  durationMs: number;
}

export interface DeliveryOutcome {
  request: DeliveryRequest;
  delivered: boolean;
  attempts: number;
  status?: number;
  error?: string;
  /** A notification that gave up and was put into its dead-letter queue. */
  deadLetter?: { queueArn: string; messageId: string };
}

export interface DeliveryStats {
  attempts: number;
  delivered: number;
  failed: number;
  inFlight: number;
}

export interface DeliveryEvents {
  attempt: [DeliveryAttempt];
  delivered: [DeliveryOutcome];
  failed: [DeliveryOutcome];
}

export class HttpDelivery extends EventEmitter<DeliveryEvents> {
  readonly stats: DeliveryStats = { attempts: 0, delivered: 0, failed: 0, inFlight: 0 };
  private readonly policy: RetryPolicy;
  private readonly timeScale: number;
  private readonly deadLetterQueues: ReadonlyMap<string, DeadLetterQueue>;
  private readonly timeoutMs: number;
  private readonly rejectUnauthorized: boolean;
  private readonly abort = new AbortController();
  private readonly idleWaiters: Array<() => void> = [];
  private readonly pendingFile: string | undefined;
  private readonly pending = new Map<string, PendingDelivery>();
  private readonly log: (line: string) => void;

  constructor(options: HttpDeliveryOptions = {}) {
    super();
    this.policy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    this.timeScale = options.timeScale ?? 1;
    this.deadLetterQueues = new Map((options.deadLetterQueues ?? []).map((queue) => [queue.arn, queue]));
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.rejectUnauthorized = options.rejectUnauthorized ?? true;
    this.pendingFile = options.pendingFile;
    this.log = options.log ?? ((line) => console.warn(line));
    // Every open request and waiting retry listens on this one signal.
    setMaxListeners(0, this.abort.signal);
  }

  /** Starts a delivery and resolves with its final outcome; never rejects. */
  deliver(request: DeliveryRequest): Promise<DeliveryOutcome> {
    return this.start({ id: randomUUID(), request, attempts: 0 });
  }

  /** Carries on the deliveries the pending file holds (made before a restart); how many. */
  resumePending(): number {
    if (!this.pendingFile || !existsSync(this.pendingFile)) return 0;
    const saved = JSON.parse(readFileSync(this.pendingFile, 'utf8')) as PendingDelivery[];
    for (const delivery of saved) void this.start(delivery);
    return saved.length;
  }

  private start(delivery: PendingDelivery): Promise<DeliveryOutcome> {
    this.stats.inFlight++;
    this.pending.set(delivery.id, delivery);
    this.savePending();
    return this.run(delivery).finally(() => {
      this.stats.inFlight--;
      if (this.stats.inFlight === 0) for (const wake of this.idleWaiters.splice(0)) wake();
    });
  }

  /** Resolves once no delivery is in flight or waiting for a retry. */
  idle(): Promise<void> {
    if (this.stats.inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Abandons waiting retries and open requests; their outcomes report failure. */
  close(): Promise<void> {
    this.abort.abort();
    return this.idle();
  }

  private async run(delivery: PendingDelivery): Promise<DeliveryOutcome> {
    const { request } = delivery;
    let last: DeliveryAttempt | undefined;
    for (let attempt = delivery.attempts + 1; !this.abort.signal.aborted; attempt++) {
      if (attempt > 1) {
        const delay = this.retryDelay(request, attempt - 1);
        if (delay === undefined) break;
        await sleep(delay, this.abort.signal);
      }
      if (this.abort.signal.aborted) break;
      last = await this.attempt(request, attempt);
      this.stats.attempts++;
      this.emit('attempt', last);
      // SNS: an endpoint that answers 200–4xx within the timeout has been delivered to, a 4xx
      // included (neither retried nor dead-lettered: the partner refused it). Only no answer,
      // another status or a 5xx is retried, and dead-lettered once the retries are spent.
      if (last.status !== undefined && last.status >= 200 && last.status < 500) {
        this.settle(delivery.id);
        return this.finish('delivered', { request, delivered: true, attempts: attempt, status: last.status });
      }
      delivery.attempts = attempt;
      this.savePending();
    }
    const outcome: DeliveryOutcome = { request, delivered: false, attempts: last?.attempt ?? delivery.attempts };
    if (last?.status !== undefined) outcome.status = last.status;
    outcome.error = last?.error ?? (this.abort.signal.aborted ? 'delivery cancelled' : undefined);
    if (outcome.error === undefined) delete outcome.error;
    // Cancelled by close(): it stays pending, for the next start to resume. Given up: into the
    // dead-letter queue first, then out of the pending file, so a crash between the two can
    // only leave it in both (delivered again), never in neither.
    if (!this.abort.signal.aborted) {
      const deadLetter = this.redrive(request);
      if (deadLetter) outcome.deadLetter = deadLetter;
      this.settle(delivery.id);
    }
    return this.finish('failed', outcome);
  }

  /** The subscription's own DeliveryPolicy when it has one, else the engine-wide curve. */
  private retryDelay(request: DeliveryRequest, retry: number): number | undefined {
    if (request.retryPolicy) return policyRetryDelayMs(retry, request.retryPolicy, this.timeScale);
    return retry < this.policy.maxAttempts ? retryDelayMs(retry, this.policy) : undefined;
  }

  private redrive(request: DeliveryRequest): DeliveryOutcome['deadLetter'] {
    const queueArn = request.deadLetterTargetArn;
    if (queueArn === undefined || request.messageType !== 'Notification') return undefined;
    const queue = this.deadLetterQueues.get(queueArn);
    if (!queue) {
      this.log(`sns: ${request.messageId} to ${request.subscriptionArn} gave up, and its dead-letter queue ${queueArn} is not on this machine: the message is lost`);
      return undefined;
    }
    try {
      return { queueArn, messageId: queue.send(request.body) };
    } catch (error) {
      this.log(`sns: ${request.messageId} could not be put into ${queueArn}: ${(error as Error).message}; the message is lost`);
      return undefined;
    }
  }

  private settle(id: string): void {
    this.pending.delete(id);
    this.savePending();
  }

  /** The whole list after every change: it is small, and a crash must not lose a delivery. */
  private savePending(): void {
    if (!this.pendingFile) return;
    writeFileSync(`${this.pendingFile}.tmp`, JSON.stringify([...this.pending.values()]));
    renameSync(`${this.pendingFile}.tmp`, this.pendingFile);
  }

  private finish(kind: 'delivered' | 'failed', outcome: DeliveryOutcome): DeliveryOutcome {
    this.stats[kind]++;
    this.emit(kind, outcome);
    return outcome;
  }

  private async attempt(request: DeliveryRequest, attempt: number): Promise<DeliveryAttempt> {
    const started = performance.now();
    const done = (result: { status?: number; error?: string }): DeliveryAttempt => ({
      request,
      attempt,
      ...result,
      durationMs: Math.round(performance.now() - started),
    });
    let url: URL;
    try {
      url = new URL(request.endpoint);
    } catch {
      return done({ error: 'invalid endpoint URL' });
    }
    const target = await checkedAddress(url);
    if ('problem' in target) {
      const error = `refused: ${request.endpoint} ${target.problem}`;
      this.log(`sns: delivery of ${request.messageType} ${request.messageId} ${error}`);
      return done({ error });
    }
    return new Promise((resolve) => {
      const body = Buffer.from(request.body, 'utf8');
      const client = url.protocol === 'https:' ? https : http;
      const req = client.request(url, {
        method: 'POST',
        headers: { ...request.headers, 'Content-Length': String(body.byteLength) },
        rejectUnauthorized: this.rejectUnauthorized,
        signal: this.abort.signal,
        // The host name still goes out as Host and TLS server name; only the address is fixed.
        lookup: fixedLookup(target.address),
      });
      const timer = setTimeout(() => req.destroy(new Error(`timed out after ${this.timeoutMs} ms`)), this.timeoutMs);
      req.once('response', (res) => {
        clearTimeout(timer);
        res.resume();
        resolve(done({ status: res.statusCode ?? 0 }));
      });
      req.once('error', (error) => {
        clearTimeout(timer);
        resolve(done({ error: error.message }));
      });
      req.end(body);
    });
  }
}

/**
 * The address to connect to: the endpoint's host resolved now, every address it gives checked
 * with the rule the API applies at subscribe time for the local runtime (http only to
 * loopback; https to public addresses or loopback). One bad address refuses the attempt.
 */
async function checkedAddress(url: URL): Promise<{ address: string } | { problem: string }> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  let addresses: string[];
  try {
    addresses = isIP(host) ? [host] : (await lookup(host, { all: true, verbatim: true })).map((entry) => entry.address);
  } catch {
    addresses = [];
  }
  const problem = endpointProblem(url.href, addresses, 'local') ?? (addresses.length === 0 ? 'does not resolve to any address' : undefined);
  return problem === undefined ? { address: addresses[0]! } : { problem };
}

function fixedLookup(address: string): LookupFunction {
  const family = isIP(address);
  return (_hostname, options, callback) => {
    if (options.all) callback(null, [{ address, family }]);
    else callback(null, address, family);
  };
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  if (ms <= 0 || signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });
}
