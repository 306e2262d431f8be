// Stands in for Lambda's DynamoDB event source mapping: reads the table's stream from
// DynamoDB Local (following shard lineage), hands Lambda-shaped batches to a handler and,
// like Lambda, retries from the first reported item failure. One poller per consumer, each
// with its own position, so a failing notify does not hold back the feeds.
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  ExpiredIteratorException,
  GetRecordsCommand,
  GetShardIteratorCommand,
  TrimmedDataAccessException,
  type _Record,
  type Shard,
  type ShardIteratorType,
} from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { sdkConfig } from '../lambdas/adapters/sdk-client.ts';
import type { LocalCredentials } from '../lambdas/adapters/settings.ts';

export type StreamHandler = (event: DynamoDBStreamEvent) => Promise<DynamoDBBatchResponse | void>;

export interface PollerOptions {
  name: string;
  endpoint: string;
  credentials: LocalCredentials;
  streamArn: string;
  handler: StreamHandler;
  batchSize?: number;
  /**
   * Lambda's ParallelizationFactor: the records of one read of a shard are split by partition
   * key into up to this many batches handed to the handler at once (each key's records stay in
   * order in one batch); the shard's position moves only past what every one of them finished.
   * 1 (the default, and the CDK stack's setting) hands over one batch at a time.
   */
  parallelization?: number;
  /** How long to wait when the stream has nothing new (the contract asks for ≤ 250 ms). */
  idleMs?: number;
  /** File in which the position per shard is kept, so a restart does not replay everything. */
  checkpointFile?: string;
  log?: (line: string) => void;
}

interface ShardState {
  shardId: string;
  parentShardId?: string;
  iterator?: string;
  /** The last sequence number handed to the handler and not failed. */
  checkpoint?: string;
  closed: boolean;
  /** Retry back-off after a failure, ms. */
  backoff: number;
}

export interface StreamPoller {
  stop(): Promise<void>;
  /** Resolves once every record written so far has been processed (tests, benchmarks). */
  drained(): Promise<void>;
  stats: { batches: number; records: number; failures: number };
  /**
   * Stops handing batches over after the one under way (as disabling Lambda's event source
   * mapping does); `resume` goes on from the position kept. Tests use it to let a burst of
   * changes pile up in the stream.
   */
  pause(): void;
  resume(): void;
}

