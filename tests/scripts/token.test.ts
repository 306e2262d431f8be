// `npm run token` against DynamoDB Local: the token is printed once, only its hash is kept,
// tokens can be listed and revoked, and bad arguments write nothing.
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { CreateTableCommand, DeleteTableCommand, DynamoDBClient, PutItemCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { GENERATED_TOKEN_PATTERN } from '../../lambdas/core/bearer-token.ts';
import { keys, tableDefinition } from '../../lambdas/adapters/table-layout.ts';
import { sha256 } from '../../lambdas/core/sha256.ts';
import { sdkConfig } from '../../lambdas/adapters/sdk-client.ts';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../', import.meta.url));
const tableName = `pressroom-token-${randomUUID()}`;
let client: DynamoDBClient;

beforeAll(async () => {
  client = new DynamoDBClient(sdkConfig(inject('dynamoEndpoint'), inject('localCredentials')));
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
      env: { ...process.env, TABLE_NAME: tableName, DYNAMODB_ENDPOINT: inject('dynamoEndpoint'), AWS_REGION: 'local', AWS_ACCESS_KEY_ID: inject('localCredentials').accessKeyId, AWS_SECRET_ACCESS_KEY: inject('localCredentials').secretAccessKey, ...env },
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
  expect(printed).toMatch(GENERATED_TOKEN_PATTERN);
  expect(printed.startsWith('prs_admin_')).toBe(true);
  expect(result.stdout.split('\n').filter(Boolean)).toHaveLength(1);
  expect(result.stderr).toMatch(/shown only now/);

  const stored = (await items()).find((item) => item.pk === keys.token(sha256(printed)).pk);
  expect(stored).toMatchObject({ sk: sha256(printed), scope: 'admin', label: 'first admin', tokenHash: sha256(printed), origin: 'cli' });
  expect(Date.parse(String(stored!.createdAt))).toBeGreaterThan(Date.now() - 60_000);
  expect(stored!.lastUsedAt).toBeUndefined();
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
  [['revoke']],
  [['list', 'extra']],
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

const tokenItem = (tokenHash: string, label: string) =>
  marshall({ ...keys.token(tokenHash), entity: 'token', tokenHash, scope: 'press', label, origin: 'cli', createdAt: '2024-01-01T00:00:00.000Z' });

test('list prints one line per token: hash prefix, scope, origin, created, last use, label; never a token', async () => {
  const made = (await token(['create', '--scope', 'press', '--label', 'listed press'])).stdout.trim();
  const result = await token(['list']);
  expect(result.code).toBe(0);
  const line = result.stdout.split('\n').find((l) => l.endsWith('\tlisted press'));
  expect(line).toBeDefined();
  const [prefix, scope, origin, created, lastUsed] = line!.split('\t');
  expect(sha256(made).startsWith(prefix!)).toBe(true);
  expect([scope, origin, lastUsed]).toEqual(['press', 'cli', 'last used never']);
  expect(created).toMatch(/^created \d{4}-\d{2}-\d{2}T/);
  expect(result.stdout.split('\n').filter(Boolean)).toHaveLength((await items()).filter((i) => i.entity === 'token').length);
  expect(result.stdout).not.toContain('prs_');
});

test('revoke by label deletes exactly that token', async () => {
  const made = (await token(['create', '--scope', 'admin', '--label', 'to be revoked'])).stdout.trim();
  const before = (await items()).length;
  const result = await token(['revoke', 'to be revoked']);
  expect(result.code).toBe(0);
  expect(result.stderr).toMatch(/Revoked the admin token/);
  expect((await items()).some((item) => item.tokenHash === sha256(made))).toBe(false);
  expect((await items()).length).toBe(before - 1);
});

test('revoke by a unique hash prefix deletes that token', async () => {
  const made = (await token(['create', '--scope', 'press', '--label', 'revoked by hash'])).stdout.trim();
  const result = await token(['revoke', sha256(made).slice(0, 16).toUpperCase()]);
  expect(result.code).toBe(0);
  expect((await items()).some((item) => item.tokenHash === sha256(made))).toBe(false);
});

test('an ambiguous hash prefix or label is refused and deletes nothing', async () => {
  // Two stored hashes that share a prefix, and two tokens with one label.
  for (const [hash, label] of [['abcdef01'.padEnd(64, '1'), 'twin'], ['abcdef02'.padEnd(64, '2'), 'twin']] as const) {
    await client.send(new PutItemCommand({ TableName: tableName, Item: tokenItem(hash, label) }));
  }
  const before = (await items()).length;
  for (const which of ['abcdef0', 'twin']) {
    const result = await token(['revoke', which]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/matches 2 tokens/);
    expect((await items()).length).toBe(before);
  }
  expect((await token(['revoke', 'abcdef02'])).code).toBe(0);
  expect((await items()).length).toBe(before - 1);
});

test('revoke of something no token has: exit 1, nothing deleted', async () => {
  const before = (await items()).length;
  const result = await token(['revoke', 'no such label']);
  expect(result.code).toBe(1);
  expect(result.stderr).toMatch(/no token has/);
  expect((await items()).length).toBe(before);
});
