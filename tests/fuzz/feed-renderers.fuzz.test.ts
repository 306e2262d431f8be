// Property-based fuzzing of the pure feed renderers: whatever the table holds (the API
// normalises input, but renderers must not depend on that), every feed file stays
// well-formed and readable by an independent parser, and nothing XML cannot carry gets out.
import { SITE } from '../support/site.ts';
import { parseFeed } from '@rowanmanning/feed-parser';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import type { FeedRef } from '../../lambdas/core/feed-keys.ts';
import { renderDirectoryFiles, renderFeedFiles, type FeedFile } from '../../lambdas/core/feeds/feed-files.ts';
import { renderDirectory } from '../../lambdas/core/feeds/render-directory.ts';
import type { Official, Release } from '../../lambdas/core/release.ts';
import { BASE_URL, OFFICIALS } from '../lambdas/core/feeds/feed-fixtures.ts';
import { expectValidJsonFeed } from '../lambdas/core/feeds/json-feed-schema.ts';
import { expectNoIllegalCharacters, expectWellFormedXml } from '../lambdas/core/feeds/xml-checks.ts';
import { COUNTRIES, hostileNonBlank, hostileText, LANGUAGES, OFFICIAL_SLUGS, XML_ILLEGAL } from './arbitraries.ts';
import { ULID_PATTERN } from '../../lambdas/core/ulid.ts';
import type { MediaFile } from '../../lambdas/core/media-schema.ts';
import { XMLParser } from 'fast-xml-parser';
import { documentFile, imageFile } from '../lambdas/core/feeds/media-fixtures.ts';
import { childText, mediaContent, readWithFeedparser } from '../lambdas/core/feeds/feedparser-read.ts';
import { attribute, elements, parseHtml, textOf } from '../lambdas/core/feeds/html-checks.ts';

const XML_ILLEGAL_ALL = new RegExp(XML_ILLEGAL.source, 'gu');

const date = fc.date({ min: new Date('1990-01-01'), max: new Date('2090-01-01'), noInvalidDate: true }).map((d) => d.toISOString());

const MEDIA_IDS = ['01H3FVZZMEDIA0000000000001', '01H3FVZZMEDIA0000000000002', '01H3FVZZMEDIA0000000000003', '01H3FVZZMEDIA0000000000004'] as const;

/** What a rendition URL may carry after the URL rule: quotes, ampersands and brackets in a query. */
const HOSTILE_QUERIES = ['', '?a=1&b=2', '?q=<"x">&c=>', "?it's=%00&amp;", '#frag"<>'] as const;

/** A media item as a release keeps it: an image (maybe transparent, maybe tiny) or a PDF. */
const mediaFile = (id: string): fc.Arbitrary<MediaFile> =>
  fc.tuple(
    fc.oneof(
      fc.record({ width: fc.integer({ min: 1, max: 8000 }), height: fc.integer({ min: 1, max: 8000 }), transparent: fc.boolean() }).map(({ width, height, transparent }) => imageFile(id, width, height, { transparent })),
      fc.integer({ min: 1, max: 50_000_000 }).map((bytes) => documentFile(id, bytes)),
    ),
    fc.constantFrom(...HOSTILE_QUERIES),
  ).map(([file, query]) => ({ ...file, renditions: file.renditions.map((rendition) => ({ ...rendition, url: `${rendition.url}${query}` })) }));

/** Files for some of the media ids: the others are missing, which the renderers must survive. */
const mediaFiles: fc.Arbitrary<Record<string, MediaFile>> = fc
  .tuple(...MEDIA_IDS.map((id) => fc.option(mediaFile(id), { nil: undefined })))
  .map((found) => Object.fromEntries(found.flatMap((file, i) => (file === undefined ? [] : [[MEDIA_IDS[i]!, file] as const]))));

