// Partners end to end on the local runtime: subscriptions with filter policies, the notify
// Lambda on the stream, the SNS engine signing and delivering to receivers from examples/.
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Runtime } from '../../local/runtime.ts';
import { handler as notify } from '../../lambdas/notify/handler.ts';
import { startWebhookReceiver, type RunningReceiver } from '../../examples/webhook-receiver/receiver.ts';
import { fixtureInput } from '../support/fixture.ts';
import { wholeStream } from '../support/stream.ts';
import { ADMIN_TOKEN, PRESS_TOKEN, api, startTestRuntime, type Api } from '../support/runtime.ts';
import { ULID_PATTERN } from '../../lambdas/core/ulid.ts';

let runtime: Runtime;
let call: Api;
let kz: RunningReceiver;
let tr: RunningReceiver;

const quiet = () => ({ topicArn: runtime.topicArn, log: () => undefined, allowLocalCertificates: true });

async function until<T>(check: () => T | undefined | false | Promise<T | undefined | false>, what: string, ms = 15_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Everything written so far has gone through the stream and the SNS engine. */
async function quiesce() {
  await runtime.settled();
  await runtime.engines.sns.deliveries.idle();
}

async function subscribe(endpoint: string, filter: Record<string, unknown>) {
  const response = await call('/v1/subscriptions', { method: 'POST', token: ADMIN_TOKEN, json: { endpoint, ...filter } });
  expect(response.status).toBe(201);
  return response.json();
}

beforeAll(async () => {
  runtime = await startTestRuntime({ delivery: { retry: { immediateRetries: 1, minDelayMs: 50, maxDelayMs: 200, maxAttempts: 4 }, timeoutMs: 2_000 } });
  call = api(runtime);
  kz = await startWebhookReceiver(quiet());
  tr = await startWebhookReceiver(quiet());
});
afterAll(async () => {
  await kz?.stop();
  await tr?.stop();
  await runtime?.stop();
});

test('a subscription is created pending, with its filter policy, and confirmed by the receiver', async () => {
  const created = await subscribe(kz.url, { countries: ['KZ'] });
  expect(created).toMatchObject({ endpoint: kz.url, filterPolicy: { countries: ['KZ'] }, status: 'pending confirmation' });
  expect(created.id).toMatch(ULID_PATTERN);
  await subscribe(tr.url, { countries: ['TR'] });
  await until(() => kz.confirmed && tr.confirmed, 'both receivers to confirm');
  const list = await (await call('/v1/subscriptions', { token: ADMIN_TOKEN })).json();
  expect(list.items.map((s: any) => [s.endpoint, s.status])).toEqual(
    expect.arrayContaining([
      [kz.url, 'confirmed'],
      [tr.url, 'confirmed'],
    ]),
  );
});

let releaseId: string;

test('the fixture (KZ, RU, AZ) reaches the KZ partner only, signed and verified', async () => {
  const response = await call('/v1/releases', { method: 'POST', token: PRESS_TOKEN, json: fixtureInput() });
  expect(response.status).toBe(201);
  releaseId = (await response.json()).id;
  await until(() => kz.notifications.length === 1, 'the KZ notification');
  await quiesce();
  expect(tr.notifications).toHaveLength(0);
  expect(kz.rejected).toBe(0);
  const [{ envelope, event }] = kz.notifications as [any];
  expect(envelope).toMatchObject({ Type: 'Notification', SignatureVersion: '2', TopicArn: runtime.topicArn, Subject: 'Pressroom release.published' });
  expect(envelope.MessageAttributes).toEqual({
    eventId: { Type: 'String', Value: `${releaseId}.1.published` },
    type: { Type: 'String', Value: 'release.published' },
    audience: { Type: 'String', Value: 'public' },
    language: { Type: 'String', Value: 'az' },
    // Sorted, whatever the order the release lists them in.
    countries: { Type: 'String.Array', Value: '["AZ","KZ","RU"]' },
    officials: { Type: 'String.Array', Value: '["maulen-ashimbayev","sahibe-qafarova"]' },
  });
  expect(event.type).toBe('release.published');
  expect(event.eventId).toBe(`${releaseId}.1.published`);
  expect(event.release).toMatchObject({ id: releaseId, version: 1, title: fixtureInput().title, status: 'published', countries: ['KZ', 'RU', 'AZ'] });
  expect(event.release.body).toBeUndefined();
  expect(event.feeds['countries/kz'].rss).toBe(`${runtime.url}/feeds/countries/kz.rss`);
  expect(Object.keys(event.feeds)).toEqual(['all', 'countries/kz', 'countries/ru', 'countries/az', 'officials/sahibe-qafarova', 'officials/maulen-ashimbayev']);
});

test('a tampered message is refused by the receiver', async () => {
  const [{ envelope }] = kz.notifications as [any];
  const forged = { ...envelope, Message: envelope.Message.replace('release.published', 'release.retracted') };
  const response = await fetch(kz.url, { method: 'POST', body: JSON.stringify(forged), headers: { 'content-type': 'text/plain; charset=UTF-8' } });
  expect(response.status).toBe(403);
  expect(kz.rejected).toBe(1);
  expect(kz.notifications).toHaveLength(1);
});

test('a correction arrives as release.updated and a retraction as release.retracted', async () => {
  const corrected = await call(`/v1/releases/${releaseId}`, {
    method: 'PUT',
    token: PRESS_TOKEN,
    headers: { 'if-match': '"1"' },
    json: fixtureInput({ title: 'Düzəliş: görüş keçirilib' }),
  });
  expect(corrected.status).toBe(200);
  await until(() => kz.notifications.length === 2, 'the update');
  expect(kz.notifications[1]!.event).toMatchObject({ type: 'release.updated', release: { id: releaseId, version: 2, title: 'Düzəliş: görüş keçirilib' } });
  expect(kz.notifications[1]!.envelope.MessageAttributes?.type?.Value).toBe('release.updated');

  expect((await call(`/v1/releases/${releaseId}`, { method: 'DELETE', token: PRESS_TOKEN })).status).toBe(200);
  await until(() => kz.notifications.length === 3, 'the retraction');
  await quiesce();
  expect(kz.notifications[2]!.event).toMatchObject({ type: 'release.retracted', release: { id: releaseId, version: 3, status: 'retracted' } });
  expect(kz.notifications).toHaveLength(3);
  expect(tr.notifications).toHaveLength(0);
});

test('a redelivered stream batch sends nothing new', async () => {
  await quiesce();
  const published = runtime.engines.sns.counters.published;
  const event = { Records: await wholeStream(runtime) };
  expect(event.Records.length).toBeGreaterThan(3);
  // The same records again, as Lambda would redeliver them after a retried batch.
  expect(await runtime.adapters.run(() => notify(event))).toEqual({ batchItemFailures: [] });
  expect(await runtime.adapters.run(() => notify(event))).toEqual({ batchItemFailures: [] });
  await quiesce();
  expect(runtime.engines.sns.counters.published).toBe(published);
  expect(kz.notifications).toHaveLength(3);
  expect(kz.duplicates).toBe(0);
});

test('an unreachable partner does not hold back another', async () => {
  const flaky = await startWebhookReceiver(quiet());
  await subscribe(flaky.url, { countries: ['KZ'] });
  await until(() => flaky.confirmed, 'the third receiver to confirm');
  await flaky.stop(); // the partner goes down
  const before = kz.notifications.length;
  const response = await call('/v1/releases', { method: 'POST', token: PRESS_TOKEN, json: fixtureInput({ title: 'While a partner is down' }) });
  expect(response.status).toBe(201);
  // The KZ partner gets it while deliveries to the dead endpoint are still being retried.
  await until(() => kz.notifications.length === before + 1, 'the KZ partner despite the dead one');
  expect(runtime.engines.sns.deliveries.stats.inFlight + runtime.engines.sns.deliveries.stats.failed).toBeGreaterThan(0);
});

test('a filter on type and official is honoured', async () => {
  const retractions = await startWebhookReceiver(quiet());
  await subscribe(retractions.url, { types: ['release.retracted'], officials: ['ilham-aliyev'] });
  await until(() => retractions.confirmed, 'the retractions receiver to confirm');
  const created = await (await call('/v1/releases', { method: 'POST', token: PRESS_TOKEN, json: fixtureInput({ officials: ['ilham-aliyev'] }) })).json();
  await call(`/v1/releases/${created.id}`, { method: 'DELETE', token: PRESS_TOKEN });
  await until(() => retractions.notifications.length === 1, 'the retraction');
  await quiesce();
  expect(retractions.notifications.map((n) => n.event.type)).toEqual(['release.retracted']);
  await retractions.stop();
});

test('a correction that drops KZ reaches the KZ partner once more, saying it left KZ; a later correction does not', async () => {
  const az = await startWebhookReceiver(quiet());
  await subscribe(az.url, { countries: ['AZ'] });
  await until(() => az.confirmed, 'the AZ receiver to confirm');
  const heard = (receiver: RunningReceiver, id: string) => receiver.notifications.filter((n) => n.event.release.id === id);
  const correct = async (id: string, version: number, overrides: Record<string, unknown>) => {
    const response = await call(`/v1/releases/${id}`, { method: 'PUT', token: PRESS_TOKEN, headers: { 'if-match': `"${version}"` }, json: fixtureInput(overrides) });
    expect(response.status).toBe(200);
  };

  const { id } = await (await call('/v1/releases', { method: 'POST', token: PRESS_TOKEN, json: fixtureInput({ countries: ['KZ', 'AZ'] }) })).json();
  await until(() => heard(kz, id).length === 1 && heard(az, id).length === 1, 'the publication at both partners');

  await correct(id, 1, { countries: ['AZ'], title: 'Düzəliş: yalnız Azərbaycan' });
  await until(() => heard(kz, id).length === 2 && heard(az, id).length === 2, 'the correction at both partners');
  const [, dropped] = heard(kz, id) as [unknown, any];
  expect(dropped.event).toMatchObject({ type: 'release.updated', release: { version: 2, countries: ['AZ'] }, removed: { countries: ['KZ'], officials: [] } });
  expect(dropped.envelope.MessageAttributes.countries).toEqual({ Type: 'String.Array', Value: '["AZ","KZ"]' });
  // The event log holds the very body the partner was sent, removed included.
  const log = await (await call('/v1/events', { token: ADMIN_TOKEN })).json();
  expect(log.items.find((event: any) => event.eventId === `${id}.2.updated`)).toEqual(dropped.event);

  await correct(id, 2, { countries: ['AZ'], title: 'İkinci düzəliş' });
  await until(() => heard(az, id).length === 3, 'the second correction at the AZ partner');
  await quiesce();
  expect(heard(az, id)[2]!.event).toMatchObject({ type: 'release.updated', release: { version: 3 } });
  expect(heard(az, id)[2]!.event).not.toHaveProperty('removed');
  expect(heard(kz, id)).toHaveLength(2);
  await az.stop();
});

test('DELETE /v1/subscriptions/{id} unsubscribes', async () => {
  const gone = await startWebhookReceiver(quiet());
  const created = await subscribe(gone.url, {});
  await until(() => gone.confirmed, 'confirmation');
  const response = await call(`/v1/subscriptions/${created.id}`, { method: 'DELETE', token: ADMIN_TOKEN });
  expect(response.status).toBe(204);
  const list = await (await call('/v1/subscriptions', { token: ADMIN_TOKEN })).json();
  expect(list.items.map((s: any) => s.id)).not.toContain(created.id);
  await call('/v1/releases', { method: 'POST', token: PRESS_TOKEN, json: fixtureInput() });
  await quiesce();
  expect(gone.notifications).toHaveLength(0);
  expect((await call(`/v1/subscriptions/${created.id}`, { method: 'DELETE', token: ADMIN_TOKEN })).status).toBe(404);
  await gone.stop();
});

test.each([
  ['plain http to a public host', { endpoint: 'http://partner.example.com/hook' }],
  ['not a URL', { endpoint: 'partner' }],
  ['ftp', { endpoint: 'ftp://127.0.0.1/hook' }],
  ['an unknown country', { endpoint: 'http://127.0.0.1:9/hook', countries: ['XX'] }],
  ['an unknown type', { endpoint: 'http://127.0.0.1:9/hook', types: ['release.deleted'] }],
  ['an unknown field', { endpoint: 'http://127.0.0.1:9/hook', region: 'eu' }],
  ['credentials in the URL', { endpoint: 'http://user:pass@127.0.0.1:9/hook' }],
  ['too many combinations', { endpoint: 'http://127.0.0.1:9/hook', countries: ['KZ', 'TR', 'AZ', 'RU', 'UZ', 'KG', 'TM', 'GE', 'AM', 'IR', 'IQ', 'SY', 'DE', 'FR'], officials: ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k'] }],
])('bad subscription input (%s) → 400, no subscription made', async (_name, body) => {
  const before = (await (await call('/v1/subscriptions', { token: ADMIN_TOKEN })).json()).items.length;
  const response = await call('/v1/subscriptions', { method: 'POST', token: ADMIN_TOKEN, json: body });
  expect(response.status).toBe(400);
  expect((await response.json()).error.code).toBe('validation_failed');
  expect((await (await call('/v1/subscriptions', { token: ADMIN_TOKEN })).json()).items.length).toBe(before);
});

test('subscriptions are admin only', async () => {
  expect((await call('/v1/subscriptions', { token: PRESS_TOKEN })).status).toBe(403);
  expect((await call('/v1/subscriptions')).status).toBe(401);
  expect((await call('/v1/subscriptions', { method: 'POST', token: PRESS_TOKEN, json: { endpoint: kz.url } })).status).toBe(403);
});

// CI runs this file once more on the bundles `cdk synth` wrote (PRESSROOM_HANDLER_BUNDLES=cdk.out),
// on Node 24 as Lambda does: this says which code the tests above exercised.
test('every function ran from the code this run was meant to test', () => {
  const bundles = process.env.PRESSROOM_HANDLER_BUNDLES;
  const modules = Object.entries(runtime.handlerModules);
  expect(modules.map(([name]) => name).sort()).toEqual(['alert-digest', 'alert-fanout', 'alert-mail', 'alerts', 'delivery-failures', 'events', 'feeds', 'media', 'notify', 'officials', 'openapi', 'process-media', 'publish-due', 'releases', 'subscriptions']);
  for (const [name, path] of modules) {
    if (bundles) expect(path, name).toMatch(/[/\\]cdk\.out[/\\]asset\.[0-9a-f]{64}[/\\]index\.mjs$/);
    else expect(path, name).toMatch(new RegExp(`[/\\\\]lambdas[/\\\\]${name}[/\\\\]handler\\.ts$`));
  }
});
