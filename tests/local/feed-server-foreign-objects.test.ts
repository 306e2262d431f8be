// The local object store refuses unsigned writes, as S3 does; and should anything holding the
// engine's credentials write into the feeds bucket, the feed server still serves only the files
// the feeds function writes, with the content type their path gives.
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Runtime } from '../../local/runtime.ts';
import { startTestRuntime } from '../support/runtime.ts';

let runtime: Runtime;
beforeAll(async () => {
  runtime = await startTestRuntime();
});
afterAll(() => runtime?.stop());

/** A write by something other than the feeds function, signed with the engine's credentials. */
async function foreignPut(key: string, contentType: string, body: string): Promise<number> {
  const { client, bucket } = runtime.engines.s3;
  const answer = await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, ContentType: contentType, Body: body }));
  return answer.$metadata.httpStatusCode ?? 0;
}

test('a plain PUT with no signature, as any process or web page on the machine can send, is refused', async () => {
  const { endpoint, bucket } = runtime.engines.s3;
  const response = await fetch(`${endpoint}/${bucket}/feeds/evil.html`, { method: 'PUT', headers: { 'content-type': 'text/html' }, body: '<script></script>' });
  expect(response.status).toBe(403);
  expect(await response.text()).toContain('AccessDenied');
  expect((await fetch(`${runtime.url}/feeds/evil.html`)).status).toBe(404);
});

test('an object at a key the feeds function never writes is a 404', async () => {
  const html = '<script>alert(document.cookie)</script>';
  expect(await foreignPut('feeds/evil.html', 'text/html', html)).toBeLessThan(300);
  // The shape of an official's page, but no such feed is registered.
  expect(await foreignPut('feeds/officials/no-such-official.html', 'text/html', html)).toBeLessThan(300);
  for (const path of ['/feeds/evil.html', '/feeds/officials/no-such-official.html']) {
    const response = await fetch(`${runtime.url}${path}`);
    expect(response.status, path).toBe(404);
    expect(await response.text()).not.toContain('<script>');
  }
});

test("a feed file's content type comes from its path, not from the object", async () => {
  expect(await foreignPut('feeds/all.json', 'text/html', '<p>not a feed</p>')).toBeLessThan(300);
  const response = await fetch(`${runtime.url}/feeds/all.json`);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe('application/feed+json; charset=utf-8');
  expect((await fetch(`${runtime.url}/feeds/`)).headers.get('content-type')).toBe('text/html; charset=utf-8');
});
