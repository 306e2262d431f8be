// Drafts, scheduled and embargoed releases, change notes and minor corrections, through the
// local runtime on the real engines, the way a press office uses them: every transition,
// every refusal (nothing written), and what the public can and cannot see.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ListObjectsV2Command, GetObjectCommand } from '@aws-sdk/client-s3';
import type { Runtime } from '../../../local/runtime.ts';
import { fixtureInput } from '../../support/fixture.ts';
import { ADMIN_TOKEN, PRESS_TOKEN, api, startTestRuntime, tableItems, type Api } from '../../support/runtime.ts';

let runtime: Runtime;
let call: Api;

beforeAll(async () => {
  runtime = await startTestRuntime();
  call = api(runtime);
});
afterAll(() => runtime?.stop());

const inAnHour = () => new Date(Date.now() + 3_600_000).toISOString();
const post = (json: Record<string, unknown>) => call('/v1/releases', { method: 'POST', token: PRESS_TOKEN, json: fixtureInput(json) });
const put = (id: string, version: number, json: Record<string, unknown>) =>
  call(`/v1/releases/${id}`, { method: 'PUT', token: PRESS_TOKEN, json: fixtureInput(json), headers: { 'if-match': `"${version}"` } });
const created = async (json: Record<string, unknown>) => {
  const response = await post(json);
  expect(response.status).toBe(201);
  return response.json();
};

/** Every object the feeds bucket holds, with its text: what the public can be served. */
async function publicObjects(): Promise<string> {
  const { client, bucket } = runtime.engines.s3;
  const { Contents = [] } = await client.send(new ListObjectsV2Command({ Bucket: bucket }));
  const texts = await Promise.all(
    Contents.map(async ({ Key }) => `${Key}\n${await (await client.send(new GetObjectCommand({ Bucket: bucket, Key }))).Body!.transformToString()}`),
  );
  return texts.join('\n');
}

/** Sends a refused request and shows it wrote nothing. */
async function refused(request: () => Promise<Response>, status: number, path?: string) {
  // The stream consumers write their ledgers after earlier requests: let them finish first.
  await runtime.settled();
  const before = await tableItems(runtime);
  const response = await request();
  expect(response.status).toBe(status);
  const body = (await response.json()) as { error: { details?: unknown } };
  if (path) expect(body.error.details).toEqual(expect.arrayContaining([expect.objectContaining({ path })]));
  await runtime.settled();
  expect(await tableItems(runtime)).toEqual(before);
  return body;
}

