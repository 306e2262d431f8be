// `npm run token` against DynamoDB Local: the token is printed once, only its hash is kept,
// and bad arguments write nothing.
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { CreateTableCommand, DeleteTableCommand, DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { keys, sha256, tableDefinition } from '../../lambdas/adapters/table-layout.ts';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../', import.meta.url));
const tableName = `pressroom-token-${randomUUID()}`;
let client: DynamoDBClient;

beforeAll(async () => {
  client = new DynamoDBClient({
    endpoint: inject('dynamoEndpoint'),
    region: 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  await client.send(new CreateTableCommand(tableDefinition(tableName)));
});

afterAll(async () => {
  await client.send(new DeleteTableCommand({ TableName: tableName })).catch(() => undefined);
  client.destroy();
});

async function token(args: string[], env: Record<string, string | undefined> = {}) {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'scripts/token.ts', ...args], {
      cwd: root,
      env: { ...process.env, TABLE_NAME: tableName, DYNAMODB_ENDPOINT: inject('dynamoEndpoint'), AWS_REGION: 'local', ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

async function items() {
  const { Items = [] } = await client.send(new ScanCommand({ TableName: tableName, ConsistentRead: true }));
  return Items.map((item) => unmarshall(item));
}

test('create prints the token alone on stdout and stores only its hash, scope and label', async () => {
  const result = await token(['create', '--scope', 'admin', '--label', 'first admin']);
  expect(result.code).toBe(0);
  const printed = result.stdout.trim();
  expect(printed).toMatch(/^prs_admin_[A-Za-z0-9_-]{32}$/);
  expect(result.stdout.split('\n').filter(Boolean)).toHaveLength(1);
  expect(result.stderr).toMatch(/shown only now/);

  const stored = (await items()).find((item) => item.pk === keys.token(sha256(printed)).pk);
  expect(stored).toMatchObject({ sk: 'token', scope: 'admin', label: 'first admin', tokenHash: sha256(printed) });
  expect(JSON.stringify(await items())).not.toContain(printed);
});

test('every run makes a new press token with a default label', async () => {
  const [a, b] = await Promise.all([token(['create', '--scope', 'press']), token(['create', '--scope', 'press'])]);
  expect(a!.stdout.trim()).toMatch(/^prs_press_/);
  expect(a!.stdout).not.toBe(b!.stdout);
  const stored = (await items()).find((item) => item.tokenHash === sha256(a!.stdout.trim()));
  expect(stored).toMatchObject({ scope: 'press', label: expect.stringMatching(/^press token created \d{4}-\d{2}-\d{2}$/) });
});

test('--help prints the usage and writes nothing', async () => {
  const before = (await items()).length;
  const result = await token(['--help']);
  expect(result.code).toBe(0);
  expect(result.stdout).toMatch(/npm run token -- create --scope press\|admin/);
  expect((await items()).length).toBe(before);
});

test.each([
  [['create']],
  [['create', '--scope', 'root']],
  [['make', '--scope', 'press']],
  [['create', '--scope', 'press', '--unknown']],
])('bad arguments %j: exit 2 with the usage, nothing written', async (args) => {
  const before = (await items()).length;
  const result = await token(args);
  expect(result.code).toBe(2);
  expect(result.stdout).toBe('');
  expect(result.stderr).toMatch(/Usage:/);
  expect((await items()).length).toBe(before);
});

test('without TABLE_NAME it says so and exits 2', async () => {
  const result = await token(['create', '--scope', 'press'], { TABLE_NAME: '' });
  expect(result.code).toBe(2);
  expect(result.stderr).toMatch(/TABLE_NAME/);
});

test('a table that does not exist: exit 1, no token printed', async () => {
  const result = await token(['create', '--scope', 'press'], { TABLE_NAME: 'pressroom-no-such-table' });
  expect(result.code).toBe(1);
  expect(result.stdout).toBe('');
  expect(result.stderr).toMatch(/could not store/);
});
