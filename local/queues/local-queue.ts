// A standard SQS queue on one machine, with the consumer Lambda gives one: an event source
// mapping that hands batches of up to 10 messages to a function as an SQSEvent and, with
// ReportBatchItemFailures, keeps exactly the records the function reports as failed (a throw
// fails the whole batch). A failed message comes back after a back-off, as after SQS's
// visibility timeout. The SNS engine puts dead letters into it by its ARN (DeadLetterQueue).
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { DeadLetterQueue } from '../sns/http-delivery.ts';
import { MessageStore, type StoredMessage } from './message-store.ts';

export type QueueHandler = (event: SQSEvent) => Promise<SQSBatchResponse | void> | SQSBatchResponse | void;

export interface LocalQueueOptions {
  /** arn:aws:sqs:<region>:<account>:<name> */
  arn: string;
  /** The file the messages are kept in, so they survive a restart; in memory when absent. */
  file?: string;
  /**
   * Back-off before a failed message is seen again: doubling from this with each receive
   * (default 1 s), up to maxRetryDelayMs (default 60 s, twice SQS's default visibility timeout).
   */
  retryBaseMs?: number;
  maxRetryDelayMs?: number;
  /** Records per batch, at most 10 (the event source mapping's default for a standard queue). */
  batchSize?: number;
  /** Who sent the messages (the record's SenderId). */
  senderId?: string;
  log?: (line: string) => void;
}

export interface QueueStats {
  sent: number;
  batches: number;
  /** Records handed back for another try (reported in batchItemFailures, or in a batch that threw). */
  failures: number;
  /** Records consumed and deleted. */
  deleted: number;
}

const SQS_ARN = /^arn:aws:sqs:([a-z0-9-]+):(\d{12}):([A-Za-z0-9_-]{1,80})$/;
const MAX_BATCH = 10;

export class LocalQueue implements DeadLetterQueue {
  readonly arn: string;
  readonly region: string;
  readonly stats: QueueStats = { sent: 0, batches: 0, failures: 0, deleted: 0 };
  private readonly store: MessageStore;
  private readonly retryBaseMs: number;
  private readonly maxRetryDelayMs: number;
  private readonly batchSize: number;
  private readonly senderId: string;
  private readonly log: (line: string) => void;
  private handler: QueueHandler | undefined;
  private running: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(options: LocalQueueOptions) {
    const match = SQS_ARN.exec(options.arn);
    if (!match) throw new Error(`not the ARN of a standard SQS queue: ${options.arn}`);
    this.arn = options.arn;
    this.region = match[1]!;
    this.store = new MessageStore(options.file);
    this.retryBaseMs = options.retryBaseMs ?? 1000;
    this.maxRetryDelayMs = options.maxRetryDelayMs ?? 60_000;
    this.batchSize = Math.min(MAX_BATCH, Math.max(1, options.batchSize ?? MAX_BATCH));
    this.senderId = options.senderId ?? match[2]!;
    this.log = options.log ?? ((line) => console.warn(line));
  }

  /**
   * Keeps the message (on disk when the queue has a file) before it returns; its message id.
   * Also after close(). A delay keeps it from every consumer for that long, as SQS's DelaySeconds.
   */
  send(body: string, delaySeconds = 0): string {
    const now = Date.now();
    const message: StoredMessage = {
      messageId: randomUUID(),
      body,
      md5OfBody: createHash('md5').update(body, 'utf8').digest('hex'),
      sentTimestamp: now,
      receiveCount: 0,
      visibleAt: delaySeconds > 0 ? now + delaySeconds * 1000 : 0,
    };
    this.store.messages.set(message.messageId, message);
    this.store.save();
    this.stats.sent++;
    if (delaySeconds > 0) this.armTimer();
    else this.wake();
    return message.messageId;
  }

  /** The messages not consumed yet, oldest first: waiting, in back-off or in a batch under way. */
  messages(): ReadonlyArray<Readonly<StoredMessage>> {
    return [...this.store.messages.values()];
  }

  /**
   * Starts handing batches to the handler, as Lambda's event source mapping with
   * ReportBatchItemFailures does: one batch at a time, at once when messages arrive.
   */
  consume(handler: QueueHandler): void {
    if (this.handler) throw new Error(`queue ${this.arn} already has a consumer`);
    this.handler = handler;
    this.wake();
  }

