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
}

export function startStreamPoller(options: PollerOptions): StreamPoller {
  const client = new DynamoDBStreamsClient(sdkConfig(options.endpoint, options.credentials, { maxAttempts: 1 }));
  const idleMs = options.idleMs ?? 100;
  const batchSize = options.batchSize ?? 100;
  const log = options.log ?? (() => undefined);
  const shards = new Map<string, ShardState>();
  const saved: Record<string, string> = options.checkpointFile && existsSync(options.checkpointFile)
    ? (JSON.parse(readFileSync(options.checkpointFile, 'utf8')) as Record<string, string>)
    : {};
  const stats = { batches: 0, records: 0, failures: 0 };
  let running = true;
  let idleWaiters: Array<() => void> = [];
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
      response = await client.send(new GetRecordsCommand({ ShardIterator: shard.iterator, Limit: batchSize }));
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
    const event: DynamoDBStreamEvent = { Records: records.map((r) => toLambdaRecord(r, options.streamArn)) };
    let failedAt: string | undefined;
    try {
      const result = await options.handler(event);
      const failed = new Set((result?.batchItemFailures ?? []).map((f) => f.itemIdentifier));
      failedAt = event.Records.find((r) => failed.has(r.dynamodb?.SequenceNumber ?? ''))?.dynamodb?.SequenceNumber;
      if (failed.size > 0 && failedAt === undefined) failedAt = event.Records[0]?.dynamodb?.SequenceNumber;
    } catch (error) {
      log(`${options.name}: handler threw, the batch will be retried: ${(error as Error).message}`);
      failedAt = event.Records[0]?.dynamodb?.SequenceNumber;
    }
    stats.batches++;
    if (failedAt === undefined) {
      stats.records += records.length;
      shard.checkpoint = records.at(-1)?.dynamodb?.SequenceNumber;
      shard.iterator = response.NextShardIterator;
      if (!shard.iterator) shard.closed = true;
      shard.backoff = 0;
    } else {
      // Like Lambda: everything before the first failure is done; the rest is read again.
      const index = event.Records.findIndex((r) => r.dynamodb?.SequenceNumber === failedAt);
      stats.records += index;
      stats.failures++;
      if (index > 0) shard.checkpoint = event.Records[index - 1]?.dynamodb?.SequenceNumber;
      shard.iterator = undefined;
      shard.backoff = Math.min(Math.max(shard.backoff * 2, 200), 5_000);
    }
    persist();
    return true;
  }

  async function loop(): Promise<void> {
    while (running) {
      let busy = false;
      try {
        if (shards.size === 0 || Date.now() - lastDescribe > 5_000 || [...shards.values()].some((s) => s.closed && !hasChild(s))) {
          await describe();
        }
        for (const shard of [...shards.values()].sort((a, b) => a.shardId.localeCompare(b.shardId))) {
          if (!running) break;
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
        const waiters = idleWaiters;
        idleWaiters = [];
        for (const resolve of waiters) resolve();
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
    drained: () => new Promise<void>((resolve) => idleWaiters.push(resolve)),
    async stop() {
      running = false;
      await done;
      for (const resolve of idleWaiters) resolve();
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

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
