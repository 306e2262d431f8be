// A DynamoDB that is down is a 503 in the contract's error shape, never a 500 or a stack.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startRuntime, type Runtime } from '../../local/runtime.ts';
import { fixtureInput } from '../support/fixture.ts';
import { PRESS_TOKEN, api } from '../support/runtime.ts';

let runtime: Runtime;

beforeAll(async () => {
  // Its own DynamoDB Local, so stopping it does not disturb the other test files.
  runtime = await startRuntime({ port: 0, pressToken: PRESS_TOKEN, log: () => undefined });
});
afterAll(() => runtime?.stop());

test('writes and reads answer 503 while DynamoDB is down', async () => {
  const call = api(runtime);
  expect((await call('/v1/releases', { method: 'POST', token: PRESS_TOKEN, json: fixtureInput() })).status).toBe(201);
  await runtime.engines.dynamodb!.stop();
  for (const response of [
    await call('/v1/releases', { method: 'POST', token: PRESS_TOKEN, json: fixtureInput() }),
    await call('/v1/releases'),
    await call('/v1/officials'),
    await call('/health'),
  ]) {
    expect(response.status).toBe(503);
    const body = await response.json();
    if (body.error) {
      expect(body.error.code).toBe('service_unavailable');
      expect(JSON.stringify(body)).not.toMatch(/at .*\.ts:\d+/);
    } else {
      expect(body.status).toBe('unavailable');
    }
  }
});