const images = fc.uniqueArray(
  fc.record({ media: fc.constantFrom(...MEDIA_IDS), alt: hostileNonBlank(16), caption: fc.option(hostileText(16), { nil: undefined }), credit: fc.option(hostileText(10), { nil: undefined }) }, { requiredKeys: ['media', 'alt'] }),
  { selector: (image) => image.media, maxLength: 3 },
);
const attachments = fc.uniqueArray(fc.record({ media: fc.constantFrom(...MEDIA_IDS), title: hostileNonBlank(16) }), { selector: (attachment) => attachment.media, maxLength: 3 });

/** A stored release: valid ids, countries and dates (the API guarantees those), hostile text. */
const release: fc.Arbitrary<Release> = fc.record({
  id: fc.stringMatching(ULID_PATTERN),
  version: fc.integer({ min: 1, max: 1000 }),
  title: hostileNonBlank(30),
  summary: hostileText(30),
  body: fc.oneof(
    hostileText(60),
    hostileText(20).map((s) => `<p>${s}</p><script>alert(1)</script><p><a href="https://example.org/?a=1&amp;b=2">${s}</a> ]]></p>`),
  ),
  bodyFormat: fc.constantFrom('text' as const, 'html' as const),
  language: fc.oneof(fc.constantFrom(...LANGUAGES), hostileText(4)),
  countries: fc.subarray([...COUNTRIES]),
  officials: fc.subarray([...OFFICIAL_SLUGS, 'unknown-official']),
  url: fc.option(fc.oneof(fc.webUrl({ withQueryParameters: true, withFragments: true }), fc.constant('https://example.org/a?b=1&c=<2>#"x"')), { nil: undefined }),
  publishedAt: date,
  updatedAt: date,
  status: fc.constant('published' as const),
  embargo: fc.constant(false),
  images,
  attachments,
  files: mediaFiles,
  changes: fc.array(fc.record({ at: date, note: fc.oneof(hostileNonBlank(40), hostileText(8)) }), { maxLength: 3 }),
}, { requiredKeys: ['id', 'version', 'title', 'summary', 'body', 'bodyFormat', 'language', 'countries', 'officials', 'publishedAt', 'updatedAt', 'status', 'embargo', 'images', 'attachments', 'files', 'changes'] });

/** The registry with hostile display names and roles (an admin can type anything). */
const officials: fc.Arbitrary<ReadonlyMap<string, Official>> = fc
  .array(fc.record({ az: hostileNonBlank(12), en: hostileNonBlank(12), role: hostileText(12) }), { minLength: OFFICIAL_SLUGS.length, maxLength: OFFICIAL_SLUGS.length })
  .chain((names) =>
    fc.boolean().map((hostile) =>
      hostile
        ? new Map(
            OFFICIAL_SLUGS.map((slug, i) => [slug, { slug, names: { az: names[i]!.az, en: names[i]!.en }, role: { en: names[i]!.role }, country: 'AZ' }] as const),
          )
        : OFFICIALS,
    ),
  );

const feed: fc.Arbitrary<FeedRef> = fc.oneof(
  fc.constant<FeedRef>({ kind: 'all' }),
  fc.constantFrom(...COUNTRIES).map((code): FeedRef => ({ kind: 'country', code })),
  fc.constantFrom(...OFFICIAL_SLUGS, 'unknown-official').map((slug): FeedRef => ({ kind: 'official', slug })),
);

const clean = (text: string) => text.replace(XML_ILLEGAL_ALL, '');
/** What of a release's media a feed can show: images with an image's files, attachments with any. */
const shownImages = (r: Release) => r.images.filter((image) => r.files[image.media]?.kind === 'image');
const shownAttachments = (r: Release) => r.attachments.filter((attachment) => r.files[attachment.media] !== undefined);
const xmlParser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (name) => ['item', 'entry', 'link', 'media:content', 'enclosure'].includes(name) });

/**
 * Photo words as a parser hands them back: XML-illegal characters gone, line ends normalised
 * (XML 1.0 § 2.11 and HTML's input stream turn CR LF and a lone CR into LF), and trimmed
 * (they are stored trimmed, and feedparser trims text).
 */
const readBack = (text: string) => clean(text).replace(/\r\n?/g, '\n').trim();
/** sax, under feedparser, leaves CR as it is: compare line ends normalised on both sides. */
const lines = (text: string) => text.replace(/\r\n?/g, '\n');

