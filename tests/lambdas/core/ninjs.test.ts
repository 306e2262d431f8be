import { describe, expect, test } from 'vitest';
import * as v from 'valibot';
import { toNinjs } from '../../../lambdas/core/ninjs.ts';
import { NinjsSchema } from '../../../lambdas/core/ninjs-schema.ts';
import { releaseIdFromEntryId } from '../../../lambdas/core/feeds/entry-id.ts';
import type { Release } from '../../../lambdas/core/release.ts';
import { expectValidNinjs, validateNinjs } from '../../support/ninjs-schema.ts';
import { KAZAKHSTAN_CONFIG, SITE, siteFrom } from '../../support/site.ts';
import { fixtureRelease2023, OFFICIALS } from './feeds/feed-fixtures.ts';
import { documentFile, DOCUMENT_ID, IMAGE_ID, imageFile, MISSING_ID, SECOND_IMAGE_ID } from './feeds/media-fixtures.ts';

/** The document as a client reads it, checked against the ninjs 2.0 schema and against the schema the OpenAPI document publishes. */
function ninjs(release: Release, site = SITE) {
  const document = JSON.parse(JSON.stringify(toNinjs(release, site, OFFICIALS))) as Record<string, unknown>;
  expectValidNinjs(document);
  expect(v.safeParse(NinjsSchema, document).issues).toBeUndefined();
  return document;
}

const withMedia = (overrides: Partial<Release> = {}) =>
  fixtureRelease2023({
    images: [
      { media: MISSING_ID, alt: 'Never processed' },
      { media: IMAGE_ID, alt: 'Two chairs shake hands', caption: 'At the Milli Majlis, 15 June', credit: 'Press office' },
      { media: SECOND_IMAGE_ID, alt: 'The delegations' },
    ],
    attachments: [
      { media: DOCUMENT_ID, title: 'Joint statement' },
      { media: IMAGE_ID, title: 'Photo, full size' },
    ],
    files: {
      [IMAGE_ID]: imageFile(IMAGE_ID, 6000, 4000),
      [SECOND_IMAGE_ID]: imageFile(SECOND_IMAGE_ID, 1000, 500),
      [DOCUMENT_ID]: documentFile(DOCUMENT_ID, 1_234_567),
    },
    ...overrides,
  });