export function startStreamPoller(options: PollerOptions): StreamPoller {
  const client = new DynamoDBStreamsClient(sdkConfig(options.endpoint, options.credentials, { maxAttempts: 1 }));
  const idleMs = options.idleMs ?? 100;
  const batchSize = options.batchSize ?? 100;
  const parallelization = Math.max(1, Math.floor(options.parallelization ?? 1));
  const log = options.log ?? (() => undefined);
  const shards = new Map<string, ShardState>();
  const saved: Record<string, string> = options.checkpointFile && existsSync(options.checkpointFile)
    ? (JSON.parse(readFileSync(options.checkpointFile, 'utf8')) as Record<string, string>)
    : {};
  const stats = { batches: 0, records: 0, failures: 0 };
  let running = true;
  let paused = false;
  // A cycle reads every shard once. A waiter is only told "drained" by an idle cycle that began
  // after it asked: a cycle already under way may have read a shard before the caller's write
  // landed, and its being idle says nothing about that write.
  let cycle = 0;
  let idleWaiters: Array<{ after: number; resolve: () => void }> = [];
  let lastDescribe = 0;

  const persist = () => {
    if (!options.checkpointFile) return;
    const positions: Record<string, string> = {};
    for (const shard of shards.values()) if (shard.checkpoint) positions[shard.shardId] = shard.checkpoint;
    writeFileSync(options.checkpointFile, JSON.stringify(positions));
  };

  async function describe(): Promise<void> {
    let start: string | undefined;
    do {
      const { StreamDescription } = await client.send(
        new DescribeStreamCommand({ StreamArn: options.streamArn, ExclusiveStartShardId: start }),
      );
      for (const shard of StreamDescription?.Shards ?? []) addShard(shard);
      start = StreamDescription?.LastEvaluatedShardId;
    } while (start);
    lastDescribe = Date.now();
  }

  function addShard(shard: Shard): void {
    if (!shard.ShardId || shards.has(shard.ShardId)) return;
    shards.set(shard.ShardId, {
      shardId: shard.ShardId,
      ...(shard.ParentShardId ? { parentShardId: shard.ParentShardId } : {}),
      ...(saved[shard.ShardId] ? { checkpoint: saved[shard.ShardId] } : {}),
      closed: false,
      backoff: 0,
    });
  }

  /** A child shard waits until its parent is read to the end, so order per item holds. */
  function ready(shard: ShardState): boolean {
    if (shard.closed) return false;
    const parent = shard.parentShardId ? shards.get(shard.parentShardId) : undefined;
    return !parent || parent.closed;
  }

  async function iteratorFor(shard: ShardState): Promise<string | undefined> {
    const type: ShardIteratorType = shard.checkpoint ? 'AFTER_SEQUENCE_NUMBER' : 'TRIM_HORIZON';
    const { ShardIterator } = await client.send(
      new GetShardIteratorCommand({
        StreamArn: options.streamArn,
        ShardId: shard.shardId,
        ShardIteratorType: type,
        ...(shard.checkpoint ? { SequenceNumber: shard.checkpoint } : {}),
      }),
    );
    return ShardIterator;
  }

  /** Reads one batch from the shard; true when it got records. */
  async function pollShard(shard: ShardState): Promise<boolean> {
    shard.iterator ??= await iteratorFor(shard);
    if (!shard.iterator) {
      shard.closed = true;
      return false;
    }
    let response;
    try {
      response = await client.send(
        new GetRecordsCommand({ ShardIterator: shard.iterator, Limit: Math.min(GET_RECORDS_MAX, batchSize * parallelization) }),
      );
    } catch (error) {
      if (error instanceof ExpiredIteratorException) {
        shard.iterator = undefined;
        return false;
      }
      if (error instanceof TrimmedDataAccessException) {
        log(`${options.name}: records of ${shard.shardId} were trimmed before they were read`);
        shard.checkpoint = undefined;
        shard.iterator = undefined;
        return false;
      }
      throw error;
    }
    const records = response.Records ?? [];
    if (records.length === 0) {
      if (response.NextShardIterator) shard.iterator = response.NextShardIterator;
      else shard.closed = true;
      return false;
    }
    const all = records.map((r) => toLambdaRecord(r, options.streamArn));
    const batches = concurrentBatches(all, parallelization, batchSize);
    // Every batch's first failure; the shard's position moves only past what all of them
    // finished (and past nothing a batch did not carry), so the rest is read again.
    const failures = await Promise.all(batches.map((batch) => invoke(batch)));
    const sequenceOf = (r: DynamoDBRecord) => r.dynamodb?.SequenceNumber ?? '';
    const failed = new Set(failures.filter((f): f is string => f !== undefined));
    const carried = new Set(batches.flat().map(sequenceOf));
    const undone = all.findIndex((r) => failed.has(sequenceOf(r)) || !carried.has(sequenceOf(r)));
    stats.batches += batches.length;
    if (undone < 0) {
      stats.records += records.length;
      shard.checkpoint = records.at(-1)?.dynamodb?.SequenceNumber;
      shard.iterator = response.NextShardIterator;
      if (!shard.iterator) shard.closed = true;
      shard.backoff = 0;
    } else {
      // Like Lambda: everything before the first failure is done; the rest is read again.
      stats.records += undone;
      if (undone > 0) shard.checkpoint = sequenceOf(all[undone - 1]!);
      shard.iterator = undefined;
      if (failed.size > 0) {
        stats.failures++;
        shard.backoff = Math.min(Math.max(shard.backoff * 2, 200), 5_000);
      }
    }
    persist();
    return true;
  }

  /** One batch to the handler; the sequence number of its first failed record, if any. */
  async function invoke(batch: DynamoDBRecord[]): Promise<string | undefined> {
    const event: DynamoDBStreamEvent = { Records: batch };
    try {
      const result = await options.handler(event);
      const failed = new Set((result?.batchItemFailures ?? []).map((f) => f.itemIdentifier));
      if (failed.size === 0) return undefined;
      return batch.find((r) => failed.has(r.dynamodb?.SequenceNumber ?? ''))?.dynamodb?.SequenceNumber ?? batch[0]?.dynamodb?.SequenceNumber;
    } catch (error) {
      log(`${options.name}: handler threw, the batch will be retried: ${(error as Error).message}`);
      return batch[0]?.dynamodb?.SequenceNumber;
    }
  }

  async function loop(): Promise<void> {
    while (running) {
      if (paused) {
        await sleep(idleMs);
        continue;
      }
      const started = ++cycle;
      let busy = false;
      try {
        if (shards.size === 0 || Date.now() - lastDescribe > 5_000 || [...shards.values()].some((s) => s.closed && !hasChild(s))) {
          await describe();
        }
        for (const shard of [...shards.values()].sort((a, b) => a.shardId.localeCompare(b.shardId))) {
          if (!running || paused) break;
          if (!ready(shard)) continue;
          if (shard.backoff > 0) {
            await sleep(shard.backoff);
            if (!running) break;
          }
          if (await pollShard(shard)) busy = true;
        }
      } catch (error) {
        log(`${options.name}: stream read failed, retrying: ${(error as Error).message}`);
        // The engine may be down or have restarted: describe the stream again and take fresh
        // iterators from the checkpoints, rather than trust iterators it may have forgotten.
        for (const shard of shards.values()) shard.iterator = undefined;
        lastDescribe = 0;
        await sleep(500);
        continue;
      }
      const backingOff = [...shards.values()].some((s) => s.backoff > 0);
      if (!busy && !backingOff) {
        const due = idleWaiters.filter((waiter) => waiter.after < started);
        idleWaiters = idleWaiters.filter((waiter) => waiter.after >= started);
        for (const waiter of due) waiter.resolve();
        await sleep(idleMs);
      }
    }
  }

  function hasChild(shard: ShardState): boolean {
    return [...shards.values()].some((s) => s.parentShardId === shard.shardId);
  }

  const done = loop();
  return {
    stats,
    drained: () => new Promise<void>((resolve) => idleWaiters.push({ after: cycle, resolve })),
    pause() {
      paused = true;
    },
    resume() {
      paused = false;
    },
    async stop() {
      running = false;
      await done;
      for (const waiter of idleWaiters) waiter.resolve();
      client.destroy();
    },
  };
}

