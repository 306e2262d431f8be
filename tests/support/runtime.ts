// Starts the local runtime in this test process on the run's DynamoDB Local, with a table
// of its own, so test files never see each other's data.
import { inject } from 'vitest';
import { randomUUID } from 'node:crypto';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { startRuntime, type Runtime, type RuntimeOptions } from '../../local/runtime.ts';
import { documentClient } from '../../lambdas/adapters/dynamodb-client.ts';
import { keys } from '../../lambdas/adapters/table-layout.ts';

export const PRESS_TOKEN = 'test-press-token-0123456789abcdef';
export const ADMIN_TOKEN = 'test-admin-token-0123456789abcdef';

/**
 * Every subscription's DeliveryPolicy spends SNS's hour of retries; tests run it a thousand
 * times faster (3.6 s), so a partner that stays down is dead-lettered within a test.
 */
const DELIVERY_TIME_SCALE = 0.001;

export async function startTestRuntime(options: Partial<RuntimeOptions> = {}): Promise<Runtime> {
  return startRuntime({
    ...options,
    delivery: { timeScale: DELIVERY_TIME_SCALE, ...options.delivery },
    port: 0,
    dynamoEndpoint: inject('dynamoEndpoint'),
    credentials: inject('localCredentials'),
    tableName: `pressroom-${randomUUID()}`,
    pressToken: PRESS_TOKEN,
    adminToken: ADMIN_TOKEN,
    log: () => undefined,
  });
}

/** A fetch Response whose json() is loosely typed, as tests read arbitrary shapes. */
export type TestResponse = Omit<Response, 'json'> & { json(): Promise<any> };

export interface Api {
  (path: string, init?: RequestInit & { token?: string; json?: unknown }): Promise<TestResponse>;
}

export function api(runtime: Runtime): Api {
  return (path, init = {}) => {
    const { token, json, ...rest } = init;
    const headers = new Headers(rest.headers);
    if (token) headers.set('authorization', `Bearer ${token}`);
    if (json !== undefined) {
      if (!headers.has('content-type')) headers.set('content-type', 'application/json');
      rest.body = JSON.stringify(json);
    }
    return fetch(`${runtime.url}${path}`, { ...rest, headers });
  };
}

/**
 * Every item of the test's table. Tests only — the application never scans; this is how
 * a test proves that a refused request wrote nothing. A token's `lastUsedAt` is left out:
 * any authenticated request records it, refused or not, and it is no data of the request.
 * Nor are the feeds function's render leases: it counts and releases them while it renders
 * earlier changes, whenever its stream poller gets to them.
 */
export async function tableItems(runtime: Runtime): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await runtime.adapters.run(() => documentClient()).send(
      new ScanCommand({ TableName: runtime.tableName, ExclusiveStartKey: start, ConsistentRead: true }),
    );
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  const renderLease = keys.renderLease('').pk;
  return items.filter((item) => !String(item.pk).startsWith(renderLease)).map((item) => {
    if (item.pk !== keys.tokensPartition) return item;
    const { lastUsedAt: _lastUse, ...token } = item;
    return token;
  });
}
