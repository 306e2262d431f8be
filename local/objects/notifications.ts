// Object-created notifications as S3 sends them to a Lambda function: one S3 event record per
// object, for the buckets and key prefixes configured, in the very shape Lambda hands the
// function. Delivery is at least once, as Lambda's asynchronous invocation is: the event is
// kept (in <dataDir>/pending-notifications.json, before the upload is answered) until the
// callback resolves; a callback that rejects is tried again with doubling back-off up to the
// retry limits (Lambda's defaults: 2 retries, 6 hours), and then written to
// <dataDir>/notification-dead-letters.jsonl, as an on-failure destination would keep it.
// After a restart the pending events are tried at once: the function may have been fixed.
import { randomUUID } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { S3Event, S3EventRecord } from 'aws-lambda';
import { LOCAL_REGION } from '../../lambdas/adapters/sdk-client.ts';
import { nextAttemptAt, type RetryLimits } from '../scheduler/retry-policy.ts';
import type { StoredObject } from './object-store.ts';

export type ObjectCreatedEventName = 'ObjectCreated:Post' | 'ObjectCreated:Put' | 'ObjectCreated:Copy';

export interface NotificationTarget {
  bucket: string;
  /** Only keys that start with this (S3's prefix filter rule); every key when absent. */
  prefix?: string;
  /** Only keys that end with this (S3's suffix filter rule). */
  suffix?: string;
  /** The configurationId the records carry; "local-object-created" when absent. */
  id?: string;
}

export interface NotificationOptions {
  targets: NotificationTarget[];
  onObjectCreated: (event: S3Event) => unknown;
  /** Keeps undelivered events across restarts; in memory when absent. */
  dataDir?: string;
  /** Lambda's asynchronous invocation defaults when absent. */
  retry?: Partial<RetryLimits>;
  /** First back-off, doubling; 1 s (as Lambda's) when absent. */
  retryBaseMs?: number;
  log?: (line: string) => void;
}

/** What happened to the event the request made: who made it and from where. */
export interface RequestOrigin {
  principalId: string;
  sourceIPAddress: string;
  requestId: string;
}

interface PendingNotification {
  id: string;
  event: S3Event;
  /** Failed attempts so far. */
  attempts: number;
  firstAttemptAt?: number;
}

export const DEFAULT_NOTIFICATION_RETRY: RetryLimits = { maximumRetryAttempts: 2, maximumEventAgeInSeconds: 6 * 3600 };
const PENDING_FILE = 'pending-notifications.json';
const DEAD_LETTERS_FILE = 'notification-dead-letters.jsonl';

export class ObjectCreatedNotifier {
  private readonly pending = new Map<string, PendingNotification>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly inFlight = new Set<Promise<void>>();
  private stopped = false;
  private sequence = 0;
  private readonly limits: RetryLimits;
  private readonly log: (line: string) => void;

  constructor(private readonly options: NotificationOptions) {
    this.limits = { ...DEFAULT_NOTIFICATION_RETRY, ...options.retry };
    this.log = options.log ?? (() => undefined);
    if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  }

  /** Tries again every event left pending by an earlier start; how many. */
  resume(): number {
    const file = this.file(PENDING_FILE);
    if (!file || !existsSync(file)) return 0;
    const saved = JSON.parse(readFileSync(file, 'utf8')) as PendingNotification[];
    for (const notification of saved) this.pending.set(notification.id, notification);
    for (const notification of saved) this.attempt(notification);
    return saved.length;
  }

  /** Called once the object is stored, before the request is answered. */
  created(bucket: string, object: StoredObject, eventName: ObjectCreatedEventName, origin: RequestOrigin): void {
    const target = this.options.targets.find(
      (t) => t.bucket === bucket && object.key.startsWith(t.prefix ?? '') && object.key.endsWith(t.suffix ?? ''),
    );
    if (!target) return;
    const notification: PendingNotification = { id: randomUUID(), event: { Records: [this.record(bucket, object, eventName, origin, target)] }, attempts: 0 };
    this.pending.set(notification.id, notification);
    this.save();
    this.attempt(notification);
  }

