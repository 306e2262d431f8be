// The event log through the local runtime: every event partners are sent is appended once, in
// order, with exactly the body the webhook carries; a reader resumes from its cursor, starts
// from a time, and sees nothing appended behind a cursor it was given, even with appends racing.
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Runtime } from '../../../local/runtime.ts';
import { startWebhookReceiver, type RunningReceiver } from '../../../examples/webhook-receiver/receiver.ts';
import { appendEvent, eventsAfter } from '../../../lambdas/adapters/event-log.ts';
import { LOG_START } from '../../../lambdas/core/event-log.ts';
import { fixtureInput } from '../../support/fixture.ts';
import { ADMIN_TOKEN, PRESS_TOKEN, api, startTestRuntime, type Api } from '../../support/runtime.ts';

let runtime: Runtime;
let call: Api;
let partner: RunningReceiver;

beforeAll(async () => {
  runtime = await startTestRuntime();
  call = api(runtime);
  // The first request with the fresh admin token (so the events function records its use): an
  // empty log is an empty page whose cursor is the start.
  const empty = await call('/v1/events', { token: ADMIN_TOKEN });
  expect(await empty.json()).toEqual({ items: [], nextCursor: Buffer.from(LOG_START).toString('base64url') });
  partner = await startWebhookReceiver({ topicArn: runtime.topicArn, log: () => undefined, allowLocalCertificates: true });
  expect((await call('/v1/subscriptions', { method: 'POST', token: ADMIN_TOKEN, json: { endpoint: partner.url } })).status).toBe(201);
  for (let i = 0; i < 300 && !partner.confirmed; i++) await new Promise((resolve) => setTimeout(resolve, 50));
});
afterAll(async () => {
  await partner?.stop();
  await runtime?.stop();
});

const events = async (query = '', token = ADMIN_TOKEN) => {
  const response = await call(`/v1/events${query}`, { token });
  expect(response.status).toBe(200);
  return response.json();
};
const quiesce = async () => {
  await runtime.settled();
  await runtime.engines.sns.deliveries.idle();
};

test('published, updated and retracted are logged in order, each exactly as the webhook carried it', async () => {
  const created = await (await call('/v1/releases', { method: 'POST', token: PRESS_TOKEN, json: fixtureInput({ publishedAt: undefined }) })).json();
  await quiesce();
  const corrected = await call(`/v1/releases/${created.id}`, {
    method: 'PUT',
    token: PRESS_TOKEN,
    headers: { 'if-match': `"${created.version}"` },
    json: fixtureInput({ publishedAt: undefined, title: 'Corrected title', changeNote: 'Title corrected.' }),
  });
  expect(corrected.status).toBe(200);
  await quiesce();
  expect((await call(`/v1/releases/${created.id}`, { method: 'DELETE', token: PRESS_TOKEN })).status).toBe(200);
  await quiesce();

  const page = await events();
  const ours = page.items.filter((event: { release: { id: string } }) => event.release.id === created.id);
  expect(ours.map((event: { type: string }) => event.type)).toEqual(['release.published', 'release.updated', 'release.retracted']);
  expect(ours.map((event: { eventId: string }) => event.eventId)).toEqual([
    `${created.id}.1.published`,
    `${created.id}.2.updated`,
    `${created.id}.3.retracted`,
  ]);
  const webhooks = partner.notifications.filter(({ event }) => event.release.id === created.id).map(({ event }) => event);
  expect(ours).toEqual(webhooks);
  expect(typeof page.nextCursor).toBe('string');
});

