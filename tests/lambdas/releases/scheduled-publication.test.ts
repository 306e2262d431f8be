// Scheduled releases become public by themselves at their instant, on the real engines: the
// notify consumer keeps a one-time schedule per scheduled release in the scheduler engine,
// which invokes the publish-due handler. Partners with embargo access hear of the release
// before; everyone else only once it is public, exactly once.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Runtime } from '../../../local/runtime.ts';
import type { RunningReceiver } from '../../../examples/webhook-receiver/receiver.ts';
import { fixtureInput } from '../../support/fixture.ts';
import { PRESS_TOKEN, api, startTestRuntime, type Api } from '../../support/runtime.ts';
import { allFeedIds, notificationCounts, quiesce, sleep, subscribedPartner, until } from '../../faults/support.ts';

let runtime: Runtime;
let call: Api;
let accredited: RunningReceiver;
let publicPartner: RunningReceiver;

beforeAll(async () => {
  runtime = await startTestRuntime({ scheduling: { retryBaseMs: 50 } });
  call = api(runtime);
  accredited = await subscribedPartner(runtime, { embargo: true });
  // Its filter asks for every type it may: still nothing before a release is public.
  publicPartner = await subscribedPartner(runtime, { types: ['release.published', 'release.updated', 'release.retracted'] });
});
afterAll(async () => {
  await accredited?.stop();
  await publicPartner?.stop();
  await runtime?.stop();
});

const at = (ms: number) => new Date(Date.now() + ms).toISOString();
const post = async (json: Record<string, unknown>) => {
  const response = await call('/v1/releases', { method: 'POST', token: PRESS_TOKEN, json: fixtureInput(json) });
  expect(response.status).toBe(201);
  return response.json();
};
const put = (id: string, version: number, json: Record<string, unknown>) =>
  call(`/v1/releases/${id}`, { method: 'PUT', token: PRESS_TOKEN, json: fixtureInput(json), headers: { 'if-match': `"${version}"` } });
const typesFor = (partner: RunningReceiver, id: string) =>
  partner.notifications.filter(({ event }) => event.release.id === id).map(({ event }) => event.type);
const scheduleOf = (id: string) => runtime.engines.scheduler.schedules().find((schedule) => schedule.name === `release-${id}`);

describe('an embargoed release scheduled a moment ahead', () => {
  let release: Record<string, any>;
  let publicFrom: number;

  test('accredited partners get it whole at once, under embargo; nobody else hears of it', async () => {
    release = await post({ publishedAt: at(2_500), embargo: true, title: 'Embarqo altında' });
    // Due a moment ahead (never after the instant); the publisher waits for the instant itself.
    const schedule = await until(() => scheduleOf(release.id), 'its schedule');
    expect(schedule.dueAt).toBeLessThanOrEqual(Date.parse(release.publishedAt));
    await until(() => typesFor(accredited, release.id).length > 0, 'the embargoed notification');
    const [first] = accredited.notifications.filter((n) => n.event.release.id === release.id);
    expect(first?.event).toMatchObject({ type: 'release.embargoed', embargoUntil: release.publishedAt, release: { id: release.id, body: release.body } });
    await quiesce(runtime);
    expect(typesFor(publicPartner, release.id)).toEqual([]);
    expect((await call(`/v1/releases/${release.id}`)).status).toBe(404);
    expect(await allFeedIds(runtime)).not.toContain(release.id);
  });

  test('at its instant it is public by itself, never earlier, and published is told once', async () => {
    publicFrom = await until(async () => ((await call(`/v1/releases/${release.id}`)).status === 200 ? Date.now() : undefined), 'the release to be public');
    const published = await (await call(`/v1/releases/${release.id}`)).json();
    expect(published).toMatchObject({ status: 'published', version: 2, publishedAt: release.publishedAt, embargo: false });
    expect(publicFrom).toBeGreaterThanOrEqual(Date.parse(release.publishedAt));
    await until(async () => (await allFeedIds(runtime))?.includes(release.id), 'the feeds to list it');
    await quiesce(runtime);
    expect(typesFor(accredited, release.id)).toEqual(['release.embargoed', 'release.published']);
    expect(typesFor(publicPartner, release.id)).toEqual(['release.published']);
    // The schedule deleted itself after it ran.
    expect(scheduleOf(release.id)).toBeUndefined();
  });
});