export function toLambdaRecord(record: _Record, streamArn: string): DynamoDBRecord {
  const created = record.dynamodb?.ApproximateCreationDateTime;
  return {
    eventID: record.eventID,
    eventName: record.eventName,
    eventVersion: record.eventVersion ?? '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: record.awsRegion ?? 'local',
    eventSourceARN: streamArn,
    dynamodb: {
      ...(created ? { ApproximateCreationDateTime: Math.floor(new Date(created).getTime() / 1000) } : {}),
      Keys: record.dynamodb?.Keys,
      NewImage: record.dynamodb?.NewImage,
      OldImage: record.dynamodb?.OldImage,
      SequenceNumber: record.dynamodb?.SequenceNumber,
      SizeBytes: record.dynamodb?.SizeBytes,
      StreamViewType: record.dynamodb?.StreamViewType,
    },
  } as DynamoDBRecord;
}

/** GetRecords' own limit per call. */
const GET_RECORDS_MAX = 1000;

/**
 * The records of one read split as Lambda's ParallelizationFactor splits them: by a hash of the
 * item's partition key into `lanes`, in order within each, each lane cut into batches of at most
 * `batchSize` (a lane's later batch waits for the next read, since its records follow the ones before).
 */
export function concurrentBatches(records: readonly DynamoDBRecord[], lanes: number, batchSize: number): DynamoDBRecord[][] {
  if (lanes <= 1) return [records.slice(0, batchSize)];
  const byLane = new Map<number, DynamoDBRecord[]>();
  for (const record of records) {
    const lane = laneOf(partitionKeyOf(record), lanes);
    const batch = byLane.get(lane) ?? [];
    byLane.set(lane, batch);
    batch.push(record);
  }
  return [...byLane.values()].map((batch) => batch.slice(0, batchSize));
}

function partitionKeyOf(record: DynamoDBRecord): string {
  return JSON.stringify(record.dynamodb?.Keys?.pk ?? record.dynamodb?.Keys ?? '');
}

function laneOf(key: string, lanes: number): number {
  return createHash('sha256').update(key).digest().readUInt32BE(0) % lanes;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
