// The feed store against a real S3 API (the local fauxqs engine): files are written only when
// their bytes change, so an unchanged feed keeps its ETag and Last-Modified.
import { newLocalCredentials } from '../../../local/credentials.ts';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { GetObjectCommand, HeadObjectCommand } from '@aws-sdk/client-s3';
import { SHA256_METADATA, writeFeedFile as writeFile, writeFeedFiles as writeFiles } from '../../../lambdas/adapters/feed-store.ts';
import { createAdapterContext, type AdapterContext } from '../../../lambdas/adapters/adapter-context.ts';
import { FEED_CACHE_CONTROL, type FeedFile } from '../../../lambdas/core/feeds/index.ts';
import { startS3Engine, type RunningS3Engine } from '../../../local/s3-engine.ts';

let engine: RunningS3Engine;
let adapters: AdapterContext;

beforeAll(async () => {
  const credentials = newLocalCredentials();
  engine = await startS3Engine({ bucket: 'feed-store-test', credentials });
  adapters = createAdapterContext({ feedsBucket: engine.bucket, endpointPolicy: 'local', endpoints: { s3: engine.endpoint }, localCredentials: credentials });
});
afterAll(async () => {
  adapters?.destroy();
  await engine?.stop();
});

// The store's adapters, on this engine and bucket (what a runtime's context gives the handlers).
const writeFeedFile = (file: FeedFile) => adapters.run(() => writeFile(file));
const writeFeedFiles = (files: FeedFile[]) => adapters.run(() => writeFiles(files));

const rss = (body: string, path = 'feeds/countries/kz.rss'): FeedFile => ({
  path,
  contentType: 'application/rss+xml; charset=utf-8',
  cacheControl: FEED_CACHE_CONTROL,
  body,
});
const head = (key: string) => engine.client.send(new HeadObjectCommand({ Bucket: engine.bucket, Key: key }));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('writeFeedFile', () => {
  test('writes a new file with its content type and the SHA-256 of its bytes', async () => {
    const body = '<rss>Milli Məclis — Qazaxıstan</rss>';
    expect(await writeFeedFile(rss(body))).toBe('written');
    const object = await engine.client.send(new GetObjectCommand({ Bucket: engine.bucket, Key: 'feeds/countries/kz.rss' }));
    expect(object.ContentType).toBe('application/rss+xml; charset=utf-8');
    expect(object.Metadata?.[SHA256_METADATA]).toBe(createHash('sha256').update(body, 'utf8').digest('hex'));
    expect(Buffer.from(await object.Body!.transformToByteArray()).toString('utf8')).toBe(body);
  });

  test('the same bytes again write nothing: ETag and Last-Modified stay', async () => {
    const before = await head('feeds/countries/kz.rss');
    await sleep(1_100); // Last-Modified has whole seconds: a rewrite would show
    expect(await writeFeedFile(rss('<rss>Milli Məclis — Qazaxıstan</rss>'))).toBe('unchanged');
    const after = await head('feeds/countries/kz.rss');
    expect(after.ETag).toBe(before.ETag);
    expect(after.LastModified?.toISOString()).toBe(before.LastModified?.toISOString());
  });

  test('other bytes are written: a new ETag', async () => {
    const before = await head('feeds/countries/kz.rss');
    expect(await writeFeedFile(rss('<rss>Milli Məclis — Qazaxıstan (2)</rss>'))).toBe('written');
    expect((await head('feeds/countries/kz.rss')).ETag).not.toBe(before.ETag);
  });

  test('the same bytes under another content type are written', async () => {
    expect(await writeFeedFile({ ...rss('<rss>Milli Məclis — Qazaxıstan (2)</rss>'), contentType: 'application/xml; charset=utf-8' })).toBe('written');
    expect((await head('feeds/countries/kz.rss')).ContentType).toBe('application/xml; charset=utf-8');
  });

  test('the same bytes under another Cache-Control are written, and S3 then reports it', async () => {
    const file = { ...rss('<rss>Milli Məclis — Qazaxıstan (2)</rss>'), contentType: 'application/xml; charset=utf-8' };
    expect(await writeFeedFile(file)).toBe('unchanged');
    expect(await writeFeedFile({ ...file, cacheControl: 'no-cache' })).toBe('written');
    expect((await head('feeds/countries/kz.rss')).CacheControl).toBe('no-cache');
    expect(await writeFeedFile({ ...file, cacheControl: 'no-cache' })).toBe('unchanged');
  });

  test('writeFeedFiles reports each file; a missing bucket is an error, not a silent skip', async () => {
    expect(await writeFeedFiles([rss('a', 'feeds/all.rss'), rss('b', 'feeds/all.atom'), rss('a', 'feeds/all.rss')])).toEqual([
      'written',
      'written',
      expect.stringMatching(/written|unchanged/),
    ]);
    expect(await writeFeedFiles([rss('a', 'feeds/all.rss'), rss('b', 'feeds/all.atom')])).toEqual(['unchanged', 'unchanged']);
    const elsewhere = createAdapterContext({ ...adapters.settings, feedsBucket: 'no-such-bucket' });
    try {
      await expect(elsewhere.run(() => writeFile(rss('x')))).rejects.toThrow();
    } finally {
      elsewhere.destroy();
    }
  });
});
