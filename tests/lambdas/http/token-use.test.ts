// A token's last use is recorded on the token's item, at most once a minute: a request with a
// token whose recorded use is recent writes nothing.
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { documentClient } from '../../../lambdas/adapters/dynamodb-client.ts';
import { keys } from '../../../lambdas/adapters/table-layout.ts';
import { hashToken, TOKEN_USE_INTERVAL_MS } from '../../../lambdas/adapters/token-repository.ts';
import type { Runtime } from '../../../local/runtime.ts';
import { ADMIN_TOKEN, api, PRESS_TOKEN, startTestRuntime } from '../../support/runtime.ts';

let runtime: Runtime;
beforeAll(async () => {
  runtime = await startTestRuntime();
});
afterAll(() => runtime?.stop());

const stored = async (token: string) =>
  (
    await runtime.adapters.run(() =>
      documentClient().send(new GetCommand({ TableName: runtime.tableName, Key: keys.token(hashToken(token)), ConsistentRead: true })),
    )
  ).Item!;

test('a token just provisioned has a creation time and no use yet', async () => {
  const item = await stored(ADMIN_TOKEN);
  expect(Date.parse(item.createdAt)).toBeGreaterThan(Date.now() - 5 * 60_000);
  expect(item.lastUsedAt).toBeUndefined();
});

test('the first request records the use; another within the minute writes nothing', async () => {
  const call = api(runtime);
  expect((await call('/v1/releases', { token: PRESS_TOKEN })).status).toBe(200);
  // The write is awaited before the response leaves, so it is in the table now.
  const first = (await stored(PRESS_TOKEN)).lastUsedAt;
  expect(Date.parse(first)).toBeGreaterThan(Date.now() - 60_000);
  await new Promise((resolve) => setTimeout(resolve, 20));
  expect((await call('/v1/officials', { token: PRESS_TOKEN })).status).toBe(200);
  expect((await stored(PRESS_TOKEN)).lastUsedAt).toBe(first);
});

test('a use older than the interval is recorded again (in another process, too)', async () => {
  const old = new Date(Date.now() - TOKEN_USE_INTERVAL_MS - 1_000).toISOString();
  await runtime.adapters.run(() =>
    documentClient().send(
      new UpdateCommand({
        TableName: runtime.tableName,
        Key: keys.token(hashToken(ADMIN_TOKEN)),
        UpdateExpression: 'SET lastUsedAt = :old',
        ExpressionAttributeValues: { ':old': old },
      }),
    ),
  );
  expect((await api(runtime)('/v1/subscriptions', { token: ADMIN_TOKEN })).status).toBe(200);
  expect(Date.parse((await stored(ADMIN_TOKEN)).lastUsedAt)).toBeGreaterThan(Date.parse(old) + TOKEN_USE_INTERVAL_MS);
});

test("a partner token's use is recorded on its own item, by whichever function it reaches first", async () => {
  const call = api(runtime);
  // One fresh partner token per API function, so each records a first use (the token's own
  // partition is a grant of every one of them).
  const routes = [
    ['/v1/releases', 200],
    ['/v1/officials', 200],
    ['/v1/media/01ARZ3NDEKTSV4RRFFQ69G5FAV', 403],
    ['/v1/subscriptions', 403],
    ['/v1/events', 200],
    ['/v1/openapi.json', 200],
  ] as const;
  for (const [index, [path, status]] of routes.entries()) {
    const created = await (await call('/v1/subscriptions', { method: 'POST', token: ADMIN_TOKEN, json: { endpoint: `http://127.0.0.1:9/use-${index}` } })).json();
    expect((await call(path, { token: created.token })).status).toBe(status);
    const { Item } = await runtime.adapters.run(() =>
      documentClient().send(new GetCommand({ TableName: runtime.tableName, Key: keys.partnerToken(hashToken(created.token)), ConsistentRead: true })),
    );
    expect(Item, path).toMatchObject({ scope: 'partner', subscriptionId: created.id });
    expect(Date.parse(Item!.lastUsedAt), path).toBeGreaterThan(Date.now() - 60_000);
  }
});
