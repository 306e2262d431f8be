// Partners that fail: one answers 500, one never answers (the delivery times out), one fails
// for good. The SNS engine retries each by the delivery policy every subscription is made with
// (scaled down, as in every test), counted at the partner; the healthy partner is served at
// once, whatever the others do; the one that never recovers is dead-lettered and the failure
// recorded against its subscription.
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Runtime } from '../../local/runtime.ts';
import type { RunningReceiver } from '../../examples/webhook-receiver/receiver.ts';
import { policyRetryDelayMs } from '../../local/sns/http-delivery.ts';
import { DELIVERY_POLICY } from '../../lambdas/core/delivery-policy.ts';
import { fixtureInput } from '../support/fixture.ts';
import { ADMIN_TOKEN, PRESS_TOKEN, api, startTestRuntime } from '../support/runtime.ts';
import { quiesce, startMisbehavingPartner, subscribe, subscribedPartner, until, type MisbehavingPartner } from './support.ts';

const policy = DELIVERY_POLICY.healthyRetryPolicy;
/** The policy's 45 minutes in 13 s: the back-off stays measurable (1 s → 5 ms, 60 s → 300 ms). */
const TIME_SCALE = 0.005;
const TIMEOUT_MS = 300;
/** Past the immediate retries and the pre-backoff ones, so the erroring partner meets the back-off. */
const ERRORING_FAILURES = policy.numNoDelayRetries + policy.numMinDelayRetries + 3;

let runtime: Runtime;
let healthy: RunningReceiver;
const misbehaving: MisbehavingPartner[] = [];
let erroring: MisbehavingPartner;
let hanging: MisbehavingPartner;
let dead: MisbehavingPartner;
/** When the healthy partner had the notification, on the clock the partners' attempts are timed by. */
let healthyServedAt: number | undefined;

beforeAll(async () => {
  runtime = await startTestRuntime({ delivery: { timeScale: TIME_SCALE, timeoutMs: TIMEOUT_MS } });
  healthy = await subscribedPartner(runtime, {}, () => {
    healthyServedAt ??= performance.now();
  });
  erroring = await startMisbehavingPartner('500', ERRORING_FAILURES);
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

test('failing partners are retried with back-off; the healthy one is served at once; the dead one is dead-lettered', { timeout: 90_000 }, async () => {
  const response = await api(runtime)('/v1/releases', { method: 'POST', token: PRESS_TOKEN, json: fixtureInput() });
  expect(response.status).toBe(201);
  const { id } = await response.json();

  await until(() => healthy.notifications.length === 1, 'the healthy partner');
  expect(healthy.notifications[0]!.event.release.id).toBe(id);

  await until(() => erroring.delivered.size === 1 && hanging.delivered.size === 1, 'the failing partners to be served');
  // The healthy one was served while the others still failed: the erroring one succeeds only
  // after back-off, the hanging one's first attempt waits out its timeout. Compared by when each
  // happened, not by what a poll saw, which a busy machine can make late.
  const servedAt = (partner: MisbehavingPartner) => [...partner.attempts.values()][0]!.at(-1)!;
  expect(healthyServedAt).toBeDefined();
  for (const partner of [erroring, hanging]) expect(servedAt(partner)).toBeGreaterThan(healthyServedAt!);
  const maxAttempts = 1 + policy.numRetries;
  await until(() => dead.attempts.size === 1 && dead.attempts.values().next().value!.length === maxAttempts, 'the dead partner to be given up on', 60_000);
  await quiesce(runtime);
  await runtime.engines.deadLetters.idle();

  const [erroringAttempts] = [...erroring.attempts.values()];
  const [hangingAttempts] = [...hanging.attempts.values()];
  const [deadAttempts] = [...dead.attempts.values()];
  // Failures and then the one success, each notification delivered exactly once.
  expect(erroringAttempts).toHaveLength(ERRORING_FAILURES + 1);
  expect(hangingAttempts).toHaveLength(2 + 1);
  expect([...erroring.delivered.values(), ...hanging.delivered.values()]).toEqual([1, 1]);
  // Given up after the policy's retries, not retried for ever, and recorded against its subscription.
  expect(deadAttempts).toHaveLength(maxAttempts);
  expect(dead.delivered.size).toBe(0);
  expect(runtime.engines.sns.deliveries.stats.failed).toBe(1);
  const subscriptions = (await (await api(runtime)('/v1/subscriptions', { token: ADMIN_TOKEN })).json()).items as Array<{ id: string; endpoint: string }>;
  const deadSubscription = subscriptions.find((s) => s.endpoint === dead.url)!;
  const shown = await (await api(runtime)(`/v1/subscriptions/${deadSubscription.id}`, { token: ADMIN_TOKEN })).json();
  expect(shown.failedDeliveries.map((f: { eventId: string }) => f.eventId)).toEqual([`${id}.1.published`]);

  // Back-off: each retry comes at least its scheduled delay after the attempt before it (a
  // hanging one first runs into the timeout), less the jitter, which shortens a delay by up to
  // a fifth. Lower bounds only, which timers guarantee: nothing depends on the machine being fast.
  const gaps = (times: number[]) => times.slice(1).map((t, i) => t - times[i]!);
  // random() = 1: the most a jitter takes off.
  const mostJitter = () => 1;
  for (const attempts of [erroringAttempts!, hangingAttempts!, deadAttempts!]) {
    gaps(attempts).forEach((gap, i) => expect(gap).toBeGreaterThanOrEqual(policyRetryDelayMs(i + 1, policy, TIME_SCALE, mostJitter)! - 2));
  }
  // And it does back off: the dead partner's last retries are far apart, its first ones not.
  const deadGaps = gaps(deadAttempts!);
  expect(Math.min(...deadGaps.slice(-10))).toBeGreaterThan(Math.max(...deadGaps.slice(0, 3)));

  // The healthy partner got it once, and nothing else was sent to it meanwhile.
  expect(healthy.notifications).toHaveLength(1);
  expect(healthy.rejected).toBe(0);
});
