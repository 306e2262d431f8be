// Concurrency faults on the real engines: corrections racing on one version, and one
// Idempotency-Key sent many times at once. Each must end in exactly one write and, for the
// partner, exactly one notification per version.
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Runtime } from '../../local/runtime.ts';
import type { RunningReceiver } from '../../examples/webhook-receiver/receiver.ts';
import { fixtureInput } from '../support/fixture.ts';
import { PRESS_TOKEN, api, startTestRuntime, type Api } from '../support/runtime.ts';
import { allFeedIds, notificationCounts, quiesce, storedReleases, subscribedPartner, until } from './support.ts';

let runtime: Runtime;
let call: Api;
let partner: RunningReceiver;

beforeAll(async () => {
  runtime = await startTestRuntime();
  call = api(runtime);
  partner = await subscribedPartner(runtime);
});
afterAll(async () => {
  await partner?.stop();
  await runtime?.stop();
});

const ROUNDS = 6;

test('two corrections racing on the same version: one 200, one 409, the winner stored, every round', async () => {
  const created = await call('/v1/releases', { method: 'POST', token: PRESS_TOKEN, json: fixtureInput({ title: 'Racing, round 0' }) });
  expect(created.status).toBe(201);
  const { id } = await created.json();

  for (let round = 1; round <= ROUNDS; round++) {
    const titles = [`Round ${round}, correction A`, `Round ${round}, correction B`];
    const responses = await Promise.all(
      titles.map((title) =>
        call(`/v1/releases/${id}`, { method: 'PUT', token: PRESS_TOKEN, headers: { 'if-match': `"${round}"` }, json: fixtureInput({ title }) }),
      ),
    );
    const statuses = responses.map((r) => r.status);
    expect(statuses.toSorted(), `round ${round}: ${statuses.join(', ')}`).toEqual([200, 409]);
    const winner = responses.findIndex((r) => r.status === 200);
    const won = await responses[winner]!.json();
    const lost = await responses[1 - winner]!.json();
    expect(won).toMatchObject({ id, version: round + 1, title: titles[winner] });
    expect(lost.error.code).toBe('conflict');

    // No lost update: what is stored is the winner's correction, at the next version.
    const stored = await call(`/v1/releases/${id}`);
    expect(stored.headers.get('etag')).toBe(`"${round + 1}"`);
    expect(await stored.json()).toMatchObject({ version: round + 1, title: titles[winner] });
  }

  const [release] = (await storedReleases(runtime)).filter((r) => r.id === id);
  expect(release?.version).toBe(ROUNDS + 1);
  // The partner hears of every version once: the published one and each round's winner.
  await until(() => partner.notifications.filter((n) => n.event.release.id === id).length >= ROUNDS + 1, 'every version at the partner');
  await quiesce(runtime);
  const counts = notificationCounts(partner);
  expect([...counts].filter(([key]) => key.startsWith(id))).toEqual([
    [`${id} v1 release.published`, 1],
    ...Array.from({ length: ROUNDS }, (_, i) => [`${id} v${i + 2} release.updated`, 1]),
  ]);
  const last = partner.notifications.filter((n) => n.event.release.id === id).at(-1)!;
  expect(last.event.release).toMatchObject({ version: ROUNDS + 1, title: release!.title });
});

test('the same Idempotency-Key sent 20 times at once: twenty 201s, one release, one notification', async () => {
  const before = await storedReleases(runtime);
  const notifiedBefore = partner.notifications.length;
  const input = fixtureInput({ title: 'Sent twenty times at once' });
  const post = () => call('/v1/releases', { method: 'POST', token: PRESS_TOKEN, headers: { 'idempotency-key': 'twenty-at-once' }, json: input });
  // Twenty transactions at once can keep DynamoDB Local past the client's request timeout on a
  // busy machine: those requests get a 503 with Retry-After, and the client retries them with
  // the same key, as the contract asks. Whatever a timed-out request did, the retry must not
  // make a second release.
  const responses = await Promise.all(
    Array.from({ length: 20 }, async () => {
      let response = await post();
      for (let retry = 0; response.status === 503 && retry < 5; retry++) {
        await new Promise((resolve) => setTimeout(resolve, Number(response.headers.get('retry-after')) * 1000));
        response = await post();
      }
      return response;
    }),
  );
  expect(responses.map((r) => r.status)).toEqual(Array(20).fill(201));
  const bodies = await Promise.all(responses.map((r) => r.json()));
  const ids = new Set(bodies.map((b) => b.id));
  expect(ids.size).toBe(1);
  const [id] = [...ids];
  // One request made the release; the others were answered with its response.
  expect(responses.filter((r) => r.headers.get('idempotent-replayed') !== 'true')).toHaveLength(1);
  expect(new Set(responses.map((r) => r.headers.get('location')))).toEqual(new Set([`/v1/releases/${id}`]));

  const after = await storedReleases(runtime);
  expect(after.length - before.length).toBe(1);
  expect(after.filter((r) => r.title === input.title)).toEqual([expect.objectContaining({ id, version: 1 })]);

  await until(() => partner.notifications.length > notifiedBefore, 'the notification');
  await until(async () => (await allFeedIds(runtime))?.[0] === id, 'the release at the top of all.json');
  await quiesce(runtime);
  expect(partner.notifications.slice(notifiedBefore).map((n) => [n.event.type, n.event.release.id])).toEqual([['release.published', id]]);
  expect(partner.duplicates).toBe(0);
});
