// Property-based fuzzing of the pure feed renderers: whatever the table holds (the API
// normalises input, but renderers must not depend on that), every feed file stays
// well-formed and readable by an independent parser, and nothing XML cannot carry gets out.
import { SITE } from '../support/site.ts';
import { parseFeed } from '@rowanmanning/feed-parser';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import type { FeedRef } from '../../lambdas/core/feed-keys.ts';
import { renderDirectoryFile, renderFeedFiles, type FeedFile } from '../../lambdas/core/feeds/feed-files.ts';
import type { Official, Release } from '../../lambdas/core/release.ts';
import { BASE_URL, OFFICIALS } from '../lambdas/core/feeds/feed-fixtures.ts';
import { expectValidJsonFeed } from '../lambdas/core/feeds/json-feed-schema.ts';
import { expectNoIllegalCharacters, expectWellFormedXml } from '../lambdas/core/feeds/xml-checks.ts';
import { COUNTRIES, hostileNonBlank, hostileText, LANGUAGES, OFFICIAL_SLUGS, XML_ILLEGAL } from './arbitraries.ts';
import { ULID_PATTERN } from '../../lambdas/core/ulid.ts';

const XML_ILLEGAL_ALL = new RegExp(XML_ILLEGAL.source, 'gu');

const date = fc.date({ min: new Date('1990-01-01'), max: new Date('2090-01-01'), noInvalidDate: true }).map((d) => d.toISOString());

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
  images: fc.constant([]),
  attachments: fc.constant([]),
  files: fc.constant({}),
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
          const items = jsonFeed.items as Array<{ id: string; _pressroom?: { changes: unknown[] } }>;
          for (const r of releases) {
            const item = items.find((candidate) => candidate.id.endsWith(`/release/${r.id}`));
            expect(item?._pressroom?.changes.length ?? 0).toBe(shown(r));
          }
          const html = bodyOf(files, 'html');
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

  test('the directory page escapes every name and carries no XML-illegal character', () => {
    fc.assert(
      fc.property(fc.uniqueArray(feed, { selector: (ref) => JSON.stringify(ref), maxLength: 8 }), officials, fc.option(fc.oneof(fc.constantFrom(...LANGUAGES), hostileText(4)), { nil: undefined }), (feeds, registry, language) => {
        const file = renderDirectoryFile({ site: SITE, feeds, officials: registry, baseUrl: BASE_URL, ...(language === undefined ? {} : { language }) });
        expect(file.path).toBe('feeds/index.html');
        expectNoIllegalCharacters(file.body);
        expect(file.body).not.toMatch(/<script/i);
        // Every listed feed (and `all`) is discoverable in three subscribable formats.
        const listed = new Set(['all', ...feeds.map((ref) => (ref.kind === 'all' ? 'all' : JSON.stringify(ref)))]).size;
        expect(file.body.match(/<link rel="alternate" /g) ?? []).toHaveLength(3 * listed);
      }),
      { numRuns: 200 },
    );
  });
});
