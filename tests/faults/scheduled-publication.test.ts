// Scheduled publication when things go wrong, on a DynamoDB Local of this file's own (on disk):
// the engine frozen across the due instant, and Pressroom stopped across it. Either way the
// release is published once things are back, with its own instant as publishedAt, and
// partners hear release.published exactly once.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRuntime, type Runtime, type RuntimeOptions } from '../../local/runtime.ts';
import type { RunningReceiver } from '../../examples/webhook-receiver/receiver.ts';
import { fixtureInput } from '../support/fixture.ts';
import { ADMIN_TOKEN, PRESS_TOKEN, api } from '../support/runtime.ts';
import { quiesce, sleep, subscribedPartner, until } from './support.ts';

let dataDir: string;
let runtime: Runtime;
let partner: RunningReceiver;
const options = (): RuntimeOptions => ({
  port: 0,
  dataDir,
  pressToken: PRESS_TOKEN,
  adminToken: ADMIN_TOKEN,
  scheduling: { retryBaseMs: 200 },
  log: () => undefined,
});

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'pressroom-scheduling-'));
  runtime = await startRuntime(options());
  partner = await subscribedPartner(runtime);
});
afterAll(async () => {
  await partner?.stop();
  await runtime?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

async function scheduled(ms: number): Promise<{ id: string; publishedAt: string }> {
  const response = await api(runtime)('/v1/releases', {
    method: 'POST',
    token: PRESS_TOKEN,
    json: fixtureInput({ publishedAt: new Date(Date.now() + ms).toISOString() }),
  });
  expect(response.status).toBe(201);
  const release = await response.json();
  await until(() => runtime.engines.scheduler.schedules().some((s) => s.name === `release-${release.id}`), 'its schedule');
  return release;
}

const published = (id: string) => partner.notifications.filter(({ event }) => event.release.id === id && event.type === 'release.published');

async function publicRelease(id: string) {
  return until(async () => {
    const response = await api(runtime)(`/v1/releases/${id}`).catch(() => undefined);
    return response?.status === 200 ? response.json() : undefined;
  }, 'the release to be public', 60_000);
}

test('DynamoDB frozen across the due instant: published on recovery, told once', { timeout: 90_000 }, async () => {
  const release = await scheduled(2_000);
  const pid = runtime.engines.dynamodb!.pid;
  // SIGSTOP: the engine neither answers nor dies, so requests time out as with a hung database.
  process.kill(pid, 'SIGSTOP');
  try {
    await sleep(Date.parse(release.publishedAt) - Date.now() + 3_000);
  } finally {
    process.kill(pid, 'SIGCONT');
  }
  const after = await publicRelease(release.id);
  expect(after).toMatchObject({ status: 'published', publishedAt: release.publishedAt });
  await quiesce(runtime);
  expect(published(release.id)).toHaveLength(1);
});

test('Pressroom stopped across the due instant: published at the next start, told once', { timeout: 90_000 }, async () => {
  const release = await scheduled(2_000);
  await runtime.stop();
  await sleep(Math.max(0, Date.parse(release.publishedAt) - Date.now() + 500));
  runtime = await startRuntime(options());
  const after = await publicRelease(release.id);
  expect(after).toMatchObject({ status: 'published', publishedAt: release.publishedAt, version: 2 });
  await quiesce(runtime);
  expect(published(release.id)).toHaveLength(1);
  expect(runtime.engines.scheduler.schedules().some((s) => s.name === `release-${release.id}`)).toBe(false);
});
