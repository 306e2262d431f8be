// DynamoDB Local listens on every interface and authenticates nothing; without -sharedDb it
// keeps a database per access key id, so a client that does not know the data folder's key
// sees an empty database, and a folder made under -sharedDb is handed to the folder's key.
import { mkdtemp, readdir, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateTableCommand, DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { afterEach, expect, test } from 'vitest';
import { startDynamoDbLocal, type DynamoDbLocal } from '../../local/dynamodb-local.ts';
import { newLocalCredentials } from '../../local/credentials.ts';
import { sdkConfig } from '../../lambdas/adapters/sdk-client.ts';
import type { LocalCredentials } from '../../lambdas/adapters/settings.ts';

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function folder(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'dynamodb-keys-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

async function start(dbPath: string, credentials: LocalCredentials): Promise<DynamoDbLocal> {
  const engine = await startDynamoDbLocal({ dbPath, credentials });
  cleanups.push(() => engine.stop());
  return engine;
}

async function tables(engine: DynamoDbLocal, credentials: LocalCredentials): Promise<string[]> {
  const client = new DynamoDBClient(sdkConfig(engine.endpoint, credentials, { maxAttempts: 1 }));
  try {
    return (await client.send(new ListTablesCommand({}))).TableNames ?? [];
  } finally {
    client.destroy();
  }
}

async function createTable(engine: DynamoDbLocal, credentials: LocalCredentials, name: string): Promise<void> {
  const client = new DynamoDBClient(sdkConfig(engine.endpoint, credentials, { maxAttempts: 1 }));
  await client.send(
    new CreateTableCommand({
      TableName: name,
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
  client.destroy();
}

test("a client with another access key id sees an empty database, not the folder's", async () => {
  const owner = newLocalCredentials();
  const engine = await start(await folder(), owner);
  await createTable(engine, owner, 'pressroom');
  expect(await tables(engine, owner)).toEqual(['pressroom']);
  expect(await tables(engine, { accessKeyId: 'local', secretAccessKey: 'local' })).toEqual([]);
  expect(await tables(engine, newLocalCredentials())).toEqual([]);
});

test('a folder made when every key shared one database keeps its data, for its key only', async () => {
  const dbPath = await folder();
  const earlier = newLocalCredentials();
  const first = await start(dbPath, earlier);
  await createTable(first, earlier, 'kept');
  await first.stop();
  // What -sharedDb names its file; the SQLite inside is the same as a per-key file's.
  await rename(join(dbPath, `${earlier.accessKeyId}_us-east-1.db`), join(dbPath, 'shared-local-instance.db'));

  const owner = newLocalCredentials();
  const engine = await start(dbPath, owner);
  expect(await tables(engine, owner)).toEqual(['kept']);
  expect(await tables(engine, newLocalCredentials())).toEqual([]);
  expect((await readdir(dbPath)).filter((name) => name.endsWith('.db'))).toContain(`${owner.accessKeyId}_us-east-1.db`);
  expect(await readdir(dbPath)).not.toContain('shared-local-instance.db');
});
