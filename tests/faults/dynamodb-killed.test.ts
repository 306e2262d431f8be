// DynamoDB Local is killed (SIGKILL) under a load of POSTs and started again on the same port
// and data. Meanwhile requests are answered 503 in the JSON error shape; afterwards the
// runtime, never restarted itself, answers again and its stream pollers resume. Every release
// that got a 201 is then in the table, in the feeds and told to the partner exactly once, and
// a client that retried a 503 with the same Idempotency-Key made at most one release.
//
// One allowance, for the engine and not for Pressroom: DynamoDB Local can lose a transaction
// it acknowledged in the last milliseconds before a SIGKILL (docs/DECISIONS.md, "Faults";
// AWS DynamoDB acknowledges only durable writes). Such a release may be missing, but only
// whole (no item, feed entry or notification of it anywhere) and only if its 201 was among
// the last few answered before the kill, or answered after it by the dying engine.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRuntime, type Runtime } from '../../local/runtime.ts';
import type { RunningReceiver } from '../../examples/webhook-receiver/receiver.ts';
import { ADMIN_TOKEN, PRESS_TOKEN, tableItems } from '../support/runtime.ts';
import { allFeedIds, listedIds, notificationCounts, quiesce, sleep, storedReleases, subscribedPartner, until } from './support.ts';

const CLIENTS = 10;
/** 201s to see before the kill, and again after the restart before the load stops. */
const BEFORE_KILL = 40;
const AFTER_RESTART = 40;
/** A client never waits longer than the SDK's timeouts allow (2 attempts × 5 s) plus slack. */
const HANG_MS = 15_000;

