// Uploads when things go wrong, on a DynamoDB Local of this file's own with a data folder: an
// upload acknowledged by the object store is processed even though the table was frozen when
// it arrived, and uploads, renditions and public media all survive a restart of Pressroom.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRuntime, type Runtime, type RuntimeOptions } from '../../local/runtime.ts';
import { fixtureInput } from '../support/fixture.ts';
import { mediaItem, photo, sendUpload, uploadMedia } from '../support/media.ts';
import { ADMIN_TOKEN, PRESS_TOKEN, api } from '../support/runtime.ts';
import { sleep, until } from './support.ts';

let dataDir: string;
let runtime: Runtime;
const options = (): RuntimeOptions => ({
  port: 0,
  dataDir,
  pressToken: PRESS_TOKEN,
  adminToken: ADMIN_TOKEN,
  uploads: { retryBaseMs: 500 },
  log: () => undefined,
});

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'pressroom-uploads-faults-'));
  runtime = await startRuntime(options());
});
afterAll(async () => {
  await runtime?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

test('DynamoDB frozen when the upload arrives: the acknowledged upload is processed once it is back', { timeout: 90_000 }, async () => {
  const bytes = await photo(1200, 800);
  const asked = await uploadMedia(runtime, bytes, 'image/jpeg', { send: false });
  const pid = runtime.engines.dynamodb!.pid;
  process.kill(pid, 'SIGSTOP');
  try {
    // The object store does not need the table: the upload is taken, and its notification fails.
    expect((await sendUpload(asked.upload, bytes, 'image/jpeg')).status).toBe(204);
    await sleep(3_000);
  } finally {
    process.kill(pid, 'SIGCONT');
  }
  const media = await until(async () => {
    const item = await mediaItem(runtime, asked.id).catch(() => undefined);
    return item?.status === 'ready' ? item : undefined;
  }, 'the media to be ready', 60_000);
  expect(media.renditions.map((r: { name: string }) => r.name)).toContain('800.webp');
  expect(runtime.engines.s3.notifications.pending).toBe(0);
});

test('uploads, renditions and public media survive a restart of Pressroom', { timeout: 90_000 }, async () => {
  const published = await uploadMedia(runtime, await photo(900, 600), 'image/jpeg');
  const waiting = await uploadMedia(runtime, await photo(700, 500), 'image/jpeg');
  const release = await api(runtime)('/v1/releases', {
    method: 'POST',
    token: PRESS_TOKEN,
    json: fixtureInput({ publishedAt: undefined, images: [{ media: published.id, alt: 'Before the restart' }] }),
  });
  expect(release.status).toBe(201);
  await runtime.settled();
  expect((await fetch(published.renditions[0].url)).status).toBe(200);

  await runtime.stop();
  runtime = await startRuntime(options());
  const call = api(runtime);

  // The old URLs name the old port; the same paths on the new runtime.
  const at = (url: string) => `${runtime.url}${new URL(url).pathname}`;
  expect((await mediaItem(runtime, published.id)).status).toBe('ready');
  expect((await fetch(at(published.renditions[0].url))).status).toBe(200);
  // A photo processed before the restart but not public yet: still private, still usable.
  const kept = await mediaItem(runtime, waiting.id);
  expect(kept.status).toBe('ready');
  expect((await fetch(kept.renditions[0].url)).status).toBe(404);
  const second = await call('/v1/releases', {
    method: 'POST',
    token: PRESS_TOKEN,
    json: fixtureInput({ publishedAt: undefined, images: [{ media: waiting.id, alt: 'After the restart' }] }),
  });
  expect(second.status).toBe(201);
  await runtime.settled();
  expect(await Promise.all(kept.renditions.map(async (r: { url: string }) => (await fetch(r.url)).status))).toEqual(kept.renditions.map(() => 200));
});
