// The SNS engine goes away while releases are posted, corrected and retracted. SNS is not on
// the write path, so the API keeps answering; the notify handler reports the records it could
// not publish, the stream poller retries them with back-off, and once the engine listens again
// each partner gets each version exactly once.
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Runtime } from '../../local/runtime.ts';
import { handler as notify } from '../../lambdas/notify/handler.ts';
import type { RunningReceiver } from '../../examples/webhook-receiver/receiver.ts';
import { fixtureInput } from '../support/fixture.ts';
import { wholeStream } from '../support/stream.ts';
import { ADMIN_TOKEN, PRESS_TOKEN, api, startTestRuntime, type Api } from '../support/runtime.ts';
import { allFeedIds, notificationCounts, quiesce, subscribedPartner, until } from './support.ts';

let runtime: Runtime;
let call: Api;
let everything: RunningReceiver;
let kz: RunningReceiver;

beforeAll(async () => {
  runtime = await startTestRuntime();
  call = api(runtime);
  everything = await subscribedPartner(runtime);
  kz = await subscribedPartner(runtime, { countries: ['KZ'] });
});
afterAll(async () => {
  await runtime?.engines.sns.resume();
  await everything?.stop();
  await kz?.stop();
  await runtime?.stop();
});

test('releases posted while SNS is down reach every partner once it is back, exactly once', async () => {
  // One release before the outage, delivered as usual.
  const before = await post({ title: 'Before the outage', countries: ['KZ'] });
  await until(() => kz.notifications.length === 1 && everything.notifications.length === 1, 'the first release');
  await quiesce(runtime);

  await runtime.engines.sns.pause();
  const health = await fetch(`${runtime.url}/health`);
  expect(health.status).toBe(503);
  expect(await health.json()).toMatchObject({ sns: 'down', dynamodb: 'up', s3: 'up', scheduler: 'up' });
  const failuresBefore = runtime.pollers.notify.stats.failures;

  // The API answers as usual: publishing happens behind the stream, not in the request.
  const kz1 = await post({ title: 'KZ during the outage', countries: ['KZ'] });
  const tr1 = await post({ title: 'TR during the outage', countries: ['TR'] });
  const kz2 = await post({ title: 'KZ and TR during the outage', countries: ['KZ', 'TR'] });
  const corrected = await call(`/v1/releases/${kz1}`, {
    method: 'PUT',
    token: PRESS_TOKEN,
    headers: { 'if-match': '"1"' },
    json: fixtureInput({ title: 'KZ during the outage, corrected', countries: ['KZ'] }),
  });
  expect(corrected.status).toBe(200);
  expect((await call(`/v1/releases/${tr1}`, { method: 'DELETE', token: PRESS_TOKEN })).status).toBe(200);
  const correctedBefore = await call(`/v1/releases/${before}`, {
    method: 'PUT',
    token: PRESS_TOKEN,
    headers: { 'if-match': '"1"' },
    json: fixtureInput({ title: 'Before the outage, corrected during it', countries: ['KZ'] }),
  });
  expect(correctedBefore.status).toBe(200);

  // The stream keeps failing the notify batch and retrying it, with back-off.
  await until(() => runtime.pollers.notify.stats.failures >= failuresBefore + 3, 'notify to fail and be retried three times');
  // The handler itself reports the first record it could not publish, by sequence number, and
  // stops there: Lambda retries from it, so the later changes keep their order.
  const pending = (await wholeStream(runtime)).filter((record) => record.dynamodb?.Keys?.pk?.S?.startsWith('release#'));
  const report = await runtime.adapters.run(() => notify({ Records: pending }));
  const failed = report.batchItemFailures.map((f) => f.itemIdentifier);
  // The first release was told before the outage; the next record is the first that fails.
  expect(failed).toEqual([pending[1]?.dynamodb?.SequenceNumber]);
  // The feeds do not wait for SNS.
  await until(async () => (await allFeedIds(runtime))?.includes(kz2), 'the feeds to list the new releases');
  expect(kz.notifications).toHaveLength(1);
  expect(everything.notifications).toHaveLength(1);

  await runtime.engines.sns.resume();
  expect((await fetch(`${runtime.url}/health`)).status).toBe(200);
  const expectedEverything = new Map([
    [`${before} v1 release.published`, 1],
    [`${kz1} v1 release.published`, 1],
    [`${tr1} v1 release.published`, 1],
    [`${kz2} v1 release.published`, 1],
    [`${kz1} v2 release.updated`, 1],
    [`${tr1} v2 release.retracted`, 1],
    [`${before} v2 release.updated`, 1],
  ]);
  const expectedKz = new Map([...expectedEverything].filter(([key]) => !key.startsWith(tr1)));
  await until(
    () => everything.notifications.length >= expectedEverything.size && kz.notifications.length >= expectedKz.size,
    'the partners to catch up',
  );
  await quiesce(runtime);
  expect(notificationCounts(everything)).toEqual(expectedEverything);
  expect(notificationCounts(kz)).toEqual(expectedKz);
  expect(everything.rejected + kz.rejected).toBe(0);
  expect(everything.duplicates + kz.duplicates).toBe(0);

  // The event log has each event once, though notify retried every record many times: the
  // same events the partner was told, each release's versions in order.
  const logged = (await (await call('/v1/events?limit=100', { token: ADMIN_TOKEN })).json()).items as Array<{ eventId: string }>;
  const eventIds = logged.map((event) => event.eventId);
  expect(new Set(eventIds).size).toBe(eventIds.length);
  expect([...eventIds].sort()).toEqual(everything.notifications.map(({ event }) => String(event.eventId)).sort());
  for (const id of [before, kz1, tr1]) expect(eventIds.filter((eventId) => eventId.startsWith(`${id}.`)).map((eventId) => eventId.split('.')[1])).toEqual(['1', '2']);
});

async function post(overrides: Record<string, unknown>): Promise<string> {
  const response = await call('/v1/releases', { method: 'POST', token: PRESS_TOKEN, json: fixtureInput(overrides) });
  expect(response.status).toBe(201);
  return (await response.json()).id;
}
