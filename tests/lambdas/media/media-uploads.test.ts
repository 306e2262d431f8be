// A press officer's upload through the local runtime, on the real engines: ask for an upload,
// send the file with the presigned form straight to the object store, and follow the media item
// as the object-created notification has it processed. Nothing of it is public yet.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { HeadObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import type { Runtime } from '../../../local/runtime.ts';
import { mediaItem, pdf, photo, sendUpload } from '../../support/media.ts';
import { ADMIN_TOKEN, PRESS_TOKEN, api, startTestRuntime, tableItems, type Api } from '../../support/runtime.ts';

let runtime: Runtime;
let call: Api;

beforeAll(async () => {
  runtime = await startTestRuntime({ uploads: { retryBaseMs: 20 } });
  call = api(runtime);
});
afterAll(() => runtime?.stop());

const ask = (json: Record<string, unknown>, token = PRESS_TOKEN) => call('/v1/media', { method: 'POST', token, json });

const send = (upload: { url: string; fields: Record<string, string> }, bytes: Buffer, type = 'image/jpeg') => sendUpload(upload, bytes, type);
const settled = (id: string) => mediaItem(runtime, id);

test('a photo: asked for, uploaded with the form, processed into renditions; nothing of it is public', async () => {
  const bytes = await photo(2000, 1500);
  const asked = await ask({ filename: 'Speaker meets delegation.jpg', contentType: 'image/jpeg', bytes: bytes.length });
  expect(asked.status).toBe(201);
  const created = await asked.json();
  expect(asked.headers.get('location')).toBe(`/v1/media/${created.id}`);
  expect(created).toMatchObject({ status: 'awaiting upload', filename: 'Speaker meets delegation.jpg', bytes: bytes.length, renditions: [] });
  expect(created.upload.method).toBe('POST');
  expect(Date.parse(created.upload.expiresAt)).toBeGreaterThan(Date.now());
  // The API announced the upload and kept nothing of the limit or the declared type in its answer.
  expect(created).not.toHaveProperty('maxBytes');

  expect((await call(`/v1/media/${created.id}`, { token: PRESS_TOKEN }).then((r) => r.json())).status).toBe('awaiting upload');
  expect((await send(created.upload, bytes)).status).toBe(204);

  const media = await settled(created.id);
  expect(media).toMatchObject({ id: created.id, status: 'ready', kind: 'image', mimeType: 'image/jpeg', width: 2000, height: 1500 });
  expect(media.renditions.map((r: { name: string }) => r.name).sort()).toEqual(['1600.jpg', '1600.webp', '400.jpg', '400.webp', '800.jpg', '800.webp', 'full.jpg'].sort());
  const full = media.renditions.find((r: { name: string }) => r.name === 'full.jpg');
  expect(full).toMatchObject({ width: 2000, height: 1500, mimeType: 'image/jpeg', url: `${runtime.url}/media/${created.id}/full.jpg` });

  // What was uploaded is gone; the renditions wait privately in the uploads bucket.
  const { client } = runtime.engines.s3;
  const { Contents = [] } = await client.send(new ListObjectsV2Command({ Bucket: runtime.settings.uploadsBucket! }));
  expect(Contents.map((o) => o.Key).sort()).toEqual(media.renditions.map((r: { name: string }) => `renditions/${created.id}/${r.name}`).sort());
  const head = await client.send(new HeadObjectCommand({ Bucket: runtime.settings.uploadsBucket!, Key: `renditions/${created.id}/800.webp` }));
  expect(head.ContentType).toBe('image/webp');
  // Until a release using it is public, the public URL is a 404.
  for (const rendition of media.renditions) expect((await fetch(rendition.url)).status, rendition.name).toBe(404);
});

test('a file larger than announced is refused by the object store, and the media item keeps waiting', async () => {
  const bytes = await photo(600, 400);
  const created = await (await ask({ filename: 'small.jpg', contentType: 'image/jpeg', bytes: bytes.length - 10 })).json();
  const answer = await send(created.upload, bytes);
  expect(answer.status).toBe(400);
  expect(await answer.text()).toContain('EntityTooLarge');
  expect((await settled(created.id)).status).toBe('awaiting upload');
});

test('a file that is not what it says is rejected with a reason, and nothing of it is kept', async () => {
  const bytes = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
  const created = await (await ask({ filename: 'logo.jpg', contentType: 'image/jpeg', bytes: bytes.length })).json();
  expect((await send(created.upload, bytes)).status).toBe(204);
  const media = await settled(created.id);
  expect(media.status).toBe('rejected');
  expect(media.reason).toMatch(/SVG|not a JPEG|not .*accepted/i);
  expect(media.renditions).toEqual([]);
  const { Contents = [] } = await runtime.engines.s3.client.send(
    new ListObjectsV2Command({ Bucket: runtime.settings.uploadsBucket!, Prefix: `uploads/${created.id}` }),
  );
  expect(Contents).toEqual([]);
});

test('a PDF becomes a document with one download', async () => {
  const bytes = await pdf();
  const created = await (await ask({ filename: 'Joint statement.pdf', contentType: 'application/pdf', bytes: bytes.length })).json();
  expect((await send(created.upload, bytes, 'application/pdf')).status).toBe(204);
  const media = await settled(created.id);
  expect(media).toMatchObject({ status: 'ready', kind: 'document', mimeType: 'application/pdf' });
  expect(media.renditions).toHaveLength(1);
  expect(media.renditions[0]).toMatchObject({ mimeType: 'application/pdf', url: `${runtime.url}/media/${created.id}/original.pdf` });
});

describe('refusals write nothing', () => {
  test.each([
    [{ filename: 'a.jpg', contentType: 'image/jpeg' }, 'bytes'],
    [{ filename: 'a.jpg', contentType: 'image/jpeg', bytes: 0 }, 'bytes'],
    [{ filename: 'a.jpg', contentType: 'image/jpeg', bytes: 50 * 1024 * 1024 + 1 }, 'bytes'],
    [{ filename: '../etc/passwd', contentType: 'image/jpeg', bytes: 10 }, 'filename'],
    [{ filename: 'a.jpg', contentType: 'jpeg', bytes: 10 }, 'contentType'],
    [{ filename: 'a.jpg', contentType: 'image/jpeg', bytes: 10, extra: 1 }, 'extra'],
  ])('%j → 400 naming %s', async (json, field) => {
    const before = await tableItems(runtime);
    const response = await ask(json);
    expect(response.status).toBe(400);
    const { error } = await response.json();
    expect(error.details.map((d: { path: string }) => d.path)).toContain(field);
    expect(await tableItems(runtime)).toEqual(before);
  });

  test('without a token 401; the admin token includes the press scope; an unknown id 404', async () => {
    expect((await call('/v1/media', { method: 'POST', json: { filename: 'a.jpg', contentType: 'image/jpeg', bytes: 10 } })).status).toBe(401);
    expect((await ask({ filename: 'a.jpg', contentType: 'image/jpeg', bytes: 10 }, ADMIN_TOKEN)).status).toBe(201);
    expect((await call('/v1/media/01HZX3K6J5Q0000000000000AB')).status).toBe(401);
    expect((await call('/v1/media/01HZX3K6J5Q0000000000000AB', { token: PRESS_TOKEN })).status).toBe(404);
  });
});