describe('toNinjs: a release as IPTC ninjs 2.0', () => {
  test('a published text release without media: identity, dates, texts, people and places', () => {
    const release = fixtureRelease2023({ version: 3, updatedAt: '2023-06-16T08:30:00.000Z' });
    const document = ninjs(release);
    expect(document.standard).toEqual({ name: 'ninjs', version: '2.0', schema: 'http://www.iptc.org/std/ninjs/ninjs-schema_2.0.json' });
    // The same id the release has in every feed.
    expect(document.uri).toMatch(/^tag:meclis\.gov\.az,2023:pressroom\/release\//);
    expect(releaseIdFromEntryId(SITE, document.uri as string)).toBe(release.id);
    expect(document).toMatchObject({
      type: 'text',
      representationtype: 'full',
      version: '3',
      firstcreated: '2023-06-15T10:00:00.000Z',
      versioncreated: '2023-06-16T08:30:00.000Z',
      pubstatus: 'usable',
      language: 'az',
      headlines: [{ role: 'main', contenttype: 'text/plain', value: release.title }],
      descriptions: [{ role: 'summary', contenttype: 'text/plain', value: release.summary }],
      renditions: [{ name: 'web', href: 'https://www.meclis.gov.az/news.php?id=1', contenttype: 'text/html' }],
    });
    expect(document).not.toHaveProperty('embargoed');
    expect(document).not.toHaveProperty('ednote');
    expect(document).not.toHaveProperty('associations');
    const bodies = document.bodies as Array<{ contenttype: string; value: string }>;
    expect(bodies.map((body) => body.contenttype)).toEqual(['text/html', 'text/plain']);
    const paragraphs = release.body.split('\n\n');
    expect(bodies[0]!.value.match(/<p>/g)).toHaveLength(paragraphs.length);
    expect(bodies[0]!.value.startsWith('<p>')).toBe(true);
    expect(bodies[1]!.value).toBe(release.body);
    expect(document.people).toEqual([
      { name: 'Sahibə Qafarova', rel: 'about', uri: 'tag:meclis.gov.az,2023:pressroom/official/sahibe-qafarova', literal: 'sahibe-qafarova' },
      { name: 'Maulen Aşimbayev', rel: 'about', uri: 'tag:meclis.gov.az,2023:pressroom/official/maulen-ashimbayev', literal: 'maulen-ashimbayev' },
    ]);
    expect((document.places as Array<{ uri: string; literal: string }>).map((place) => [place.literal, place.uri])).toEqual([
      ['KZ', 'http://cvx.iptc.org/iso3166-1a2/kz'],
      ['RU', 'http://cvx.iptc.org/iso3166-1a2/ru'],
      ['AZ', 'http://cvx.iptc.org/iso3166-1a2/az'],
    ]);
    expect((document.places as Array<{ name: string }>)[0]!.name).toBe('Qazaxıstan');
  });

  test('copyright holder and usage terms come from the site configuration, in the release\'s language; without them, nothing is claimed', () => {
    const az = ninjs(fixtureRelease2023());
    expect(az.copyrightholder).toBe(SITE.config.copyrightHolder?.az);
    expect(az.usageterms).toBe(SITE.config.usageTerms?.az);
    expect(az.copyrightholder).toEqual(expect.any(String));
    const en = ninjs(fixtureRelease2023({ language: 'en' }));
    expect(en.usageterms).toBe(SITE.config.usageTerms?.en);
    expect(en.usageterms).not.toBe(az.usageterms);
    const kazakhstan = siteFrom(KAZAKHSTAN_CONFIG);
    expect(kazakhstan.config.copyrightHolder).toBeUndefined();
    const unclaimed = ninjs(fixtureRelease2023(), kazakhstan);
    expect(unclaimed).not.toHaveProperty('copyrightholder');
    expect(unclaimed).not.toHaveProperty('usageterms');
    expect(unclaimed.uri).toMatch(/^tag:senate\.parlam\.kz,/);
  });

  test('photos and downloads become associations with every rendition; media missing from files are left out', () => {
    const release = withMedia();
    const document = ninjs(release);
    const associations = document.associations as Array<Record<string, unknown> & { renditions: Array<Record<string, unknown>> }>;
    expect(associations.map((a) => [a.name, a.type, a.uri])).toEqual([
      // The first image names media that are not in files: the lead photo is the next one.
      ['mainpic', 'picture', `tag:meclis.gov.az,2023:pressroom/media/${IMAGE_ID}`],
      ['picture-2', 'picture', `tag:meclis.gov.az,2023:pressroom/media/${SECOND_IMAGE_ID}`],
      ['attachment-1', 'text', `tag:meclis.gov.az,2023:pressroom/media/${DOCUMENT_ID}`],
      ['attachment-2', 'picture', `tag:meclis.gov.az,2023:pressroom/media/${IMAGE_ID}`],
    ]);
    const [lead, second, statement] = associations;
    expect(lead).toMatchObject({
      language: 'az',
      by: 'Press office',
      descriptions: [
        { role: 'caption', contenttype: 'text/plain', value: 'At the Milli Majlis, 15 June' },
        { role: 'alt', contenttype: 'text/plain', value: 'Two chairs shake hands' },
      ],
    });
    expect(second).not.toHaveProperty('by');
    expect(second!.descriptions).toEqual([{ role: 'alt', contenttype: 'text/plain', value: 'The delegations' }]);
    const file = release.files[IMAGE_ID]!;
    expect(lead!.renditions).toEqual(
      file.renditions.map((r) => ({ name: r.name, href: r.url, contenttype: r.mimeType, width: r.width, height: r.height, sizeinbytes: r.bytes })),
    );
    expect(statement).toMatchObject({
      headlines: [{ contenttype: 'text/plain', value: 'Joint statement' }],
      renditions: [{ name: 'original.pdf', contenttype: 'application/pdf', sizeinbytes: 1_234_567 }],
    });
    expect(statement!.renditions[0]).not.toHaveProperty('width');
  });

  test('a rendition that is not fit to hand out (no absolute http(s) URL) is left out, and a photo with none at all', () => {
    const release = withMedia();
    const broken = imageFile(IMAGE_ID, 1000, 500);
    broken.renditions[0] = { ...broken.renditions[0]!, url: 'javascript:alert(1)' };
    const none = imageFile(SECOND_IMAGE_ID, 1000, 500);
    none.renditions = none.renditions.map((r) => ({ ...r, url: '/relative' }));
    const document = ninjs({ ...release, files: { ...release.files, [IMAGE_ID]: broken, [SECOND_IMAGE_ID]: none } });
    const associations = document.associations as Array<{ name: string; uri: string; renditions: Array<{ name: string }> }>;
    const lead = associations.find((a) => a.name === 'mainpic')!;
    expect(lead.uri.endsWith(IMAGE_ID)).toBe(true);
    expect(lead.renditions.map((r) => r.name)).toEqual(broken.renditions.slice(1).map((r) => r.name));
    expect(associations.some((a) => a.uri.endsWith(SECOND_IMAGE_ID))).toBe(false);
  });

  test('retracted: canceled, with the retraction note for the receiving editors', () => {
    const release = fixtureRelease2023({ status: 'retracted', version: 2, updatedAt: '2023-06-20T09:00:00.000Z', retractionNote: 'Issued in error.' });
    const document = ninjs(release);
    expect(document).toMatchObject({ pubstatus: 'canceled', version: '2', ednote: 'Issued in error.', firstcreated: release.publishedAt, versioncreated: '2023-06-20T09:00:00.000Z' });
    expect(ninjs({ ...release, retractionNote: undefined })).not.toHaveProperty('ednote');
  });

  test('scheduled under embargo: withheld, embargoed until publishedAt, not yet first created', () => {
    const release = fixtureRelease2023({ status: 'scheduled', embargo: true, publishedAt: '2031-01-01T08:00:00.000Z', updatedAt: '2030-12-30T12:00:00.000Z' });
    const document = ninjs(release);
    expect(document).toMatchObject({ pubstatus: 'withheld', embargoed: '2031-01-01T08:00:00.000Z', versioncreated: '2030-12-30T12:00:00.000Z' });
    expect(document).not.toHaveProperty('firstcreated');
    // Scheduled without embargo: nobody has it before the instant, so there is no embargo to state.
    const plain = ninjs({ ...release, embargo: false });
    expect(plain.pubstatus).toBe('withheld');
    expect(plain).not.toHaveProperty('embargoed');
  });

  test('a draft is withheld', () => {
    const document = ninjs(fixtureRelease2023({ status: 'draft' }));
    expect(document.pubstatus).toBe('withheld');
    expect(document).not.toHaveProperty('firstcreated');
  });

  test('an HTML body is one body, sanitised again; an empty summary and no url leave their properties out', () => {
    const document = ninjs(
      fixtureRelease2023({ bodyFormat: 'html', body: '<p>Meeting <b>held</b>.</p><script>alert(1)</script>', summary: '', url: undefined, countries: [], officials: [] }),
    );
    expect(document.bodies).toEqual([{ role: 'main', contenttype: 'text/html', value: '<p>Meeting <b>held</b>.</p>' }]);
    for (const key of ['descriptions', 'renditions', 'people', 'places']) expect(document).not.toHaveProperty(key);
  });
});

describe('the ninjs 2.0 test schema', () => {
  const valid = () => JSON.parse(JSON.stringify(toNinjs(withMedia(), SITE, OFFICIALS))) as Record<string, unknown> & {
    associations: Array<Record<string, unknown>>;
  };

  test.each([
    ['a property ninjs 2.0 does not have', (d: ReturnType<typeof valid>) => (d.headline = 'x')],
    ['no uri', (d: ReturnType<typeof valid>) => delete d.uri],
    ['a pubstatus outside the enum', (d: ReturnType<typeof valid>) => (d.pubstatus = 'published')],
    ['a version as a number', (d: ReturnType<typeof valid>) => (d.version = 1)],
    ['a date that is no date-time', (d: ReturnType<typeof valid>) => (d.versioncreated = '15 June 2023')],
    ['an association without a name', (d: ReturnType<typeof valid>) => delete d.associations[0]!.name],
    ['an association with a misspelt property', (d: ReturnType<typeof valid>) => (d.associations[0]!.rendition = [])],
  ])('refuses %s, so the checks above can fail', (_name, spoil) => {
    const document = valid();
    expect(validateNinjs(document)).toBe(true);
    spoil(document);
    expect(validateNinjs(document)).toBe(false);
  });
});