describe('a draft', () => {
  let draft: Record<string, any>;
  const title = 'Qaralama: hələ dərc olunmayıb';

  test('is created with status "draft" and exists only for the press office', async () => {
    draft = await created({ status: 'draft', title });
    expect(draft).toMatchObject({ status: 'draft', version: 1, embargo: false, changes: [] });
    expect((await call(`/v1/releases/${draft.id}`)).status).toBe(404);
    expect((await call(`/v1/releases/${draft.id}`, { token: PRESS_TOKEN })).status).toBe(200);
    // The same answer as an id that was never used: its existence does not leak.
    const unknown = await (await call('/v1/releases/01H3ABCDEF0123456789XYZKQM')).json();
    const hidden = await (await call(`/v1/releases/${draft.id}`)).json();
    expect(hidden.error.code).toBe(unknown.error.code);
  });

  test('no public list, feed or object carries it; the press office lists it', async () => {
    await runtime.settled();
    const ids = async (path: string, token?: string) =>
      ((await (await call(path, token ? { token } : {})).json()).items as Array<{ id: string }>).map((r) => r.id);
    expect(await ids('/v1/releases')).not.toContain(draft.id);
    expect(await ids('/v1/releases', PRESS_TOKEN)).not.toContain(draft.id);
    expect(await ids('/v1/releases?status=draft', PRESS_TOKEN)).toContain(draft.id);
    const objects = await publicObjects();
    expect(objects).not.toContain(draft.id);
    expect(objects).not.toContain(title);
  });

  test('listing drafts needs the press token', async () => {
    expect((await call('/v1/releases?status=draft')).status).toBe(401);
    expect((await call('/v1/releases?status=published', { token: PRESS_TOKEN })).status).toBe(400);
  });

  test('a draft cannot be under embargo, carry a change note or be a minor fix', async () => {
    await refused(() => put(draft.id, 1, { status: 'draft', embargo: true, publishedAt: inAnHour() }), 400, 'embargo');
    await refused(() => put(draft.id, 1, { status: 'draft', changeNote: 'Düzəliş' }), 400, 'changeNote');
    await refused(() => put(draft.id, 1, { status: 'draft', minor: true }), 400, 'minor');
  });

  test('publishing it with a time in the past is a 400: only a new release is backdated', async () => {
    await refused(() => put(draft.id, 1, { status: 'published', publishedAt: '2020-01-01T00:00:00Z' }), 400, 'publishedAt');
  });

  test('PUT with status "published" and no time publishes it now', async () => {
    const before = Date.now();
    const { publishedAt: _drop, ...withoutTime } = fixtureInput({ status: 'published', title });
    const response = await call(`/v1/releases/${draft.id}`, { method: 'PUT', token: PRESS_TOKEN, json: withoutTime, headers: { 'if-match': '"1"' } });
    expect(response.status).toBe(200);
    const published = await response.json();
    expect(published).toMatchObject({ status: 'published', version: 2 });
    expect(Date.parse(published.publishedAt)).toBeGreaterThanOrEqual(before - 1);
    expect((await call(`/v1/releases/${draft.id}`)).status).toBe(200);
  });
});

describe('a scheduled release', () => {
  test('a future publishedAt schedules it; the press office lists the scheduled soonest first', async () => {
    const later = await created({ publishedAt: new Date(Date.now() + 7_200_000).toISOString() });
    const sooner = await created({ publishedAt: inAnHour() });
    expect(sooner.status).toBe('scheduled');
    expect((await call(`/v1/releases/${sooner.id}`)).status).toBe(404);
    const listed = (await (await call('/v1/releases?status=scheduled', { token: PRESS_TOKEN })).json()).items.map((r: { id: string }) => r.id);
    expect(listed.indexOf(sooner.id)).toBeLessThan(listed.indexOf(later.id));
    expect(listed.indexOf(sooner.id)).toBeGreaterThanOrEqual(0);
  });

  test('under embargo, with a future time only; nothing of it is where the public can read it', async () => {
    const title = 'Embarqo: saat 10:00-a qədər';
    const embargoed = await created({ publishedAt: inAnHour(), embargo: true, title });
    expect(embargoed).toMatchObject({ status: 'scheduled', embargo: true });
    await runtime.settled();
    const objects = await publicObjects();
    expect(objects).not.toContain(embargoed.id);
    expect(objects).not.toContain(title);
    expect((await call(`/v1/releases/${embargoed.id}`)).status).toBe(404);
    await refused(() => post({ embargo: true }), 400, 'embargo');
    await refused(() => post({ embargo: true, status: 'draft', publishedAt: inAnHour() }), 400, 'embargo');
  });

  test('rescheduled, sent back to draft, then deleted: gone for everyone', async () => {
    const scheduled = await created({ publishedAt: inAnHour() });
    const moved = await (await put(scheduled.id, 1, { publishedAt: new Date(Date.now() + 3 * 3_600_000).toISOString() })).json();
    expect(moved).toMatchObject({ status: 'scheduled', version: 2 });
    await refused(() => put(scheduled.id, 2, { publishedAt: '2001-01-01T00:00:00Z' }), 400, 'publishedAt');
    const back = await (await put(scheduled.id, 2, { status: 'draft', publishedAt: moved.publishedAt })).json();
    expect(back).toMatchObject({ status: 'draft', version: 3 });
    await refused(() => call(`/v1/releases/${scheduled.id}`, { method: 'DELETE', token: PRESS_TOKEN, headers: { 'if-match': '"2"' } }), 409);
    const deleted = await call(`/v1/releases/${scheduled.id}`, { method: 'DELETE', token: PRESS_TOKEN });
    expect(deleted.status).toBe(204);
    expect((await call(`/v1/releases/${scheduled.id}`, { token: PRESS_TOKEN })).status).toBe(404);
    const left = (await tableItems(runtime)).filter((item) => item.releaseId === scheduled.id || item.id === scheduled.id);
    expect(left).toEqual([]);
  });
});

