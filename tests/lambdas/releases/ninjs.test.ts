// GET /v1/releases/{id}?format=ninjs through the local runtime: the same release, the same
// visibility rules as Pressroom's JSON, as an IPTC ninjs 2.0 document.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Runtime } from '../../../local/runtime.ts';
import { fixtureInput } from '../../support/fixture.ts';
import { pdf, photo, uploadMedia } from '../../support/media.ts';
import { expectValidNinjs } from '../../support/ninjs-schema.ts';
import { ADMIN_TOKEN, PRESS_TOKEN, api, startTestRuntime, type Api } from '../../support/runtime.ts';

let runtime: Runtime;
let call: Api;

beforeAll(async () => {
  runtime = await startTestRuntime({ uploads: { retryBaseMs: 20 } });
  call = api(runtime);
});
afterAll(() => runtime?.stop());

const post = async (json: Record<string, unknown>) => {
  const response = await call('/v1/releases', { method: 'POST', token: PRESS_TOKEN, json: fixtureInput(json) });
  expect(response.status, await response.clone().text()).toBe(201);
  return response.json();
};
const ninjs = (id: string, token?: string) => call(`/v1/releases/${id}?format=ninjs`, token ? { token } : {});

describe('a published release with a photo and a download', () => {
  let release: Record<string, any>;

  beforeAll(async () => {
    const picture = await uploadMedia(runtime, await photo(1200, 800), 'image/jpeg');
    const statement = await uploadMedia(runtime, await pdf(), 'application/pdf');
    release = await post({
      images: [{ media: picture.id, alt: 'The two chairs', caption: 'In Baku', credit: 'Press service' }],
      attachments: [{ media: statement.id, title: 'Joint statement' }],
    });
  });

  test('anyone gets it as ninjs 2.0: JSON, the same ETag, the release\'s own words and ids', async () => {
    const response = await ninjs(release.id);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(response.headers.get('etag')).toBe('"1"');
    const document = expectValidNinjs(await response.json());
    expect(document).toMatchObject({
      uri: `tag:meclis.gov.az,2023:pressroom/release/${release.id}`,
      version: '1',
      pubstatus: 'usable',
      firstcreated: release.publishedAt,
      versioncreated: release.updatedAt,
      language: 'az',
      headlines: [{ value: release.title }],
      descriptions: [{ value: release.summary }],
      copyrightholder: 'Azərbaycan Respublikasının Milli Məclisi',
    });
    // Names from the officials registry the runtime was seeded with.
    expect((document.people as Array<{ name: string }>).map((p) => p.name)).toEqual(['Sahibə Qafarova', 'Maulen Aşimbayev']);
    expect((document.places as Array<{ literal: string }>).map((p) => p.literal)).toEqual(release.countries);
  });

  test('the photo and the download carry the renditions the release\'s files list, at their public URLs', async () => {
    const document = await (await ninjs(release.id)).json();
    const [picture, statement] = document.associations;
    const files = release.files as Record<string, { renditions: Array<{ name: string; url: string; bytes: number }> }>;
    expect(picture).toMatchObject({ name: 'mainpic', type: 'picture', by: 'Press service' });
    expect(picture.renditions.map((r: { href: string }) => r.href)).toEqual(files[release.images[0].media]!.renditions.map((r) => r.url));
    expect(statement).toMatchObject({ name: 'attachment-1', type: 'text', headlines: [{ value: 'Joint statement' }] });
    expect(statement.renditions).toEqual([
      expect.objectContaining({ href: files[release.attachments[0].media]!.renditions[0]!.url, contenttype: 'application/pdf' }),
    ]);
    await runtime.settled();
    // A public release's files are served: an editorial system can fetch what the document names.
    const fetched = await fetch(picture.renditions[0].href);
    expect(fetched.status).toBe(200);
    expect(fetched.headers.get('content-type')).toBe(picture.renditions[0].contenttype);
  });

  test('an official renamed in the registry is named anew', async () => {
    const renamed = { names: { az: 'Sahibə Qafarova-Yeni', en: 'Sahiba Gafarova' }, role: { en: 'Chair' }, country: 'AZ' };
    expect((await call('/v1/officials/sahibe-qafarova', { method: 'PUT', token: ADMIN_TOKEN, json: renamed })).status).toBe(200);
    const document = await (await ninjs(release.id)).json();
    expect(document.people[0]).toMatchObject({ name: 'Sahibə Qafarova-Yeni', literal: 'sahibe-qafarova' });
  });
});