function bodyOf(files: FeedFile[], extension: string): string {
  const file = files.find((candidate) => candidate.path.endsWith(`.${extension}`));
  if (!file) throw new Error(`no .${extension} file`);
  return file.body;
}

describe('feed renderers, random releases', () => {
  test('every feed file is well-formed, parses, validates and carries no XML-illegal character', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(release, { selector: (r) => r.id, minLength: 0, maxLength: 4 }),
        feed,
        officials,
        fc.option(fc.constantFrom(...LANGUAGES), { nil: undefined }),
        (releases, ref, registry, language) => {
          const newestFirst = [...releases].sort((a, b) => b.publishedAt.localeCompare(a.publishedAt));
          const files = renderFeedFiles({ site: SITE, feed: ref, releases: newestFirst, officials: registry, baseUrl: BASE_URL, ...(language ? { language } : {}) });
          expect(files.map((file) => file.path.split('.').pop())).toEqual(['rss', 'atom', 'json', 'html']);
          for (const extension of ['rss', 'atom']) {
            const xml = bodyOf(files, extension);
            expectWellFormedXml(xml);
            expect(parseFeed(xml).items).toHaveLength(releases.length);
          }
          const jsonFeed = expectValidJsonFeed(bodyOf(files, 'json'));
          expect(jsonFeed.items).toHaveLength(releases.length);
          // In JSON the characters can hide as escapes; what a reader decodes is what counts.
          const strings: string[] = [];
          JSON.parse(bodyOf(files, 'json'), (_key, value: unknown) => (typeof value === 'string' && strings.push(value), value));
          for (const value of strings) expect(XML_ILLEGAL.test(value), JSON.stringify(value)).toBe(false);
          // Every change with something left to show once cleaned is shown, as data and on the page.
          const shown = (r: Release) => r.changes.filter((change) => change.note.replace(XML_ILLEGAL_ALL, '').trim() !== '').length;
          const items = jsonFeed.items as Array<{ id: string; _pressroom?: { changes?: unknown[] } }>;
          for (const r of releases) {
            const item = items.find((candidate) => candidate.id.endsWith(`/release/${r.id}`));
            expect(item?._pressroom?.changes?.length ?? 0).toBe(shown(r));
          }
          // Photos and downloads: each one that has its files, and nothing else, in every format.
          const byId = (id: string) => releases.find((r) => id.endsWith(`/release/${r.id}`))!;
          for (const rssItem of xmlParser.parse(bodyOf(files, 'rss')).rss.channel.item ?? []) {
            const r = byId(String(rssItem.guid['#text']));
            expect(rssItem['media:content'] ?? []).toHaveLength(shownImages(r).length + shownAttachments(r).length);
            expect(rssItem.enclosure ?? []).toHaveLength(shownImages(r).length > 0 ? 1 : 0);
          }
          for (const entry of xmlParser.parse(bodyOf(files, 'atom')).feed.entry ?? []) {
            const r = byId(String(entry.id));
            expect(entry['media:content'] ?? []).toHaveLength(shownImages(r).length + shownAttachments(r).length);
            const enclosures = (entry.link as Array<{ rel?: string }>).filter((link) => link.rel === 'enclosure');
            expect(enclosures).toHaveLength((shownImages(r).length > 0 ? 1 : 0) + shownAttachments(r).length);
          }
          for (const item of jsonFeed.items as Array<{ id: string; image?: string; attachments?: unknown[] }>) {
            const r = byId(item.id);
            expect(item.image !== undefined).toBe(shownImages(r).length > 0);
            expect(item.attachments?.length ?? 0).toBe(shownAttachments(r).length);
          }
          const html = bodyOf(files, 'html');
          // The lead photo's alt text, read back by the HTML parser, is the text less what XML cannot carry.
          const page = parseHtml(html);
          const leads = releases.flatMap((r) => shownImages(r).slice(0, 1));
          expect(elements(page, 'img').map((img) => attribute(img, 'alt')).sort()).toEqual(leads.map((image) => readBack(image.alt)).sort());
          expect(elements(page, 'a').filter((a) => attribute(a, 'download') !== undefined)).toHaveLength(releases.reduce((sum, r) => sum + shownAttachments(r).length, 0));
          expect(html).not.toMatch(/<script/i);
          expect(html.match(/class="meta pressroom-change"/g) ?? []).toHaveLength(releases.reduce((sum, r) => sum + shown(r), 0));
          for (const file of files) expectNoIllegalCharacters(file.body);
          // Pure: the same data gives the same bytes (ETags stay stable).
          expect(renderFeedFiles({ site: SITE, feed: ref, releases: newestFirst, officials: registry, baseUrl: BASE_URL, ...(language ? { language } : {}) })).toEqual(files);
        },
      ),
      { numRuns: 300 },
    );
  });

  test('feedparser reads every photo\'s alt, caption and credit and every download\'s title back as written, less what XML cannot carry', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(release, { selector: (r) => r.id, minLength: 1, maxLength: 3 }), async (releases) => {
        const newestFirst = [...releases].sort((a, b) => b.publishedAt.localeCompare(a.publishedAt) || (a.id < b.id ? 1 : -1));
        const files = renderFeedFiles({ site: SITE, feed: { kind: 'all' }, releases: newestFirst, officials: OFFICIALS, baseUrl: BASE_URL });
        for (const extension of ['rss', 'atom']) {
          const items = await readWithFeedparser(bodyOf(files, extension));
          expect(items).toHaveLength(releases.length);
          for (const item of items) {
            const r = releases.find((candidate) => String(item.guid).endsWith(`/release/${candidate.id}`))!;
            const read = mediaContent(item);
            const expected = [
              ...shownImages(r).map((image) => ({ title: image.alt, description: image.caption, credit: image.credit })),
              ...shownAttachments(r).map((attachment) => ({ title: attachment.title, description: undefined, credit: undefined })),
            ];
            expect(read).toHaveLength(expected.length);
            read.forEach((element, i) => {
              const want = expected[i]!;
              expect(lines(childText(element, 'media:title') ?? '')).toBe(readBack(want.title));
              expect(lines(childText(element, 'media:description') ?? '')).toBe(readBack(want.description ?? ''));
              expect(lines(childText(element, 'media:credit') ?? '')).toBe(readBack(want.credit ?? ''));
            });
          }
        }
      }),
      { numRuns: 60 },
    );
  });

  test('the directory page escapes every name and carries no XML-illegal character', () => {
    fc.assert(
      fc.property(fc.uniqueArray(feed, { selector: (ref) => JSON.stringify(ref), maxLength: 8 }), officials, fc.option(fc.oneof(fc.constantFrom(...LANGUAGES), hostileText(4)), { nil: undefined }), (feeds, registry, language) => {
        const file = { path: 'feeds/index.html', body: renderDirectory({ site: SITE, feeds, officials: registry, baseUrl: BASE_URL, ...(language === undefined ? {} : { language }) }) };
        expect(renderDirectoryFiles({ site: SITE, feeds, officials: registry, baseUrl: BASE_URL }).map((f) => f.path)).toEqual([
          'feeds/index.html',
          ...SITE.config.languages.map((l) => `feeds/${l}/index.html`),
        ]);
        expectNoIllegalCharacters(file.body);
        expect(file.body).not.toMatch(/<script/i);
        // Every listed feed (and `all`) is discoverable in three subscribable formats.
        // (the feeds of the page's first section: every language's on /feeds/; in a language's version its own, none of which exist here).
        const listed = language !== undefined && SITE.config.languages.includes(language) ? 0 : new Set(['all', ...feeds.map((ref) => (ref.kind === 'all' ? 'all' : JSON.stringify(ref)))]).size;
        expect(file.body.match(/<link rel="alternate" type=/g) ?? []).toHaveLength(3 * listed);
        // And each version of the directory, /feeds/ as x-default.
        expect(file.body.match(/<link rel="alternate" hreflang=/g) ?? []).toHaveLength(SITE.config.languages.length + 1);
      }),
      { numRuns: 200 },
    );
  });
});
