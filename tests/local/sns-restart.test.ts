// The local SNS engine across a runtime restart on the same data folder: it comes back on the
// same port (links handed out before keep working) and carries on the deliveries that were
// still being retried, so a partner that was down during the restart gets its message, once.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, inject, test } from 'vitest';
import { startRuntime, type Runtime, type RuntimeOptions } from '../../local/runtime.ts';
import { fixtureInput } from '../support/fixture.ts';
import { ADMIN_TOKEN, api, PRESS_TOKEN } from '../support/runtime.ts';
import { startWebhookReceiver, type ReceivedRequest } from './sns/webhook-receiver.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'pressroom-sns-restart-'));
const options: RuntimeOptions = {
  port: 0,
  dataDir,
  dynamoEndpoint: inject('dynamoEndpoint'),
  credentials: inject('localCredentials'),
  tableName: `pressroom-${randomUUID()}`,
  pressToken: PRESS_TOKEN,
  adminToken: ADMIN_TOKEN,
  // Retried every 200 ms for as long as the test needs.
  delivery: { retry: { immediateRetries: 0, minDelayMs: 200, maxDelayMs: 200, maxAttempts: 10_000, jitter: false } },
  log: () => undefined,
};
let runtime: Runtime | undefined;
let partnerUp = true;
/** The notifications the partner answered 200 to: what it took delivery of. */
const accepted: ReceivedRequest[] = [];
const partner = await startWebhookReceiver((request) => {
  if (request.json?.Type !== 'Notification') return 200;
  if (!partnerUp) return 503;
  accepted.push(request);
  return 200;
});
afterAll(async () => {
  await runtime?.stop();
  await partner.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const until = async (check: () => boolean | Promise<boolean>, what: string, ms = 30_000) => {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
};
const notificationsOf = (id: string) => accepted.filter((r) => String(r.json?.Message).includes(id));

test('a message pending for a partner that is down survives the restart and is delivered once', { timeout: 120_000 }, async () => {
  runtime = await startRuntime(options);
  const snsPort = runtime.engines.sns.port;
  const created = await api(runtime)('/v1/subscriptions', { method: 'POST', token: ADMIN_TOKEN, json: { endpoint: partner.url } });
  expect(created.status).toBe(201);
  const confirmation = await partner.waitFor((r) => r.json?.Type === 'SubscriptionConfirmation');
  expect((await fetch(String(confirmation.json!.SubscribeURL))).status).toBe(200);

  partnerUp = false;
  const release = await (await api(runtime)('/v1/releases', { method: 'POST', token: PRESS_TOKEN, json: fixtureInput() })).json();
  const pendingFile = join(dataDir, 'sns', 'pending-deliveries.json');
  await until(() => runtime!.engines.sns.deliveries.stats.attempts >= 2, 'the notification to be retried');
  expect(readFileSync(pendingFile, 'utf8')).toContain(release.id);
  await runtime.stop();
  runtime = undefined;

  runtime = await startRuntime(options);
  expect(runtime.engines.sns.port).toBe(snsPort);
  // Still pending, retried by the new engine.
  await until(() => runtime!.engines.sns.deliveries.stats.attempts >= 1, 'the resumed delivery to be retried');
  partnerUp = true;
  await until(() => notificationsOf(release.id).length >= 1, 'the delivery once the partner is up');
  await until(async () => (await runtime!.engines.sns.deliveries.idle(), true), 'deliveries to settle');
  await runtime.settled();
  expect(notificationsOf(release.id)).toHaveLength(1);
  expect(JSON.parse(readFileSync(pendingFile, 'utf8'))).toEqual([]);
  // The UnsubscribeURL handed out before the restart still reaches the engine.
  const unsubscribeUrl = String(notificationsOf(release.id)[0]!.json!.UnsubscribeURL);
  expect(new URL(unsubscribeUrl).port).toBe(String(snsPort));
});