describe('a scheduled release moved on before its time', () => {
  test('rescheduling moves its schedule; back to draft removes it and cancels the embargo', async () => {
    const release = await post({ publishedAt: at(3_600_000), embargo: true });
    await until(() => scheduleOf(release.id), 'its schedule');
    const later = at(7_200_000);
    expect((await put(release.id, 1, { publishedAt: later, embargo: true })).status).toBe(200);
    // A minute ahead of the instant, as Scheduler's minute of precision needs.
    await until(() => scheduleOf(release.id)?.dueAt === Math.floor(Date.parse(later) / 1000) * 1000 - 60_000, 'the schedule to move');
    expect((await put(release.id, 2, { status: 'draft', publishedAt: later })).status).toBe(200);
    await until(() => !scheduleOf(release.id), 'the schedule to go');
    await quiesce(runtime);
    expect(typesFor(accredited, release.id)).toEqual(['release.embargoed', 'release.embargoed', 'release.embargo-cancelled']);
    expect(typesFor(publicPartner, release.id)).toEqual([]);
  });

  test('deleting an embargoed release tells accredited partners it is cancelled', async () => {
    const release = await post({ publishedAt: at(3_600_000), embargo: true });
    await until(() => scheduleOf(release.id), 'its schedule');
    expect((await call(`/v1/releases/${release.id}`, { method: 'DELETE', token: PRESS_TOKEN })).status).toBe(204);
    await until(() => !scheduleOf(release.id), 'the schedule to go');
    await quiesce(runtime);
    expect(typesFor(accredited, release.id)).toEqual(['release.embargoed', 'release.embargo-cancelled']);
  });
});

describe('races with the instant', () => {
  test('a correction racing with the due instant: one of them wins, the release is published once', async () => {
    const release = await post({ publishedAt: at(1_000) });
    await until(() => scheduleOf(release.id), 'its schedule');
    await sleep(Math.max(0, Date.parse(release.publishedAt) - Date.now()));
    const response = await put(release.id, 1, { publishedAt: release.publishedAt, title: 'Son anda düzəliş' });
    expect([200, 409]).toContain(response.status);
    const final = await until(async () => {
      const current = await (await call(`/v1/releases/${release.id}`)).json();
      return current.status === 'published' ? current : undefined;
    }, 'the release to be public');
    expect(final.publishedAt).toBe(release.publishedAt);
    await quiesce(runtime);
    expect(notificationCounts(publicPartner).get(`${release.id} v${final.version} release.published`) ?? 0).toBe(1);
    expect(typesFor(publicPartner, release.id).filter((type) => type === 'release.published')).toHaveLength(1);
  });

  test('a reschedule racing with the due instant: published once, at the instant that won', async () => {
    const release = await post({ publishedAt: at(1_000) });
    await until(() => scheduleOf(release.id), 'its schedule');
    await sleep(Math.max(0, Date.parse(release.publishedAt) - Date.now() - 5));
    const moved = at(1_500);
    const response = await put(release.id, 1, { publishedAt: moved });
    const expectedInstant = response.status === 200 ? moved : release.publishedAt;
    if (response.status !== 200) expect(response.status).toBe(409);
    const final = await until(async () => {
      const current = await (await call(`/v1/releases/${release.id}`)).json();
      return current.status === 'published' ? current : undefined;
    }, 'the release to be public');
    expect(final.publishedAt).toBe(expectedInstant);
    await quiesce(runtime);
    expect(typesFor(publicPartner, release.id).filter((type) => type === 'release.published')).toHaveLength(1);
  });
});

describe('a schedule that was lost', () => {
  // Last in the file: it stops the notify consumer, so no schedule is ever made for this release.
  test('is made up for by the sweep', async () => {
    await runtime.pollers.notify.stop();
    const release = await post({ publishedAt: at(300) });
    await sleep(800);
    expect(scheduleOf(release.id)).toBeUndefined();
    expect((await call(`/v1/releases/${release.id}`)).status).toBe(404);
    expect(await runtime.sweepDue()).toBe(1);
    const published = await (await call(`/v1/releases/${release.id}`)).json();
    expect(published).toMatchObject({ status: 'published', publishedAt: release.publishedAt });
    expect(await runtime.sweepDue()).toBe(0);
  });
});