  /** Events not yet delivered nor given up on. */
  get pendingCount(): number {
    return this.pending.size;
  }

  /** Resolves when no delivery is under way or waiting for a retry. */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0 || this.timers.size > 0) {
      await Promise.race([...this.inFlight, new Promise((resolve) => setTimeout(resolve, 20))]);
    }
  }

  /** Waits for no callback; their outcomes are ignored, so the pending file keeps what was pending. */
  stop(): void {
    this.stopped = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  private attempt(notification: PendingNotification): void {
    if (this.stopped) return;
    notification.firstAttemptAt ??= Date.now();
    const run = (async () => {
      try {
        await this.options.onObjectCreated(structuredClone(notification.event));
        if (this.stopped) return;
        this.pending.delete(notification.id);
        this.save();
      } catch (error) {
        if (this.stopped) return;
        notification.attempts += 1;
        const now = Date.now();
        const at = nextAttemptAt(notification.attempts, notification.firstAttemptAt!, now, this.limits, this.options.retryBaseMs ?? 1_000);
        const what = `the object-created notification of ${notification.event.Records[0]!.s3.object.key}`;
        if (at === undefined) {
          this.log(`  ${what} failed ${notification.attempts} time(s) and is given up: ${(error as Error).message}`);
          this.pending.delete(notification.id);
          const letters = this.file(DEAD_LETTERS_FILE);
          if (letters) appendFileSync(letters, `${JSON.stringify({ ...notification, error: (error as Error).message, failedAt: new Date().toISOString() })}\n`);
        } else {
          this.log(`  ${what} failed (attempt ${notification.attempts}), tried again in ${at - now} ms: ${(error as Error).message}`);
          const timer = setTimeout(() => {
            this.timers.delete(timer);
            this.attempt(notification);
          }, at - now);
          this.timers.add(timer);
        }
        this.save();
      }
    })();
    this.inFlight.add(run);
    void run.finally(() => this.inFlight.delete(run));
  }

  private record(bucket: string, object: StoredObject, eventName: ObjectCreatedEventName, origin: RequestOrigin, target: NotificationTarget): S3EventRecord {
    return {
      eventVersion: '2.1',
      eventSource: 'aws:s3',
      awsRegion: LOCAL_REGION,
      eventTime: new Date().toISOString(),
      eventName,
      userIdentity: { principalId: origin.principalId },
      requestParameters: { sourceIPAddress: origin.sourceIPAddress },
      responseElements: { 'x-amz-request-id': origin.requestId, 'x-amz-id-2': origin.requestId },
      s3: {
        s3SchemaVersion: '1.0',
        configurationId: target.id ?? 'local-object-created',
        bucket: { name: bucket, ownerIdentity: { principalId: origin.principalId }, arn: `arn:aws:s3:::${bucket}` },
        object: { key: eventKey(object.key), size: object.size, eTag: object.etag, sequencer: this.sequencer() },
      },
    };
  }

  /** Grows with every event, as S3's does for one key (hex, compared as strings of equal length). */
  private sequencer(): string {
    this.sequence = (this.sequence + 1) % 0x10000;
    return (BigInt(Date.now()) * BigInt(0x10000) + BigInt(this.sequence)).toString(16).toUpperCase().padStart(16, '0');
  }

  private save(): void {
    const file = this.file(PENDING_FILE);
    if (!file || this.stopped) return;
    writeFileSync(`${file}.tmp`, JSON.stringify([...this.pending.values()]));
    renameSync(`${file}.tmp`, file);
  }

  private file(name: string): string | undefined {
    return this.options.dataDir ? join(this.options.dataDir, name) : undefined;
  }
}

/**
 * The key as S3 writes it into an event: form-encoded (a space becomes "+"), with "/" and the
 * characters Java's URLEncoder leaves alone kept, so `decodeURIComponent(key.replace(/\+/g, ' '))`
 * gives the key back.
 */
export function eventKey(key: string): string {
  return [...Buffer.from(key, 'utf8')]
    .map((byte) => {
      const c = String.fromCharCode(byte);
      if (/[A-Za-z0-9\-_.*/]/.test(c)) return c;
      return c === ' ' ? '+' : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
    })
    .join('');
}
