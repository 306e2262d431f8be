// Releases with photos and downloads, through the local runtime on the real engines: the publish
// gate (nothing public or scheduled with media that are not ready), and media following their
// release's visibility — not public while a draft or embargoed, public once published, gone when
// retracted unless another public release still uses them.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Runtime } from '../../../local/runtime.ts';
import { startWebhookReceiver } from '../../../examples/webhook-receiver/receiver.ts';
import { ADMIN_TOKEN } from '../../support/runtime.ts';
import { fixtureInput } from '../../support/fixture.ts';
import { publishMedia } from '../../../lambdas/publication/publish-media.ts';
import { pdf, photo, uploadMedia } from '../../support/media.ts';
import { PRESS_TOKEN, api, startTestRuntime, tableItems, type Api } from '../../support/runtime.ts';

let runtime: Runtime;
let call: Api;

beforeAll(async () => {
  runtime = await startTestRuntime({ uploads: { retryBaseMs: 20 } });
  call = api(runtime);
});
afterAll(() => runtime?.stop());

const post = (json: Record<string, unknown>) => call('/v1/releases', { method: 'POST', token: PRESS_TOKEN, json: fixtureInput({ publishedAt: undefined, ...json }) });
const put = (id: string, version: number, json: Record<string, unknown>) =>
  call(`/v1/releases/${id}`, { method: 'PUT', token: PRESS_TOKEN, json: fixtureInput({ publishedAt: undefined, ...json }), headers: { 'if-match': `"${version}"` } });
const remove = (id: string, version: number) => call(`/v1/releases/${id}`, { method: 'DELETE', token: PRESS_TOKEN, headers: { 'if-match': `"${version}"` } });

/** Every public URL of a media item and what it answers. */
async function publicStatuses(media: { renditions: Array<{ url: string }> }) {
  await runtime.settled();
  return Promise.all(media.renditions.map(async (r) => (await fetch(r.url)).status));
}

describe('the publish gate', () => {
  test('a media id that does not exist is a 400 naming the field, and nothing is written', async () => {
    const before = await tableItems(runtime);
    const response = await post({ images: [{ media: '01HZX3K6J5Q0000000000000AB', alt: 'The Speaker' }] });
    expect(response.status).toBe(400);
    const { error } = await response.json();
    expect(error.details).toEqual([{ path: 'images[0].media', message: expect.stringContaining('no media 01HZX3K6J5Q0000000000000AB') }]);
    expect(await tableItems(runtime)).toEqual(before);
  });

  test('alt text is required and plain; a document is no photo', async () => {
    const statement = await uploadMedia(runtime, await pdf(), 'application/pdf');
    const noAlt = await post({ images: [{ media: statement.id }] });
    expect(noAlt.status).toBe(400);
    expect((await noAlt.json()).error.details.map((d: { path: string }) => d.path)).toContain('images[0].alt');
    const html = await post({ images: [{ media: statement.id, alt: '<b>Speaker</b>' }] });
    expect((await html.json()).error.details.map((d: { path: string }) => d.path)).toContain('images[0].alt');
    const documentAsPhoto = await post({ images: [{ media: statement.id, alt: 'Statement' }] });
    expect(documentAsPhoto.status).toBe(400);
    expect((await documentAsPhoto.json()).error.details[0]).toMatchObject({ path: 'images[0].media', message: expect.stringContaining('not a photo') });
  });

  test('media awaiting upload block publishing and scheduling (409 naming them), not a draft; once ready the draft publishes', async () => {
    const bytes = await photo(900, 600);
    const waiting = await uploadMedia(runtime, bytes, 'image/jpeg', { send: false });
    const images = [{ media: waiting.id, alt: 'The Speaker meets the delegation', caption: 'In the Speaker’s office', credit: 'Press service' }];
    const before = await tableItems(runtime);
    for (const publishedAt of [undefined, new Date(Date.now() + 3_600_000).toISOString()]) {
      const refused = await post({ images, ...(publishedAt ? { publishedAt } : {}) });
      expect(refused.status).toBe(409);
      const { error } = await refused.json();
      expect(error.message).toContain(waiting.id);
      expect(error.details.media).toEqual([{ path: 'images[0].media', id: waiting.id, status: 'awaiting upload' }]);
    }
    expect(await tableItems(runtime)).toEqual(before);

    const draft = await post({ images, status: 'draft' });
    expect(draft.status).toBe(201);
    const saved = await draft.json();
    expect(saved.files).toEqual({});

    const { sendUpload, mediaItem } = await import('../../support/media.ts');
    expect((await sendUpload(waiting.upload, bytes, 'image/jpeg')).status).toBe(204);
    const ready = await mediaItem(runtime, waiting.id);
    expect(ready.status).toBe('ready');
    const published = await put(saved.id, saved.version, { images });
    expect(published.status).toBe(200);
    const release = await published.json();
    expect(release.status).toBe('published');
    expect(release.images).toEqual(images);
    expect(release.files[waiting.id]).toMatchObject({ kind: 'image', mimeType: 'image/jpeg', width: 900, height: 600 });
    expect(release.files[waiting.id].renditions.map((r: { name: string }) => r.name).sort()).toEqual(['400.jpg', '400.webp', '800.jpg', '800.webp', 'full.jpg'].sort());
    expect(await publicStatuses(ready)).toEqual(ready.renditions.map(() => 200));
  });

  test('a rejected upload blocks publishing with its reason', async () => {
    const rejected = await uploadMedia(runtime, Buffer.from('<html>not a photo</html>'), 'image/jpeg');
    expect(rejected.status).toBe('rejected');
    const refused = await post({ images: [{ media: rejected.id, alt: 'x' }] });
    expect(refused.status).toBe(409);
    expect((await refused.json()).error.details.media[0]).toMatchObject({ id: rejected.id, status: 'rejected', reason: rejected.reason });
  });
});

