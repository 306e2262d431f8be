// The local object store for uploads and media, through the real SDK: presigned POST uploads
// checked as S3 checks them, the REST calls the media function makes, SigV4 on all of them,
// object-created notifications in Lambda's S3 event shape, and what survives a restart.
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import {
  CopyObjectCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { createPresignedPost, type PresignedPostOptions } from '@aws-sdk/s3-presigned-post';
import type { S3Event } from 'aws-lambda';
import { afterAll, describe, expect, test } from 'vitest';
import { sdkConfig } from '../../lambdas/adapters/sdk-client.ts';
import { newLocalCredentials } from '../../local/credentials.ts';
import { localS3Client } from '../../local/objects/local-s3-client.ts';
import { startObjectStore, type ObjectStoreOptions, type RunningObjectStore } from '../../local/objects/server.ts';
import { startS3Engine } from '../../local/s3-engine.ts';

const UPLOADS = 'uploads';
const MEDIA = 'media';
const credentials = newLocalCredentials();
const events: S3Event[] = [];
const engines: RunningObjectStore[] = [];
const folders: string[] = [];

async function start(options: Partial<ObjectStoreOptions> = {}): Promise<RunningObjectStore> {
  const engine = await startObjectStore({
    buckets: [UPLOADS, MEDIA],
    credentials,
    notify: [{ bucket: UPLOADS, prefix: 'incoming/', id: 'media-processing' }],
    onObjectCreated: (event) => void events.push(event),
    ...options,
  });
  engines.push(engine);
  return engine;
}
afterAll(async () => {
  for (const engine of engines) await engine.stop();
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

const engine = await start();

type Presigned = Awaited<ReturnType<typeof createPresignedPost>>;
const presign = (options: Partial<PresignedPostOptions> & { Key: string }, client: S3Client = engine.client) =>
  createPresignedPost(client as unknown as Parameters<typeof createPresignedPost>[0], {
    Bucket: UPLOADS,
    Conditions: [['content-length-range', 1, 1_000]],
    Expires: 300,
    ...options,
  });

/** Sends the form as a browser does: the fields in order, then the file. */
async function upload(post: Presigned, file: Buffer | string, extraFields: Record<string, string> = {}) {
  const form = new FormData();
  for (const [name, value] of Object.entries({ ...post.fields, ...extraFields })) form.append(name, value);
  form.append('file', new Blob([file]), 'photo.jpg');
  const response = await fetch(post.url, { method: 'POST', body: form });
  return { status: response.status, text: await response.text(), headers: response.headers };
}

const codeOf = (xml: string) => /<Code>([^<]+)<\/Code>/.exec(xml)?.[1];
const exists = (key: string, bucket = UPLOADS) =>
  engine.client.send(new HeadObjectCommand({ Bucket: bucket, Key: key })).then(
    () => true,
    (error: { $metadata?: { httpStatusCode?: number } }) => {
      if (error.$metadata?.httpStatusCode === 404) return false;
      throw error;
    },
  );
const eventsFor = (key: string) => events.filter((e) => e.Records[0]!.s3.object.key === key);

describe('presigned POST uploads', () => {
  test('a signed upload is stored with its fields and notified in the S3 event shape Lambda receives', async () => {
    const key = 'incoming/release-1/photo.jpg';
    const post = await presign({ Key: key, Fields: { 'Content-Type': 'image/jpeg', 'x-amz-meta-officer': 'press-1' } });
    const sent = await upload(post, 'jpeg bytes');
    expect(sent.status).toBe(204);

    const stored = await engine.client.send(new GetObjectCommand({ Bucket: UPLOADS, Key: key }));
    expect(await stored.Body!.transformToString()).toBe('jpeg bytes');
    expect(stored.ContentType).toBe('image/jpeg');
    expect(stored.Metadata).toEqual({ officer: 'press-1' });

    await engine.notifications.idle();
    const [event] = eventsFor(key);
    expect(event).toEqual({
      Records: [
        {
          eventVersion: '2.1',
          eventSource: 'aws:s3',
          awsRegion: 'us-east-1',
          eventTime: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
          eventName: 'ObjectCreated:Post',
          userIdentity: { principalId: `AWS:${credentials.accessKeyId}` },
          requestParameters: { sourceIPAddress: expect.any(String) },
          responseElements: { 'x-amz-request-id': expect.any(String), 'x-amz-id-2': expect.any(String) },
          s3: {
            s3SchemaVersion: '1.0',
            configurationId: 'media-processing',
            bucket: { name: UPLOADS, ownerIdentity: { principalId: `AWS:${credentials.accessKeyId}` }, arn: `arn:aws:s3:::${UPLOADS}` },
            object: { key, size: 10, eTag: stored.ETag!.replaceAll('"', ''), sequencer: expect.stringMatching(/^[0-9A-F]{16,}$/) },
          },
        },
      ],
    });
  });

  test('the event carries the key URL-encoded as S3 writes it', async () => {
    const key = 'incoming/a b+c/ü.jpg';
    expect((await upload(await presign({ Key: key }), 'x')).status).toBe(204);
    await engine.notifications.idle();
    const encoded = 'incoming/a+b%2Bc/%C3%BC.jpg';
    expect(eventsFor(encoded)).toHaveLength(1);
    expect(decodeURIComponent(encoded.replace(/\+/g, ' '))).toBe(key);
  });

  test('success_action_status 201 answers the PostResponse document', async () => {
    const key = 'incoming/201.txt';
    const sent = await upload(await presign({ Key: key, Fields: { success_action_status: '201' } }), 'x');
    expect(sent.status).toBe(201);
    expect(sent.text).toContain(`<Key>${key}</Key>`);
  });

  test('a file over the policy maximum is refused with EntityTooLarge; nothing is stored or notified', async () => {
    const key = 'incoming/too-large.bin';
    const sent = await upload(await presign({ Key: key }), Buffer.alloc(1_001, 7));
    expect(sent.status).toBe(400);
    expect(codeOf(sent.text)).toBe('EntityTooLarge');
    await engine.notifications.idle();
    expect(await exists(key)).toBe(false);
    expect(eventsFor(key)).toHaveLength(0);
  });

  test('a file under the policy minimum is refused with EntityTooSmall', async () => {
    const key = 'incoming/too-small.bin';
    const sent = await upload(await presign({ Key: key, Conditions: [['content-length-range', 10, 100]] }), 'short');
    expect([sent.status, codeOf(sent.text)]).toEqual([400, 'EntityTooSmall']);
    expect(await exists(key)).toBe(false);
  });

  test('a form cut off inside the file is refused (400) and nothing is stored', async () => {
    const key = 'incoming/cut-off.bin';
    const post = await presign({ Key: key });
    const boundary = 'cut-off-boundary';
    const parts = Object.entries(post.fields).map(([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`);
    const body = `${parts.join('')}--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.bin"\r\n\r\nonly the start`;
    const response = await fetch(post.url, { method: 'POST', headers: { 'content-type': `multipart/form-data; boundary=${boundary}` }, body });
    expect(response.status).toBe(400);
    expect(await exists(key)).toBe(false);
  });

  test('a policy changed after signing is refused (403) and nothing is stored', async () => {
    const key = 'incoming/tampered.bin';
    const post = await presign({ Key: key });
    const policy = Buffer.from(post.fields.Policy!, 'base64').toString('utf8').replace('1000', '100000000');
    expect(policy).toContain('100000000');
    const sent = await upload(post, 'x', { Policy: Buffer.from(policy).toString('base64') });
    expect(sent.status).toBe(403);
    expect(await exists(key)).toBe(false);
  });

  test('another key than the signed one is refused (403)', async () => {
    const post = await presign({ Key: 'incoming/signed.bin' });
    const sent = await upload(post, 'x', { key: 'incoming/other.bin' });
    expect([sent.status, codeOf(sent.text)]).toEqual([403, 'AccessDenied']);
    expect(await exists('incoming/other.bin')).toBe(false);
  });

  test('a policy signed with other credentials is refused (403)', async () => {
    const stranger = localS3Client(engine.endpoint, { ...credentials, secretAccessKey: newLocalCredentials().secretAccessKey });
    try {
      const sent = await upload(await presign({ Key: 'incoming/stranger.bin' }, stranger), 'x');
      expect([sent.status, codeOf(sent.text)]).toEqual([403, 'SignatureDoesNotMatch']);
    } finally {
      stranger.destroy();
    }
    expect(await exists('incoming/stranger.bin')).toBe(false);
  });

  test('an expired policy is refused (403)', async () => {
    // Signed by a client whose clock is two hours behind: a five-minute policy expired long ago.
    const late = new S3Client({ ...sdkConfig(engine.endpoint, credentials, { forcePathStyle: true }), systemClockOffset: -2 * 3600_000 });
    try {
      const sent = await upload(await presign({ Key: 'incoming/expired.bin' }, late), 'x');
      expect(sent.status).toBe(403);
      expect(sent.text).toContain('Policy expired');
    } finally {
      late.destroy();
    }
    expect(await exists('incoming/expired.bin')).toBe(false);
  });

  test('a Content-Type other than the one the policy pins is refused (403)', async () => {
    const key = 'incoming/pinned.jpg';
    const post = await presign({ Key: key, Conditions: [['content-length-range', 1, 1_000], ['eq', '$Content-Type', 'image/jpeg']], Fields: { 'Content-Type': 'image/jpeg' } });
    const sent = await upload(post, '<script>', { 'Content-Type': 'text/html' });
    expect([sent.status, codeOf(sent.text)]).toEqual([403, 'AccessDenied']);
    expect(await exists(key)).toBe(false);
    expect((await upload(post, 'jpeg')).status).toBe(204);
  });

  test('a field the policy does not name is refused (403)', async () => {
    const sent = await upload(await presign({ Key: 'incoming/extra.bin' }), 'x', { 'x-amz-meta-smuggled': 'yes' });
    expect(sent.status).toBe(403);
    expect(sent.text).toContain('Extra input fields: x-amz-meta-smuggled');
  });
});

describe('the REST calls of the media function', () => {
  const headers = {
    ContentType: 'image/webp',
    CacheControl: 'public, max-age=31536000, immutable',
    ContentDisposition: 'inline; filename="photo-800.webp"',
    Metadata: { rendition: 'w800' },
  };

  test('PutObject, GetObject and HeadObject keep the headers', async () => {
    await engine.client.send(new PutObjectCommand({ Bucket: MEDIA, Key: 'private/r1/a1/w800.webp', Body: Buffer.from([1, 2, 3]), ...headers }));
    const got = await engine.client.send(new GetObjectCommand({ Bucket: MEDIA, Key: 'private/r1/a1/w800.webp' }));
    expect(Buffer.from(await got.Body!.transformToByteArray())).toEqual(Buffer.from([1, 2, 3]));
    const head = await engine.client.send(new HeadObjectCommand({ Bucket: MEDIA, Key: 'private/r1/a1/w800.webp' }));
    for (const answer of [got, head]) {
      expect(answer).toMatchObject({ ...headers, ContentLength: 3 });
      expect(answer.ETag).toMatch(/^"[0-9a-f]{32}"$/);
    }
  });

  test('a streamed PutObject (aws-chunked, checksum trailer) stores the bytes, not the framing', async () => {
    const body = Readable.from([Buffer.from('first part, '), Buffer.from('second part')]);
    await engine.client.send(new PutObjectCommand({ Bucket: MEDIA, Key: 'streamed.txt', Body: body, ContentLength: 23, ContentType: 'text/plain' }));
    const got = await engine.client.send(new GetObjectCommand({ Bucket: MEDIA, Key: 'streamed.txt' }));
    expect([await got.Body!.transformToString(), got.ContentType, got.ContentEncoding]).toEqual(['first part, second part', 'text/plain', undefined]);
  });

  test('CopyObject copies between buckets, with the headers or replacing them', async () => {
    await engine.client.send(new PutObjectCommand({ Bucket: MEDIA, Key: 'private/r2/a1/w400.webp', Body: 'webp', ...headers }));
    await engine.client.send(new CopyObjectCommand({ Bucket: UPLOADS, Key: 'public/r2/a1/w400.webp', CopySource: `${MEDIA}/private/r2/a1/w400.webp` }));
    const copied = await engine.client.send(new GetObjectCommand({ Bucket: UPLOADS, Key: 'public/r2/a1/w400.webp' }));
    expect(await copied.Body!.transformToString()).toBe('webp');
    expect(copied).toMatchObject(headers);

    await engine.client.send(
      new CopyObjectCommand({ Bucket: MEDIA, Key: 'private/r2/a1/w400 copy.webp', CopySource: `${MEDIA}/${encodeURIComponent('private/r2/a1/w400.webp')}`, MetadataDirective: 'REPLACE', ContentType: 'image/png', CacheControl: 'no-cache' }),
    );
    const replaced = await engine.client.send(new HeadObjectCommand({ Bucket: MEDIA, Key: 'private/r2/a1/w400 copy.webp' }));
    expect([replaced.ContentType, replaced.CacheControl, replaced.ContentDisposition, replaced.Metadata]).toEqual(['image/png', 'no-cache', undefined, {}]);
  });

  test('PutObject and CopyObject into a notified prefix are notified as Put and Copy', async () => {
    await engine.client.send(new PutObjectCommand({ Bucket: UPLOADS, Key: 'incoming/put.pdf', Body: '%PDF' }));
    await engine.client.send(new CopyObjectCommand({ Bucket: UPLOADS, Key: 'incoming/copy.pdf', CopySource: `${UPLOADS}/incoming/put.pdf` }));
    await engine.client.send(new PutObjectCommand({ Bucket: UPLOADS, Key: 'elsewhere/put.pdf', Body: '%PDF' }));
    await engine.notifications.idle();
    expect(eventsFor('incoming/put.pdf').map((e) => e.Records[0]!.eventName)).toEqual(['ObjectCreated:Put']);
    expect(eventsFor('incoming/copy.pdf').map((e) => e.Records[0]!.eventName)).toEqual(['ObjectCreated:Copy']);
    expect(eventsFor('elsewhere/put.pdf')).toHaveLength(0);
  });

  test('ListObjectsV2 lists a prefix in key order, page by page', async () => {
    for (const key of ['list/b', 'list/a', 'list/c/1', 'other/x']) await engine.client.send(new PutObjectCommand({ Bucket: MEDIA, Key: key, Body: key }));
    const all = await engine.client.send(new ListObjectsV2Command({ Bucket: MEDIA, Prefix: 'list/' }));
    expect(all.Contents?.map((o) => [o.Key, o.Size])).toEqual([['list/a', 6], ['list/b', 6], ['list/c/1', 8]]);
    const first = await engine.client.send(new ListObjectsV2Command({ Bucket: MEDIA, Prefix: 'list/', MaxKeys: 2 }));
    expect([first.Contents?.map((o) => o.Key), first.IsTruncated]).toEqual([['list/a', 'list/b'], true]);
    const second = await engine.client.send(new ListObjectsV2Command({ Bucket: MEDIA, Prefix: 'list/', ContinuationToken: first.NextContinuationToken }));
    expect([second.Contents?.map((o) => o.Key), second.IsTruncated]).toEqual([['list/c/1'], false]);
    const folders = await engine.client.send(new ListObjectsV2Command({ Bucket: MEDIA, Prefix: 'list/', Delimiter: '/' }));
    expect([folders.Contents?.map((o) => o.Key), folders.CommonPrefixes?.map((p) => p.Prefix)]).toEqual([['list/a', 'list/b'], ['list/c/']]);
  });

  test('DeleteObject removes the object; HeadObject and GetObject then answer 404', async () => {
    await engine.client.send(new PutObjectCommand({ Bucket: MEDIA, Key: 'gone.txt', Body: 'x' }));
    await engine.client.send(new DeleteObjectCommand({ Bucket: MEDIA, Key: 'gone.txt' }));
    expect(await exists('gone.txt', MEDIA)).toBe(false);
    await expect(engine.client.send(new GetObjectCommand({ Bucket: MEDIA, Key: 'gone.txt' }))).rejects.toMatchObject({ name: 'NoSuchKey' });
  });

  test('requests not signed with the engine credentials are refused (403) and change nothing', async () => {
    await engine.client.send(new PutObjectCommand({ Bucket: MEDIA, Key: 'guarded.txt', Body: 'kept' }));
    const unsigned = await fetch(`${engine.endpoint}/${MEDIA}/guarded.txt`);
    expect([unsigned.status, codeOf(await unsigned.text())]).toEqual([403, 'AccessDenied']);
    const overwrite = await fetch(`${engine.endpoint}/${MEDIA}/guarded.txt`, { method: 'PUT', body: 'changed' });
    expect(overwrite.status).toBe(403);
    const stranger = localS3Client(engine.endpoint, newLocalCredentials());
    try {
      await expect(stranger.send(new DeleteObjectCommand({ Bucket: MEDIA, Key: 'guarded.txt' }))).rejects.toMatchObject({ $metadata: { httpStatusCode: 403 } });
    } finally {
      stranger.destroy();
    }
    const kept = await engine.client.send(new GetObjectCommand({ Bucket: MEDIA, Key: 'guarded.txt' }));
    expect(await kept.Body!.transformToString()).toBe('kept');
  });
});

test('a PutObject body over the engine limit is refused with EntityTooLarge', async () => {
  const small = await start({ maxPutBytes: 10 });
  await expect(small.client.send(new PutObjectCommand({ Bucket: MEDIA, Key: 'big.bin', Body: Buffer.alloc(11) }))).rejects.toMatchObject({ name: 'EntityTooLarge', $metadata: { httpStatusCode: 400 } });
  await small.client.send(new PutObjectCommand({ Bucket: MEDIA, Key: 'fits.bin', Body: Buffer.alloc(10) }));
  expect((await small.client.send(new ListObjectsV2Command({ Bucket: MEDIA }))).Contents?.map((o) => o.Key)).toEqual(['fits.bin']);
});

describe('notifications', () => {
  test('a callback that rejects is called again until it takes the event', async () => {
    let calls = 0;
    const flaky = await start({
      notificationRetryBaseMs: 10,
      onObjectCreated: () => {
        calls += 1;
        if (calls < 3) throw new Error('media function failed');
      },
    });
    await flaky.client.send(new PutObjectCommand({ Bucket: UPLOADS, Key: 'incoming/flaky.jpg', Body: 'x' }));
    await flaky.notifications.idle();
    expect(calls).toBe(3);
    expect(flaky.notifications.pending).toBe(0);
  });
});

test("the runtime's engine keeps the feeds and uploads buckets in its data folder and notifies only uploads/ of the uploads bucket", async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'pressroom-uploads-'));
  folders.push(dataDir);
  const notified: S3Event[] = [];
  const UPLOADS_BUCKET = 'pressroom-uploads';
  const engine = await startS3Engine({ bucket: MEDIA, dataDir, credentials, uploads: { bucket: UPLOADS_BUCKET, prefix: 'uploads/', onObjectCreated: (event) => void notified.push(event) } });
  engines.push(engine);
  const post = await createPresignedPost(engine.client as unknown as Parameters<typeof createPresignedPost>[0], { Bucket: UPLOADS_BUCKET, Key: 'uploads/photo', Conditions: [['content-length-range', 1, 100]] });
  expect((await upload(post, 'jpeg')).status).toBe(204);
  await engine.client.send(new PutObjectCommand({ Bucket: UPLOADS_BUCKET, Key: 'renditions/photo/800.webp', Body: 'webp' }));
  await engine.client.send(new PutObjectCommand({ Bucket: MEDIA, Key: 'uploads/elsewhere', Body: 'x' }));
  await engine.notifications.idle();
  expect(notified.map((e) => [e.Records[0]!.s3.bucket.name, e.Records[0]!.s3.object.key, e.Records[0]!.s3.configurationId])).toEqual([[UPLOADS_BUCKET, 'uploads/photo', 'process-media']]);
  expect(readdirSync(join(dataDir, 'buckets')).filter((name) => !name.startsWith('.')).sort()).toEqual([MEDIA, UPLOADS_BUCKET].sort());
  expect(await engine.healthy()).toBe(true);
});

describe('with a data folder', () => {
  test('a large upload is streamed to disk, and one far over the maximum is refused without being stored', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'pressroom-objects-'));
    folders.push(dataDir);
    const onDisk = await start({ dataDir });
    const big = Buffer.alloc(3 * 1024 * 1024, 1);
    const allowed = await presign({ Key: 'incoming/big.tif', Conditions: [['content-length-range', 1, 4 * 1024 * 1024]] }, onDisk.client);
    expect((await upload(allowed, big)).status).toBe(204);
    const head = await onDisk.client.send(new HeadObjectCommand({ Bucket: UPLOADS, Key: 'incoming/big.tif' }));
    expect(head.ContentLength).toBe(big.length);

    const refused = await upload(await presign({ Key: 'incoming/huge.tif' }, onDisk.client), Buffer.alloc(8 * 1024 * 1024, 2));
    expect([refused.status, codeOf(refused.text)]).toEqual([400, 'EntityTooLarge']);
    const listed = await onDisk.client.send(new ListObjectsV2Command({ Bucket: UPLOADS, Prefix: 'incoming/' }));
    expect(listed.Contents?.map((o) => o.Key)).toEqual(['incoming/big.tif']);
    await onDisk.stop();
  });

  test('an upload whose client goes away mid-file leaves nothing behind', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'pressroom-objects-'));
    folders.push(dataDir);
    const onDisk = await start({ dataDir });
    const key = 'incoming/abandoned.bin';
    const post = await presign({ Key: key, Conditions: [['content-length-range', 1, 10_000_000]] }, onDisk.client);
    const boundary = 'abandoned-boundary';
    const fields = Object.entries(post.fields).map(([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`);
    const staging = join(dataDir, 'buckets', '.staging');
    const sending = request(post.url, { method: 'POST', headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': 5_000_000 } });
    sending.on('error', () => undefined);
    sending.write(`${fields.join('')}--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.bin"\r\n\r\n`);
    sending.write(Buffer.alloc(64 * 1024, 3));
    const until = async (check: () => boolean, what: string) => {
      for (let i = 0; !check(); i++) {
        if (i > 2_000) throw new Error(`timed out waiting for ${what}`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    };
    await until(() => existsSync(staging) && readdirSync(staging).length === 1, 'the upload to be staged');
    sending.destroy();
    await until(() => readdirSync(staging).length === 0, 'the staged file to be removed');
    expect(await onDisk.client.send(new HeadObjectCommand({ Bucket: UPLOADS, Key: key })).then(() => true, () => false)).toBe(false);
    await onDisk.stop();
  });

  test('objects and a notification still failing survive a restart; the event is delivered after it', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'pressroom-objects-'));
    folders.push(dataDir);
    let failures = 0;
    const first = await start({
      dataDir,
      // Retried only long after the test: the event is still pending at the restart.
      notificationRetryBaseMs: 600_000,
      onObjectCreated: () => {
        failures += 1;
        throw new Error('media function down');
      },
    });
    const key = 'incoming/kept.jpg';
    const post = await presign({ Key: key, Fields: { 'Content-Type': 'image/jpeg' } }, first.client);
    expect((await upload(post, 'kept bytes')).status).toBe(204);
    await first.client.send(new PutObjectCommand({ Bucket: MEDIA, Key: 'private/kept.webp', Body: 'webp', CacheControl: 'max-age=60', ContentDisposition: 'inline' }));
    await first.client.send(new PutObjectCommand({ Bucket: MEDIA, Key: 'private/kept.webp', Body: 'webp v2', CacheControl: 'max-age=60', ContentDisposition: 'inline' }));
    while (failures === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(first.notifications.pending).toBe(1);
    await first.stop();

    const delivered: S3Event[] = [];
    const second = await start({ dataDir, onObjectCreated: (event) => void delivered.push(event) });
    await second.notifications.idle();
    expect(delivered.map((e) => [e.Records[0]!.eventName, e.Records[0]!.s3.object.key, e.Records[0]!.s3.object.size])).toEqual([['ObjectCreated:Post', key, 10]]);
    expect(second.notifications.pending).toBe(0);

    const upload1 = await second.client.send(new GetObjectCommand({ Bucket: UPLOADS, Key: key }));
    expect([await upload1.Body!.transformToString(), upload1.ContentType]).toEqual(['kept bytes', 'image/jpeg']);
    const rendition = await second.client.send(new GetObjectCommand({ Bucket: MEDIA, Key: 'private/kept.webp' }));
    expect([await rendition.Body!.transformToString(), rendition.CacheControl, rendition.ContentDisposition]).toEqual(['webp v2', 'max-age=60', 'inline']);
    await second.stop();

    // Delivered once: a third start has nothing left to deliver.
    const third = await start({ dataDir, onObjectCreated: (event) => void delivered.push(event) });
    await third.notifications.idle();
    expect(delivered).toHaveLength(1);
    expect((await third.client.send(new ListObjectsV2Command({ Bucket: MEDIA }))).Contents?.map((o) => o.Key)).toEqual(['private/kept.webp']);
  });
});