test('a cursor resumes after the last event read; at the end it is the cursor to poll with; since starts from a time', async () => {
  const before = await events();
  const end = before.nextCursor;
  expect((await events(`?after=${end}`)).items).toEqual([]);
  expect((await events(`?after=${end}`)).nextCursor).toBe(end);

  // A `since` ahead of the log (a partner's clock running fast) still gives a cursor that the
  // next event sorts after.
  const ahead = await events(`?since=${encodeURIComponent(new Date(Date.now() + 3_600_000).toISOString())}`);
  expect(ahead.items).toEqual([]);
  const sinceTime = new Date().toISOString();
  const created = await (await call('/v1/releases', { method: 'POST', token: PRESS_TOKEN, json: fixtureInput({ publishedAt: undefined, title: 'After the cursor' }) })).json();
  await quiesce();
  const next = await events(`?after=${end}`);
  expect(next.items.map((event: { eventId: string }) => event.eventId)).toEqual([`${created.id}.1.published`]);
  expect((await events(`?after=${ahead.nextCursor}`)).items.map((event: { eventId: string }) => event.eventId)).toEqual([`${created.id}.1.published`]);
  expect(next.nextCursor).not.toBe(end);
  expect((await events(`?since=${encodeURIComponent(sinceTime)}`)).items.map((event: { eventId: string }) => event.eventId)).toEqual([`${created.id}.1.published`]);

  // Paging: one at a time gives the same sequence as one page.
  const all = (await events('?limit=100')).items.map((event: { eventId: string }) => event.eventId);
  const paged: string[] = [];
  for (let cursor = ''; ; ) {
    const page = await events(`?limit=1${cursor ? `&after=${cursor}` : ''}`);
    if (page.items.length === 0) break;
    paged.push(...page.items.map((event: { eventId: string }) => event.eventId));
    cursor = page.nextCursor;
  }
  expect(paged).toEqual(all);
});

test('appends racing for the next position each get one, in an order no reader sees change; an eventId is appended once', async () => {
  // More than the shards a stream has, so positions are fought over; not more than the append's
  // retry budget is sized for (APPEND_ATTEMPTS), which 40 at once exhausted on a loaded CI machine.
  const ids = Array.from({ length: 16 }, (_, i) => `race-${i}`);
  const outcomes = await runtime.adapters.run(() => Promise.all(ids.map((id) => appendEvent(id, JSON.stringify({ eventId: id }), {}))));
  expect(outcomes.every((outcome) => outcome === 'appended')).toBe(true);
  expect(await runtime.adapters.run(() => appendEvent('race-7', '{}', {}))).toBe('already appended');
  const logged = await runtime.adapters.run(() => eventsAfter(LOG_START, 1000));
  const raced = logged.filter((event) => event.eventId.startsWith('race-'));
  expect(raced.map((event) => event.eventId).sort()).toEqual([...ids].sort());
  const sequences = logged.map((event) => Number(event.sortKey.split('#')[1]));
  // No gaps, no repeats: every position taken exactly once, in sort-key order.
  expect(sequences).toEqual(sequences.map((_, i) => sequences[0]! + i));
});

test('bad queries are 400 naming the field; the log is the admin\'s', async () => {
  for (const [query, field] of [['?limit=0', 'limit'], ['?limit=101', 'limit'], ['?since=yesterday', 'since'], ['?unknown=1', 'unknown']] as const) {
    const response = await call(`/v1/events${query}`, { token: ADMIN_TOKEN });
    expect(response.status, query).toBe(400);
    expect((await response.json()).error.details.map((d: { path: string }) => d.path), query).toContain(field);
  }
  const badCursor = await call('/v1/events?after=bm9wZQ', { token: ADMIN_TOKEN });
  expect(badCursor.status).toBe(400);
  expect((await badCursor.json()).error.details).toEqual([{ path: 'after', message: expect.stringContaining('cursor') }]);
  const both = await call(`/v1/events?after=${(await events()).nextCursor}&since=2026-01-01T00:00:00Z`, { token: ADMIN_TOKEN });
  expect(both.status).toBe(400);
  expect((await call('/v1/events')).status).toBe(401);
  expect((await call('/v1/events', { token: PRESS_TOKEN })).status).toBe(403);
});
