// The stand-in for Lambda's event source mapping with a ParallelizationFactor, on DynamoDB
// Local's stream (one shard): a shard's records go to concurrent batches split by partition key,
// each key's records in order, and a failure in one batch moves the shard's position no further
// than the first record not finished.
import { randomUUID } from 'node:crypto';
import { PutItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { inject } from 'vitest';
import { ensureTable, localDynamoClient } from '../../local/table.ts';
import { startStreamPoller, type StreamHandler } from '../../local/stream-poller.ts';

let client: DynamoDBClient;
beforeAll(() => {
  client = localDynamoClient(inject('dynamoEndpoint'), inject('localCredentials'));
});
afterAll(() => client?.destroy());

const KEYS = ['a', 'b', 'c', 'd', 'e', 'f'];
const VERSIONS = 4;

/** Writes VERSIONS versions of an item per key, interleaved across keys. */
async function writeItems(tableName: string): Promise<void> {
  for (let version = 1; version <= VERSIONS; version++) {
    for (const key of KEYS) {
      await client.send(new PutItemCommand({ TableName: tableName, Item: { pk: { S: key }, sk: { S: 'x' }, version: { N: String(version) } } }));
    }
  }
}

const versionsOf = (event: DynamoDBStreamEvent) =>
  event.Records.map((r) => [r.dynamodb?.NewImage?.pk?.S ?? '', Number(r.dynamodb?.NewImage?.version?.N)] as const);

async function pollerOn(tableName: string, parallelization: number, handler: StreamHandler) {
  const streamArn = await ensureTable(client, tableName);
  return startStreamPoller({
    name: 'test',
    endpoint: inject('dynamoEndpoint'),
    credentials: inject('localCredentials'),
    streamArn,
    handler,
    parallelization,
    idleMs: 20,
  });
}

test('parallelization 4: concurrent batches, one key in one batch, in order, every record once', async () => {
  const tableName = `poller-${randomUUID()}`;
  let inFlight = 0;
  let mostAtOnce = 0;
  const seen: Array<readonly [string, number]> = [];
  const keysPerBatch: string[][] = [];
  const poller = await pollerOn(tableName, 4, async (event) => {
    inFlight++;
    mostAtOnce = Math.max(mostAtOnce, inFlight);
    await new Promise((resolve) => setTimeout(resolve, 50));
    seen.push(...versionsOf(event));
    keysPerBatch.push([...new Set(versionsOf(event).map(([key]) => key))]);
    inFlight--;
  });
  try {
    poller.pause();
    await writeItems(tableName);
    poller.resume();
    await poller.drained();
    expect(mostAtOnce).toBeGreaterThan(1);
    // No key is split across batches that could run at once.
    const owners = new Map<string, number>();
    keysPerBatch.forEach((keys, batch) =>
      keys.forEach((key) => {
        expect(owners.get(key) ?? batch, key).toBe(batch);
        owners.set(key, batch);
      }),
    );
    for (const key of KEYS) expect(seen.filter(([k]) => k === key).map(([, v]) => v), key).toEqual([1, 2, 3, 4]);
    expect(seen).toHaveLength(KEYS.length * VERSIONS);
  } finally {
    await poller.stop();
  }
});

test('a failure in one concurrent batch: its records and what follows are handed over again, in order per key', async () => {
  const tableName = `poller-${randomUUID()}`;
  const seen: Array<readonly [string, number]> = [];
  let failOnce = true;
  const poller = await pollerOn(tableName, 3, async (event) => {
    const versions = versionsOf(event);
    const bad = event.Records.find((r) => r.dynamodb?.NewImage?.pk?.S === 'c' && r.dynamodb?.NewImage?.version?.N === '2');
    if (bad && failOnce) {
      failOnce = false;
      const index = event.Records.indexOf(bad);
      seen.push(...versions.slice(0, index));
      return { batchItemFailures: [{ itemIdentifier: bad.dynamodb!.SequenceNumber! }] };
    }
    seen.push(...versions);
    return { batchItemFailures: [] };
  });
  try {
    poller.pause();
    await writeItems(tableName);
    poller.resume();
    await poller.drained();
    expect(failOnce).toBe(false);
    // Every key's versions arrive in order (a version may come twice: at least once, as Lambda).
    for (const key of KEYS) {
      const versions = seen.filter(([k]) => k === key).map(([, v]) => v);
      // Never a version before the one it follows; the last one handed over is the newest.
      versions.forEach((v, i) => expect(v === 1 || versions.slice(0, i).includes(v - 1), `${key}: ${versions.join(',')}`).toBe(true));
      expect(versions.at(-1), key).toBe(VERSIONS);
      expect(new Set(versions), key).toEqual(new Set([1, 2, 3, 4]));
    }
    expect(seen.filter(([k, v]) => k === 'c' && v === 2)).toHaveLength(1);
    expect(poller.stats.failures).toBe(1);
  } finally {
    await poller.stop();
  }
});
