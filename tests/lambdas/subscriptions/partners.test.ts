// Partners with their own tokens: each reads the event log as its subscription's filter sees it
// (embargo events only when accredited), sees its own subscription, and a redelivery reaches
// the one subscription it is for, signed by SNS like every delivery, while two others with the
// same or a wider filter hear nothing.
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Runtime } from '../../../local/runtime.ts';
import { startWebhookReceiver, type RunningReceiver } from '../../../examples/webhook-receiver/receiver.ts';
import { fixtureInput } from '../../support/fixture.ts';
import { expectValidNinjs } from '../../support/ninjs-schema.ts';
import { ADMIN_TOKEN, PRESS_TOKEN, api, startTestRuntime, type Api } from '../../support/runtime.ts';

let runtime: Runtime;
let call: Api;
interface Partner {
  receiver: RunningReceiver;
  id: string;
  token: string;
}
/** a and b follow Kazakhstan; c follows everything, embargoes included (accredited). */
const partners: Record<'a' | 'b' | 'c', Partner> = {} as never;
let kz: { id: string };
let az: { id: string };
let embargoed: { id: string };

const quiesce = async () => {
  await runtime.settled();
  await runtime.engines.sns.deliveries.idle();
};
const eventIdsOf = (page: { items: Array<{ eventId: string }> }) => page.items.map((event) => event.eventId);
async function logAs(token: string, query = '') {
  const response = await call(`/v1/events${query}`, { token });
  expect(response.status).toBe(200);
  return response.json();
}

beforeAll(async () => {
  runtime = await startTestRuntime();
  call = api(runtime);
  const filters = { a: { countries: ['KZ'] }, b: { countries: ['KZ'] }, c: { embargo: true } } as const;
  for (const [name, filter] of Object.entries(filters) as Array<[keyof typeof filters, (typeof filters)[keyof typeof filters]]>) {
    const receiver = await startWebhookReceiver({ topicArn: runtime.topicArn, log: () => undefined, allowLocalCertificates: true });
    const response = await call('/v1/subscriptions', { method: 'POST', token: ADMIN_TOKEN, json: { endpoint: receiver.url, ...filter } });
    expect(response.status).toBe(201);
    const body = await response.json();
    expect(body.token).toMatch(/^prs_partner_/);
    partners[name] = { receiver, id: body.id, token: body.token };
  }
  for (let i = 0; i < 300 && !Object.values(partners).every((p) => p.receiver.confirmed); i++) await new Promise((r) => setTimeout(r, 50));
  const post = async (input: Record<string, unknown>) => (await call('/v1/releases', { method: 'POST', token: PRESS_TOKEN, json: fixtureInput(input) })).json();
  kz = await post({ countries: ['KZ'], officials: [], publishedAt: undefined, title: 'About Kazakhstan' });
  az = await post({ countries: ['AZ'], officials: [], publishedAt: undefined, title: 'About Azerbaijan' });
  embargoed = await post({ countries: ['KZ'], officials: [], publishedAt: new Date(Date.now() + 3_600_000).toISOString(), embargo: true, title: 'Under embargo' });
  await quiesce();
});
afterAll(async () => {
  for (const partner of Object.values(partners)) await partner.receiver?.stop();
  await runtime?.stop();
});

test("a partner token lists only the events its filter matches; embargo events only for an accredited partner; the admin sees all", async () => {
  const ours = (ids: string[]) => ids.filter((id) => [kz.id, az.id, embargoed.id].some((release) => id.startsWith(release)));
  expect(ours(eventIdsOf(await logAs(partners.a.token)))).toEqual([`${kz.id}.1.published`]);
  expect(ours(eventIdsOf(await logAs(partners.c.token)))).toEqual([`${kz.id}.1.published`, `${az.id}.1.published`, `${embargoed.id}.1.embargoed`]);
  expect(ours(eventIdsOf(await logAs(ADMIN_TOKEN)))).toEqual([`${kz.id}.1.published`, `${az.id}.1.published`, `${embargoed.id}.1.embargoed`]);
  // What it lists is what SNS delivered to it.
  expect(partners.a.receiver.notifications.map((n) => n.event.eventId)).toEqual([`${kz.id}.1.published`]);
});

test('a filtered page reads on past what it skips: its cursor moves, and a page of one is the next match', async () => {
  const first = await logAs(partners.a.token, '?limit=1');
  expect(eventIdsOf(first)).toEqual([`${kz.id}.1.published`]);
  const rest = await logAs(partners.a.token, `?after=${first.nextCursor}`);
  expect(rest.items).toEqual([]);
  // The cursor is past the AZ and embargo events it skipped: the admin sees nothing of ours after it.
  const adminAfter = eventIdsOf(await logAs(ADMIN_TOKEN, `?after=${rest.nextCursor}`));
  expect(adminAfter.filter((id) => id.startsWith(az.id) || id.startsWith(embargoed.id))).toEqual([]);
});