  /** Resolves once no message is visible and no batch is under way (messages in back-off may remain). */
  async idle(): Promise<void> {
    while (this.running || (this.handler && this.visibleNow().length > 0)) {
      await (this.running ?? new Promise((resolve) => setImmediate(resolve)));
    }
  }

  /** Stops consuming after the batch under way; the messages stay (in the file, if any). */
  async close(): Promise<void> {
    this.closed = true;
    this.handler = undefined;
    clearTimeout(this.timer);
    await this.running;
  }

  private wake(): void {
    if (!this.handler || this.closed || this.running) return;
    clearTimeout(this.timer);
    this.running = this.pump().finally(() => {
      this.running = undefined;
      this.armTimer();
    });
  }

  private async pump(): Promise<void> {
    // Let the sender finish what it is doing first, as a real queue answers SendMessage before any poll.
    await new Promise((resolve) => setImmediate(resolve));
    for (;;) {
      const handler = this.handler;
      const batch = this.visibleNow().slice(0, this.batchSize);
      if (!handler || batch.length === 0) return;
      await this.deliver(handler, batch);
    }
  }

  private visibleNow(): StoredMessage[] {
    const now = Date.now();
    return [...this.store.messages.values()].filter((message) => message.visibleAt <= now);
  }

  /** The next message out of back-off wakes the consumer. */
  private armTimer(): void {
    if (!this.handler || this.closed) return;
    clearTimeout(this.timer);
    const waiting = [...this.store.messages.values()].map((message) => message.visibleAt);
    if (waiting.length === 0) return;
    const delay = Math.max(0, Math.min(...waiting) - Date.now());
    this.timer = setTimeout(() => this.wake(), delay);
    this.timer.unref();
  }

  private async deliver(handler: QueueHandler, batch: StoredMessage[]): Promise<void> {
    const now = Date.now();
    for (const message of batch) {
      message.receiveCount++;
      message.firstReceiveTimestamp ??= now;
    }
    this.store.save();
    this.stats.batches++;
    const event: SQSEvent = { Records: batch.map((message) => this.record(message)) };
    let failed: Set<string>;
    try {
      failed = failedIds(await handler(event), batch);
    } catch (error) {
      this.log(`queue ${this.arn}: the consumer failed a batch of ${batch.length} (retried): ${(error as Error).message}`);
      failed = new Set(batch.map((message) => message.messageId));
    }
    const after = Date.now();
    for (const message of batch) {
      if (failed.has(message.messageId)) {
        message.visibleAt = after + Math.min(this.maxRetryDelayMs, this.retryBaseMs * 2 ** (message.receiveCount - 1));
        this.stats.failures++;
      } else {
        this.store.messages.delete(message.messageId);
        this.stats.deleted++;
      }
    }
    this.store.save();
  }

  private record(message: StoredMessage): SQSRecord {
    return {
      messageId: message.messageId,
      // A new handle at every receive, as SQS gives one.
      receiptHandle: randomBytes(48).toString('base64'),
      body: message.body,
      attributes: {
        ApproximateReceiveCount: String(message.receiveCount),
        SentTimestamp: String(message.sentTimestamp),
        SenderId: this.senderId,
        ApproximateFirstReceiveTimestamp: String(message.firstReceiveTimestamp ?? message.sentTimestamp),
      },
      messageAttributes: {},
      md5OfBody: message.md5OfBody,
      eventSource: 'aws:sqs',
      eventSourceARN: this.arn,
      awsRegion: this.region,
    };
  }
}

/**
 * Lambda's reading of a partial batch response: nothing (or an empty list) is full success; an
 * itemIdentifier that is empty, not a string or not a message of the batch fails the whole
 * batch, as does an answer that is not an object.
 */
function failedIds(response: unknown, batch: StoredMessage[]): Set<string> {
  const all = new Set(batch.map((message) => message.messageId));
  if (response === undefined || response === null) return new Set();
  if (typeof response !== 'object' || Array.isArray(response)) return all;
  const failures = (response as { batchItemFailures?: unknown }).batchItemFailures;
  if (failures === undefined || failures === null) return new Set();
  if (!Array.isArray(failures)) return all;
  const failed = new Set<string>();
  for (const failure of failures as unknown[]) {
    const id = typeof failure === 'object' && failure !== null ? (failure as { itemIdentifier?: unknown }).itemIdentifier : undefined;
    if (typeof id !== 'string' || !all.has(id)) return all;
    failed.add(id);
  }
  return failed;
}
