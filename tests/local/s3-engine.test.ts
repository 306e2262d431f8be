// The local object store answers like S3 where the feeds depend on it: the object's own
// headers, Cache-Control included, come back on GET and HEAD.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { startS3Engine, type RunningS3Engine } from '../../local/s3-engine.ts';

let engine: RunningS3Engine;
beforeAll(async () => {
  engine = await startS3Engine({ bucket: 's3-engine-test' });
});
afterAll(() => engine?.stop());

test('Cache-Control is kept with the object and no stand-in metadata shows', async () => {
  const Bucket = engine.bucket;
  await engine.client.send(
    new PutObjectCommand({ Bucket, Key: 'feeds/all.rss', Body: 'x', ContentType: 'application/rss+xml', CacheControl: 'public, max-age=60', Metadata: { sha256: 'abc' } }),
  );
  const head = await engine.client.send(new HeadObjectCommand({ Bucket, Key: 'feeds/all.rss' }));
  expect(head.CacheControl).toBe('public, max-age=60');
  expect(head.Metadata).toEqual({ sha256: 'abc' });
  const get = await engine.client.send(new GetObjectCommand({ Bucket, Key: 'feeds/all.rss' }));
  expect(get.CacheControl).toBe('public, max-age=60');
  expect(get.Metadata).toEqual({ sha256: 'abc' });
  await get.Body?.transformToByteArray();

  await engine.client.send(new PutObjectCommand({ Bucket, Key: 'feeds/plain.json', Body: 'y' }));
  expect((await engine.client.send(new HeadObjectCommand({ Bucket, Key: 'feeds/plain.json' }))).CacheControl).toBeUndefined();
});