test('format=ninjs gives each event with its release as a valid ninjs 2.0 document', async () => {
  const page = await logAs(partners.c.token, '?format=ninjs');
  const embargo = page.items.find((event: { eventId: string }) => event.eventId === `${embargoed.id}.1.embargoed`);
  const published = page.items.find((event: { eventId: string }) => event.eventId === `${kz.id}.1.published`);
  expect(expectValidNinjs(embargo.release)).toMatchObject({ pubstatus: 'withheld', embargoed: expect.any(String) });
  // Under embargo the body travels, so the document has it; a published event carries none.
  expect(embargo.release.bodies[0].contenttype).toBe('text/html');
  expect(expectValidNinjs(published.release)).toMatchObject({ pubstatus: 'usable', headlines: [{ value: 'About Kazakhstan' }] });
  expect(published.release.bodies).toBeUndefined();
  expect(published.type).toBe('release.published');
});

test('a partner sees its own subscription, with no failed deliveries so far', async () => {
  const response = await call(`/v1/subscriptions/${partners.a.id}`, { token: partners.a.token });
  expect(response.status).toBe(200);
  expect(await response.json()).toMatchObject({ id: partners.a.id, status: 'confirmed', filterPolicy: { countries: ['KZ'] }, failedDeliveries: [] });
  expect((await call(`/v1/subscriptions/${partners.b.id}`, { token: partners.a.token })).status).toBe(404);
});

test('a redelivery reaches only the subscription it is for, signed, with the same eventId', async () => {
  const before = Object.fromEntries(Object.entries(partners).map(([name, p]) => [name, p.receiver.duplicates]));
  const response = await call(`/v1/subscriptions/${partners.b.id}/redeliver`, {
    method: 'POST',
    token: ADMIN_TOKEN,
    json: { eventIds: [`${kz.id}.1.published`] },
  });
  expect(response.status).toBe(202);
  expect(await response.json()).toEqual({ redelivered: 1, eventIds: [`${kz.id}.1.published`] });
  await quiesce();
  // b had it already: the receiver verified the signature and acknowledged the same eventId as a duplicate.
  expect(partners.b.receiver.duplicates).toBe(before.b! + 1);
  expect(partners.b.receiver.rejected).toBe(0);
  // a has the same filter and c a wider one: neither hears a redelivery meant for b.
  expect(partners.a.receiver.duplicates).toBe(before.a);
  expect(partners.c.receiver.duplicates).toBe(before.c);
});

test('since redelivers what the filter matches since then, never an event the subscription was not entitled to', async () => {
  const response = await call(`/v1/subscriptions/${partners.a.id}/redeliver`, {
    method: 'POST',
    token: ADMIN_TOKEN,
    json: { since: new Date(Date.now() - 3_600_000).toISOString() },
  });
  expect(response.status).toBe(202);
  const body = await response.json();
  expect(body.eventIds.filter((id: string) => id.startsWith(az.id) || id.startsWith(embargoed.id))).toEqual([]);
  expect(body.eventIds).toContain(`${kz.id}.1.published`);
});

test('bad redeliveries are 400s naming the field, and send nothing', async () => {
  const redeliver = (id: string, json: unknown) => call(`/v1/subscriptions/${id}/redeliver`, { method: 'POST', token: ADMIN_TOKEN, json });
  const cases: Array<[string, unknown, string]> = [
    [partners.a.id, { eventIds: [`${az.id}.1.published`] }, 'eventIds[0]'],
    [partners.a.id, { eventIds: [`${embargoed.id}.1.embargoed`] }, 'eventIds[0]'],
    [partners.a.id, { eventIds: [`${kz.id}.1.published`, 'no-such-event'] }, 'eventIds[1]'],
    [partners.a.id, { since: '2020-01-01T00:00:00Z', eventIds: [`${kz.id}.1.published`] }, 'since'],
    [partners.a.id, {}, ''],
    [partners.a.id, { since: 'yesterday' }, 'since'],
  ];
  const sentBefore = runtime.engines.sns.counters.published;
  for (const [id, json, path] of cases) {
    const response = await redeliver(id, json);
    expect(response.status, JSON.stringify(json)).toBe(400);
    expect((await response.json()).error.details.map((d: { path: string }) => d.path)).toContain(path);
  }
  expect(runtime.engines.sns.counters.published).toBe(sentBefore);
  expect((await redeliver('01ARZ3NDEKTSV4RRFFQ69G5FAV', { since: '2020-01-01T00:00:00Z' })).status).toBe(404);
});