let dataDir: string;
let runtime: Runtime;
let partner: RunningReceiver;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'pressroom-faults-'));
  // Its own DynamoDB Local, on disk, so that killing it disturbs no other test file and a
  // restart finds the data again.
  runtime = await startRuntime({ port: 0, dataDir, pressToken: PRESS_TOKEN, adminToken: ADMIN_TOKEN, log: () => undefined });
  partner = await subscribedPartner(runtime);
});
afterAll(async () => {
  await partner?.stop();
  await runtime?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

interface Outcome {
  key: string;
  title: string;
  /** Every status this key was answered with, in order. */
  statuses: number[];
  /** The release id of the final 201. */
  id?: string;
  /** The how-manieth 201 of the run it was. */
  answered?: number;
}

test('DynamoDB Local killed mid-load: 503s meanwhile, then nothing lost and nothing doubled', { timeout: 120_000 }, async ({ annotate }) => {
  const outcomes: Outcome[] = [];
  const anomalies: string[] = [];
  let created = 0;
  let unavailable = 0;
  let stopping = false;
  /** Set when the test fails half-way: clients stop at once instead of retrying on. */
  let abandoned = false;

  // Each client posts releases one after the other, each with its own Idempotency-Key and a
  // title naming the key; a 503 is retried with the same key (and body) until it is a 201.
  async function client(n: number): Promise<void> {
    for (let i = 0; !stopping; i++) {
      const key = `client-${n}-release-${i}`;
      const outcome: Outcome = { key, title: `Load release ${key}`, statuses: [] };
      outcomes.push(outcome);
      const body = JSON.stringify({ title: outcome.title, body: 'Posted under load.', language: 'en', countries: ['KZ'] });
      while (outcome.id === undefined) {
        if (abandoned) return;
        if (outcome.statuses.length > 300) throw new Error(`${key}: still no 201 after 300 attempts`);
        let response: Response;
        try {
          response = await fetch(`${runtime.url}/v1/releases`, {
            method: 'POST',
            headers: { authorization: `Bearer ${PRESS_TOKEN}`, 'content-type': 'application/json', 'idempotency-key': key },
            body,
            signal: AbortSignal.timeout(HANG_MS),
          });
        } catch (error) {
          anomalies.push(`${key}: no answer (${(error as Error).name}: ${(error as Error).message})`);
          return;
        }
        outcome.statuses.push(response.status);
        const answer = (await response.json()) as { id?: string; error?: { code?: string; message?: string } };
        if (response.status === 201) {
          outcome.id = answer.id;
          outcome.answered = ++created;
        } else if (response.status === 503 && answer.error?.code === 'service_unavailable' && typeof answer.error.message === 'string') {
          unavailable++;
          await sleep(100); // as Retry-After asks, only sooner
        } else {
          anomalies.push(`${key}: ${response.status} ${JSON.stringify(answer)}`);
          return;
        }
      }
    }
  }

  const dynamodb = runtime.engines.dynamodb!;
  const oldPid = dynamodb.pid;
  const load = Promise.all(Array.from({ length: CLIENTS }, (_, n) => client(n)));
  let createdAtKill = 0;
  let createdAtRestart = 0;
  try {
    await until(() => created >= BEFORE_KILL || anomalies.length > 0, `${BEFORE_KILL} releases before the kill`);
    createdAtKill = created;
    process.kill(oldPid, 'SIGKILL');
    const unavailableAtKill = unavailable;
    await until(() => unavailable >= unavailableAtKill + 2 * CLIENTS || anomalies.length > 0, 'requests to be refused while DynamoDB is down');
    const health = await fetch(`${runtime.url}/health`);
    expect(health.status).toBe(503);
    expect(await health.json()).toMatchObject({ status: 'unavailable', dynamodb: 'down' });

    await dynamodb.restart();
    expect(dynamodb.pid).not.toBe(oldPid);
    createdAtRestart = created;
    await until(() => created >= createdAtRestart + AFTER_RESTART || anomalies.length > 0, 'the API to create releases again', 60_000);
  } catch (error) {
    abandoned = true;
    throw error;
  } finally {
    stopping = true;
    await load;
  }

  // During the outage: 503s in the error shape, never a 500, never a hang.
  expect(anomalies).toEqual([]);
  expect(unavailable).toBeGreaterThan(0);
  await until(async () => (await fetch(`${runtime.url}/health`)).status === 200, '/health to be 200 again');

  // Every key ended in a 201, those retried after 503s with the same key too.
  expect(outcomes.filter((o) => o.statuses.includes(503)).length).toBeGreaterThan(0);
  expect(outcomes.every((o) => o.id !== undefined && o.statuses.at(-1) === 201)).toBe(true);

  // The table: one release per key, the one its 201 named, and nothing else.
  const stored = await storedReleases(runtime);
  const storedIds = new Set(stored.map((r) => r.id));
  const lostByEngine = outcomes.filter((o) => !storedIds.has(o.id!));
  for (const outcome of outcomes) {
    const titled = stored.filter((r) => r.title === outcome.title).map((r) => r.id);
    expect(titled, outcome.key).toEqual(lostByEngine.includes(outcome) ? [] : [outcome.id]);
  }
  expect(stored).toHaveLength(outcomes.length - lostByEngine.length);
  const items = JSON.stringify(await tableItems(runtime));
  for (const lost of lostByEngine) {
    expect(lost.statuses, lost.key).toEqual([201]);
    // Answered just before the kill, or after it but before the restart: acknowledged by the
    // engine that was killed, in its last moments.
    expect(lost.answered!, `${lost.key} was lost, though answered well before the kill`).toBeGreaterThan(createdAtKill - CLIENTS);
    expect(lost.answered!, `${lost.key} was lost, though answered by the restarted engine`).toBeLessThanOrEqual(createdAtRestart);
    expect(items.includes(lost.id!) || items.includes(lost.key), `${lost.key} left a part of itself behind`).toBe(false);
  }
  if (lostByEngine.length > 0) {
    await annotate(`DynamoDB Local lost ${lostByEngine.length} transaction(s) acknowledged just before the SIGKILL: ${lostByEngine.map((o) => o.key).join(', ')}`);
  }

  // The pollers resumed: the lists and the feeds show every release, and the partner is
  // told of each exactly once.
  const ids = new Set(stored.map((r) => r.id));
  await until(() => new Set(partner.notifications.map((n) => n.event.release.id)).size >= ids.size, 'the partner to hear of every release', 60_000);
  const listed = await listedIds(runtime);
  expect(new Set(listed)).toEqual(ids);
  expect(listed).toHaveLength(ids.size);
  const newest = listed.slice(0, 50); // all.json holds the newest FEED_SIZE (50)
  await until(async () => JSON.stringify(await allFeedIds(runtime)) === JSON.stringify(newest), 'all.json to list the newest releases', 60_000);
  await quiesce(runtime);
  expect(notificationCounts(partner)).toEqual(new Map([...ids].map((id) => [`${id} v1 release.published`, 1])));
  expect(partner.rejected).toBe(0);
  // The receiver would drop a resend of an event (same eventId); none was sent.
  expect(partner.duplicates).toBe(0);
});