describe('visibility is the same as for Pressroom\'s JSON', () => {
  test('a draft: 404 without the press token, withheld for the press office', async () => {
    const draft = await post({ status: 'draft', publishedAt: undefined });
    for (const path of [`/v1/releases/${draft.id}`, `/v1/releases/${draft.id}?format=ninjs`]) {
      const response = await call(path);
      expect(response.status, path).toBe(404);
      expect((await response.json()).error.code).toBe('not_found');
    }
    const own = await ninjs(draft.id, PRESS_TOKEN);
    expect(own.status).toBe(200);
    expect(expectValidNinjs(await own.json()).pubstatus).toBe('withheld');
  });

  test('scheduled under embargo: 404 without the press token; the press office sees it withheld and embargoed', async () => {
    const at = new Date(Date.now() + 7 * 86_400_000).toISOString();
    const scheduled = await post({ publishedAt: at, embargo: true });
    expect((await ninjs(scheduled.id)).status).toBe(404);
    const document = expectValidNinjs(await (await ninjs(scheduled.id, PRESS_TOKEN)).json());
    expect(document).toMatchObject({ pubstatus: 'withheld', embargoed: scheduled.publishedAt });
    expect(document).not.toHaveProperty('firstcreated');
  });

  test('retracted: 410 for anonymous readers, canceled with its note for a token holder', async () => {
    const published = await post({});
    const retracted = await call(`/v1/releases/${published.id}`, { method: 'DELETE', token: PRESS_TOKEN, json: { note: 'Issued in error.' } });
    expect(retracted.status).toBe(200);
    for (const path of [`/v1/releases/${published.id}`, `/v1/releases/${published.id}?format=ninjs`]) {
      const response = await call(path);
      expect(response.status, path).toBe(410);
      expect((await response.json()).error.code).toBe('gone');
    }
    const response = await ninjs(published.id, PRESS_TOKEN);
    expect(response.headers.get('etag')).toBe('"2"');
    expect(expectValidNinjs(await response.json())).toMatchObject({ pubstatus: 'canceled', version: '2', ednote: 'Issued in error.' });
  });

  test('an id never used is the same 404 in either format', async () => {
    const response = await ninjs('01H3ABCDEF0123456789XYZKQM');
    expect(response.status).toBe(404);
  });
});

describe('the format parameter', () => {
  let id: string;
  beforeAll(async () => {
    id = (await post({})).id;
  });

  test.each([
    ['?format=xml', 'format'],
    ['?format=NINJS', 'format'],
    ['?fromat=ninjs', 'fromat'],
  ])('%s is a 400 naming the parameter', async (query, path) => {
    const response = await call(`/v1/releases/${id}${query}`);
    expect(response.status).toBe(400);
    const { error } = await response.json();
    expect(error.code).toBe('validation_failed');
    expect(error.details.map((d: { path: string }) => d.path)).toEqual([path]);
  });

  test('left out or empty, the answer is Pressroom\'s JSON', async () => {
    for (const query of ['', '?format=']) {
      const release = await (await call(`/v1/releases/${id}${query}`)).json();
      expect(release).toMatchObject({ id, version: 1, status: 'published' });
      expect(release).not.toHaveProperty('uri');
    }
  });

  test('the OpenAPI document declares it on GET /v1/releases/{id} and names the ninjs answer', async () => {
    const doc = await (await call('/v1/openapi.json')).json();
    const operation = doc.paths['/v1/releases/{id}'].get;
    expect(operation.parameters).toContainEqual(expect.objectContaining({ name: 'format', in: 'query', schema: expect.objectContaining({ enum: ['ninjs'] }) }));
    expect(operation.responses['200'].content['application/json'].schema.oneOf).toEqual([
      { $ref: '#/components/schemas/Release' },
      { $ref: '#/components/schemas/Ninjs' },
    ]);
    expect(doc.components.schemas.Ninjs.required).toEqual(expect.arrayContaining(['uri', 'version', 'pubstatus', 'headlines']));
    // The events API has the same switch: an event's release carries no body, so neither does its document.
    expect(doc.components.schemas.Ninjs.required).not.toContain('bodies');
    expect(doc.paths['/v1/events'].get.responses['200'].content['application/json'].schema.oneOf).toEqual([
      { $ref: '#/components/schemas/EventList' },
      { $ref: '#/components/schemas/NinjsEventList' },
    ]);
  });
});
