// A press officer's photo and PDF end to end on the local runtime, as the README shows: asked
// for, uploaded straight to the object store, processed, attached to a release with its alt
// text, caption and credit, published; the partner and the public then find them. Run on the
// bundles too (PRESSROOM_HANDLER_BUNDLES), so process-media's bundle with its installed sharp
// is what processes the photo.
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Runtime } from '../../local/runtime.ts';
import { startWebhookReceiver, type RunningReceiver } from '../../examples/webhook-receiver/receiver.ts';
import { fixtureInput } from '../support/fixture.ts';
import { pdf, photo, uploadMedia } from '../support/media.ts';
import { ADMIN_TOKEN, PRESS_TOKEN, api, startTestRuntime } from '../support/runtime.ts';

let runtime: Runtime;
let partner: RunningReceiver;

beforeAll(async () => {
  runtime = await startTestRuntime({ uploads: { retryBaseMs: 50 } });
  partner = await startWebhookReceiver({ topicArn: runtime.topicArn, log: () => undefined, allowLocalCertificates: true });
});
afterAll(async () => {
  await partner?.stop();
  await runtime?.stop();
});

test('upload a photo and a PDF, publish them with a release: the partner, the feeds and the public see them', async () => {
  const call = api(runtime);
  expect((await call('/v1/subscriptions', { method: 'POST', token: ADMIN_TOKEN, json: { endpoint: partner.url } })).status).toBe(201);
  const image = await uploadMedia(runtime, await photo(2400, 1600), 'image/jpeg');
  const statement = await uploadMedia(runtime, await pdf(), 'application/pdf');
  expect(image).toMatchObject({ status: 'ready', kind: 'image', width: 2400, height: 1600 });
  expect(statement).toMatchObject({ status: 'ready', kind: 'document', mimeType: 'application/pdf' });

  const images = [{ media: image.id, alt: 'The Speaker and the Chair of the Senate', caption: 'Saint Petersburg', credit: 'Press service' }];
  const response = await call('/v1/releases', {
    method: 'POST',
    token: PRESS_TOKEN,
    json: fixtureInput({ publishedAt: undefined, images, attachments: [{ media: statement.id, title: 'Joint statement' }] }),
  });
  expect(response.status).toBe(201);
  const release = await response.json();
  await runtime.settled();
  await runtime.engines.sns.deliveries.idle();

  const told = partner.notifications.find(({ event }) => event.release.id === release.id);
  expect((told?.event.release as { files: Record<string, { renditions: unknown[] }> } | undefined)?.files[image.id]?.renditions).toHaveLength(7);
  for (const rendition of [...image.renditions, ...statement.renditions]) {
    const served = await fetch(rendition.url);
    expect(served.status, rendition.name).toBe(200);
    expect(served.headers.get('content-type'), rendition.name).toBe(rendition.mimeType);
    expect(Number(served.headers.get('content-length')), rendition.name).toBe(rendition.bytes);
  }
  const json = (await (await fetch(`${runtime.url}/feeds/all.json`)).json()) as { items: Array<{ id: string }> };
  expect(JSON.stringify(json.items.find((item) => item.id.endsWith(release.id)))).toContain(`/media/${image.id}/`);
  if (process.env.PRESSROOM_HANDLER_BUNDLES) expect(runtime.handlerModules['process-media']).toMatch(/[/\\]cdk\.out[/\\]asset\.[0-9a-f]{64}[/\\]index\.mjs$/);
});