describe('media follow their release', () => {
  test('a draft and an embargoed release leak nothing; publication makes photo and download public; retraction removes them', async () => {
    const image = await uploadMedia(runtime, await photo(1800, 1200), 'image/jpeg');
    const statement = await uploadMedia(runtime, await pdf(), 'application/pdf');
    const content = { images: [{ media: image.id, alt: 'Delegation' }], attachments: [{ media: statement.id, title: 'Joint statement' }] };

    const draft = await (await post({ ...content, status: 'draft' })).json();
    expect(draft.files[image.id].renditions).toHaveLength(7);
    expect(await publicStatuses(image)).toEqual(image.renditions.map(() => 404));

    const embargoed = await (await put(draft.id, draft.version, { ...content, publishedAt: new Date(Date.now() + 3_600_000).toISOString(), embargo: true })).json();
    expect(embargoed.status).toBe('scheduled');
    expect(await publicStatuses(image)).toEqual(image.renditions.map(() => 404));
    expect(await publicStatuses(statement)).toEqual([404]);

    const published = await (await put(draft.id, embargoed.version, content)).json();
    expect(published.status).toBe('published');
    expect(await publicStatuses(image)).toEqual(image.renditions.map(() => 200));
    const download = await fetch(statement.renditions[0].url);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('application/pdf');
    expect(download.headers.get('content-disposition')).toBe('attachment');
    expect(Buffer.from(await download.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-');
    const webp = await fetch(image.renditions.find((r: { name: string }) => r.name === '800.webp').url);
    expect(webp.headers.get('content-type')).toBe('image/webp');
    expect(webp.headers.get('cache-control')).toContain('immutable');

    expect((await remove(draft.id, published.version)).status).toBe(200);
    expect(await publicStatuses(image)).toEqual(image.renditions.map(() => 404));
    expect(await publicStatuses(statement)).toEqual([404]);

    // A consumer far behind the other (notify retrying while SNS was down) replays the
    // publication after the retraction was handled: the photo stays off the site.
    await runtime.adapters.run(() => publishMedia([{ previous: embargoed, next: published }]));
    expect(await publicStatuses(image)).toEqual(image.renditions.map(() => 404));
    expect(await publicStatuses(statement)).toEqual([404]);
  });

  test('a photo two public releases use stays public until neither does; a correction that drops it is a withdrawal', async () => {
    const shared = await uploadMedia(runtime, await photo(500, 500), 'image/jpeg');
    const images = [{ media: shared.id, alt: 'Parliament building' }];
    const first = await (await post({ images })).json();
    const second = await (await post({ images })).json();
    expect(await publicStatuses(shared)).toEqual(shared.renditions.map(() => 200));

    expect((await remove(first.id, first.version)).status).toBe(200);
    expect(await publicStatuses(shared)).toEqual(shared.renditions.map(() => 200));

    const corrected = await put(second.id, second.version, { images: [], changeNote: 'Photo removed.' });
    expect(corrected.status).toBe(200);
    expect((await corrected.json()).files).toEqual({});
    expect(await publicStatuses(shared)).toEqual(shared.renditions.map(() => 404));
  });
});

test("a partner's webhook carries the photo with its renditions and the download, already on the site when it arrives", async () => {
  const receiver = await startWebhookReceiver({ topicArn: runtime.topicArn, log: () => undefined, allowLocalCertificates: true });
  // Without the feeds consumer (the last test of the file), the notify consumer alone must have
  // put the media on the site before it told the partner.
  await runtime.pollers.feeds.stop();
  try {
    const subscribed = await call('/v1/subscriptions', { method: 'POST', token: ADMIN_TOKEN, json: { endpoint: receiver.url, countries: ['KZ'] } });
    expect(subscribed.status).toBe(201);
    for (let i = 0; i < 300 && !receiver.confirmed; i++) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(receiver.confirmed).toBe(true);
    const image = await uploadMedia(runtime, await photo(1000, 800), 'image/jpeg');
    const statement = await uploadMedia(runtime, await pdf(), 'application/pdf');
    const images = [{ media: image.id, alt: 'Delegation', caption: 'At the Milli Majlis', credit: 'Press service' }];
    const attachments = [{ media: statement.id, title: 'Joint statement' }];
    expect((await post({ images, attachments })).status).toBe(201);
    for (let i = 0; i < 300 && receiver.notifications.length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 50));
    const { event } = receiver.notifications[0] as unknown as { event: any };
    expect(event.release.images).toEqual(images);
    expect(event.release.attachments).toEqual(attachments);
    const lead = event.release.files[image.id];
    expect(lead.renditions.map((r: { url: string }) => r.url).sort()).toEqual(image.renditions.map((r: { url: string }) => r.url).sort());
    // Fetched the moment the partner hears of it, before any wait for the feeds.
    expect(await Promise.all(lead.renditions.map(async (r: { url: string }) => (await fetch(r.url)).status))).toEqual(lead.renditions.map(() => 200));
    expect((await fetch(event.release.files[statement.id].renditions[0].url)).status).toBe(200);
  } finally {
    await receiver.stop();
  }
});
