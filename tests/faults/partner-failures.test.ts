// Partners that fail: one answers 500, one never answers (the delivery times out), one fails
// for good. The SNS engine retries each with back-off, counted at the partner, and the healthy
// partner is served at once, whatever the others do.
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Runtime } from '../../local/runtime.ts';
import type { RunningReceiver } from '../../examples/webhook-receiver/receiver.ts';
import { retryDelayMs, type RetryPolicy } from '../../local/sns/http-delivery.ts';
import { fixtureInput } from '../support/fixture.ts';
import { PRESS_TOKEN, api, startTestRuntime } from '../support/runtime.ts';
import { quiesce, startMisbehavingPartner, subscribe, subscribedPartner, until, type MisbehavingPartner } from './support.ts';

const retry: RetryPolicy = { immediateRetries: 0, minDelayMs: 100, maxDelayMs: 800, maxAttempts: 5, jitter: false };
const TIMEOUT_MS = 300;

let runtime: Runtime;
let healthy: RunningReceiver;
const misbehaving: MisbehavingPartner[] = [];
let erroring: MisbehavingPartner;
let hanging: MisbehavingPartner;
let dead: MisbehavingPartner;

beforeAll(async () => {
  runtime = await startTestRuntime({ delivery: { retry, timeoutMs: TIMEOUT_MS } });
  healthy = await subscribedPartner(runtime);
  erroring = await startMisbehavingPartner('500', 3);
  misbehaving.push(erroring);
  hanging = await startMisbehavingPartner('hang', 2);
  misbehaving.push(hanging);
  dead = await startMisbehavingPartner('500', Infinity);
  misbehaving.push(dead);
  for (const partner of misbehaving) await subscribe(runtime, partner.url);
  await until(() => misbehaving.every((p) => p.confirmed), 'the partners to confirm');
});
afterAll(async () => {
  await healthy?.stop();
  for (const partner of misbehaving) await partner.stop();
  await runtime?.stop();
});

test('failing partners are retried with back-off; the healthy one is served at once', async () => {
  const response = await api(runtime)('/v1/releases', { method: 'POST', token: PRESS_TOKEN, json: fixtureInput() });
  expect(response.status).toBe(201);
  const { id } = await response.json();

  await until(() => healthy.notifications.length === 1, 'the healthy partner');
  // Served while every other partner is still failing: the first retry cannot come sooner
  // than minDelayMs, and the erroring and hanging partners fail more than once.
  for (const partner of misbehaving) expect(partner.delivered.size).toBe(0);
  expect(healthy.notifications[0]!.event.release.id).toBe(id);

  await until(() => erroring.delivered.size === 1 && hanging.delivered.size === 1, 'the failing partners to be served');
  await until(() => dead.attempts.size === 1 && dead.attempts.values().next().value!.length === retry.maxAttempts, 'the dead partner to be given up on');
  await quiesce(runtime);

  const [erroringAttempts] = [...erroring.attempts.values()];
  const [hangingAttempts] = [...hanging.attempts.values()];
  const [deadAttempts] = [...dead.attempts.values()];
  // Failures and then the one success, each notification delivered exactly once.
  expect(erroringAttempts).toHaveLength(3 + 1);
  expect(hangingAttempts).toHaveLength(2 + 1);
  expect([...erroring.delivered.values(), ...hanging.delivered.values()]).toEqual([1, 1]);
  // Given up after maxAttempts, not retried for ever.
  expect(deadAttempts).toHaveLength(retry.maxAttempts);
  expect(dead.delivered.size).toBe(0);
  expect(runtime.engines.sns.deliveries.stats.failed).toBe(1);

  // Back-off: each retry comes at least its scheduled delay (100, 200, 400, 800 ms) after the
  // attempt before it (a hanging one first runs into the timeout). Lower bounds only, which
  // timers guarantee: nothing here depends on the machine being fast.
  const gaps = (times: number[]) => times.slice(1).map((t, i) => t - times[i]!);
  for (const attempts of [erroringAttempts!, hangingAttempts!, deadAttempts!]) {
    gaps(attempts).forEach((gap, i) => expect(gap).toBeGreaterThanOrEqual(retryDelayMs(i + 1, retry) - 2));
  }

  // The healthy partner got it once, and nothing else was sent to it meanwhile.
  expect(healthy.notifications).toHaveLength(1);
  expect(healthy.rejected).toBe(0);
});