describe('corrections of a published release', () => {
  let release: Record<string, any>;

  beforeAll(async () => {
    release = await created({ publishedAt: '2024-03-01T09:00:00+04:00' });
  });

  test('a major correction with a note adds to the public change history', async () => {
    const response = await put(release.id, 1, { publishedAt: release.publishedAt, changeNote: 'Görüşün tarixi düzəldildi.' });
    expect(response.status).toBe(200);
    const corrected = await response.json();
    expect(corrected.version).toBe(2);
    expect(corrected.changes).toEqual([{ at: corrected.updatedAt, note: 'Görüşün tarixi düzəldildi.' }]);
    expect(corrected.updatedAt).not.toBe(release.updatedAt);
    release = corrected;
  });

  test('a minor correction changes the text only: updatedAt and the history stay', async () => {
    const response = await put(release.id, 2, { publishedAt: release.publishedAt, title: `${release.title}.`, minor: true });
    expect(response.status).toBe(200);
    const fixed = await response.json();
    expect(fixed).toMatchObject({ version: 3, updatedAt: release.updatedAt, changes: release.changes, title: `${release.title}.` });
    release = fixed;
  });

  test('a minor correction that changes the audience or the time is refused', async () => {
    await refused(() => put(release.id, 3, { publishedAt: release.publishedAt, countries: ['KZ'], minor: true }), 400, 'minor');
    await refused(() => put(release.id, 3, { publishedAt: '2024-03-02T09:00:00+04:00', minor: true }), 400, 'minor');
    await refused(() => put(release.id, 3, { publishedAt: release.publishedAt, minor: true, changeNote: 'x' }), 400, 'changeNote');
  });

  test('notes are plain text of at most 500 characters; minor and changeNote are for corrections only', async () => {
    await refused(() => put(release.id, 3, { publishedAt: release.publishedAt, changeNote: '<b>x</b>' }), 400, 'changeNote');
    await refused(() => put(release.id, 3, { publishedAt: release.publishedAt, changeNote: 'ə'.repeat(501) }), 400, 'changeNote');
    await refused(() => post({ minor: true }), 400, 'minor');
    await refused(() => post({ changeNote: 'Yeni' }), 400, 'changeNote');
  });

  test('a public release cannot be rescheduled or sent back to draft (409)', async () => {
    await refused(() => put(release.id, 3, { publishedAt: inAnHour() }), 409);
    await refused(() => put(release.id, 3, { publishedAt: release.publishedAt, status: 'draft' }), 409);
  });

  test('a retraction carries its public note; nothing moves a retracted release', async () => {
    await refused(
      () => call(`/v1/releases/${release.id}`, { method: 'DELETE', token: PRESS_TOKEN, json: { note: 'x'.repeat(501) } }),
      400,
      'note',
    );
    const response = await call(`/v1/releases/${release.id}`, { method: 'DELETE', token: PRESS_TOKEN, json: { note: 'Səhvən dərc edilib.' } });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'retracted', retractionNote: 'Səhvən dərc edilib.', version: 4 });
    await refused(() => put(release.id, 4, { publishedAt: release.publishedAt }), 409);
  });

  test('a note on the deletion of a draft is refused: it was never public', async () => {
    const draft = await created({ status: 'draft' });
    await refused(() => call(`/v1/releases/${draft.id}`, { method: 'DELETE', token: ADMIN_TOKEN, json: { note: 'x' } }), 400, 'note');
  });
});
