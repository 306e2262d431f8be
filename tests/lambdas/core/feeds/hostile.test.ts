import { parseFeed } from '@rowanmanning/feed-parser';
import { SITE } from '../../../support/site.ts';
import fc from 'fast-check';
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, test } from 'vitest';
import type { FeedRef } from '../../../../lambdas/core/feed-keys.ts';
import { entryId } from '../../../../lambdas/core/feeds/entry-id.ts';
import { renderFeedFiles, type FeedFile } from '../../../../lambdas/core/feeds/feed-files.ts';
import { stripXmlIllegal } from '../../../../lambdas/core/xml-chars.ts';
import type { Official, Release } from '../../../../lambdas/core/release.ts';
import { context, hostileHtmlRelease, hostileRelease, OFFICIALS } from './feed-fixtures.ts';
import { expectValidJsonFeed } from './json-feed-schema.ts';
import { expectNoIllegalCharacters, expectWellFormedXml } from './xml-checks.ts';

const FEEDS: FeedRef[] = [{ kind: 'all' }, { kind: 'country', code: 'KZ' }, { kind: 'official', slug: 'sahibe-qafarova' }];

function bodyOf(files: FeedFile[], extension: string): string {
  const file = files.find((candidate) => candidate.path.endsWith(`.${extension}`));
  if (!file) throw new Error(`no .${extension} file`);
  return file.body;
}

/** Every check an independent consumer would make, for one rendered feed. */
function expectReadable(files: FeedFile[], releases: Release[]): void {
  const ids = releases.filter((release) => release.status === 'published').map((release) => entryId(SITE, stripXmlIllegal(release.id)));
  for (const extension of ['rss', 'atom']) {
    const xml = bodyOf(files, extension);
    expectWellFormedXml(xml);
    expect(new Set(parseFeed(xml).items.map((item) => item.id))).toEqual(new Set(ids));
  }
  const json = expectValidJsonFeed(bodyOf(files, 'json'));
  expectNoIllegalCharacters(JSON.stringify(json).replace(/\\u00[01][0-9a-f]/gi, ''));
  expectNoIllegalCharacters(bodyOf(files, 'html'));
  for (const file of files) expect(file.body).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/);
}

describe('hostile data', () => {
  const releases = [hostileRelease(), hostileHtmlRelease(), hostileRelease({ url: 'https://example.org/a?b=1&c=<2>#"x"' })];

  test.each(FEEDS)('every format stays well-formed and readable: %o', (feed) => {
    expectReadable(renderFeedFiles(context(feed, releases)), releases);
  });

  test('titles come back as the text that was sent, minus illegal characters', () => {
    const [release] = releases;
    const files = renderFeedFiles(context({ kind: 'all' }, [release!]));
    const expected = stripXmlIllegal(release!.title);
    // Atom titles are type="text": the XML-level value is the title itself.
    const atom = new XMLParser({ ignoreAttributes: false }).parse(bodyOf(files, 'atom')) as { feed: { entry: { title: { '#text': string; '@_type': string } } } };
    expect(atom.feed.entry.title['@_type']).toBe('text');
    expect(atom.feed.entry.title['#text']).toBe(expected.trim());
    expect((expectValidJsonFeed(bodyOf(files, 'json')).items as Array<{ title: string }>)[0]?.title).toBe(expected);
    // This parser decodes entities in every title once more (as many readers do), so a literal
    // "&amp;" in a title cannot survive it; only the pieces that must are checked.
    for (const format of ['rss', 'atom']) {
      const title = parseFeed(bodyOf(files, format)).items[0]?.title ?? '';
      for (const piece of [']]> twice ]]>', '<script>alert(1)</script>', '😀', '\u200F\u202Eمرحبا\u202C']) expect(title).toContain(piece);
    }
  });

  test('markup in text never becomes markup', () => {
    const files = renderFeedFiles(context({ kind: 'all' }, releases));
    // The XML-level value, i.e. the HTML a reader renders (feed-parser would decode it once more).
    const atom = new XMLParser({ ignoreAttributes: false }).parse(bodyOf(files, 'atom')) as {
      feed: { entry: Array<{ content: { '#text': string } }> };
    };
    const content = atom.feed.entry[0]?.content['#text'] ?? '';
    expect(content).toContain('<p>First ]]&gt; para &lt;script&gt;x&lt;/script&gt;</p>');
    expect(content).not.toContain('<script>');
    expect(bodyOf(files, 'html')).not.toContain('<script>');
  });

  test('names from the officials registry are escaped everywhere too', () => {
    const officials = new Map<string, Official>([
      ...OFFICIALS,
      ['sahibe-qafarova', { slug: 'sahibe-qafarova', names: { az: 'A <b> & "q" ]]> ]]> \u0002\uD800' }, role: {}, country: 'AZ' }],
    ]);
    const release = hostileRelease();
    for (const feed of FEEDS) {
      const files = renderFeedFiles({ ...context(feed, [release]), officials });
      expectReadable(files, [release]);
      const labels = parseFeed(bodyOf(files, 'atom')).items[0]?.categories.map((category) => category.label);
      expect(labels).toContain('A <b> & "q" ]]> ]]>');
    }
  });

  test('change notes are escaped and stripped like every other text', () => {
    const note = 'Note \u0000\u0001\u000B ]]> twice ]]> <script>alert(1)</script> &amp; "q" \uD800 😀 \u202Eمرحبا\u202C \uFFFF';
    const release = hostileRelease({ changes: [{ at: '2024-01-03T03:04:05.000Z', note }] });
    const expected = stripXmlIllegal(note);
    for (const feed of FEEDS) {
      const files = renderFeedFiles(context(feed, [release]));
      expectReadable(files, [release]);
      // JSON carries plain text as it is (the title already does); markup anywhere else would be live.
      for (const file of files.filter((candidate) => !candidate.path.endsWith('.json'))) expect(file.body, file.path).not.toContain('<script>');
      const atom = new XMLParser({ ignoreAttributes: false, trimValues: false }).parse(bodyOf(files, 'atom')) as {
        feed: { entry: { summary: { '#text': string }; content: { '#text': string } } };
      };
      // Plain text in the summary, one level of escaping in the HTML content.
      expect(atom.feed.entry.summary['#text']).toContain(`: ${expected}`);
      expect(atom.feed.entry.content['#text']).toContain('</time>: Note  ]]&gt; twice ]]&gt; &lt;script&gt;alert(1)&lt;/script&gt; &amp;amp; &quot;q&quot;');
      const json = expectValidJsonFeed(bodyOf(files, 'json')) as { items: Array<{ _pressroom: { changes: Array<{ note: string }> } }> };
      expect(json.items[0]?._pressroom.changes[0]?.note).toBe(expected);
    }
  });

  test('well-formed for any release (property)', () => {
    const nasty = fc.constantFrom(']]>', '<', '>', '&', '&amp;', '"', "'", '\u0000', '\u0001', '\u000B', '\uD800', '\uDFFF', '\uFFFE', '\uFFFF', '😀', '\u202E', 'ə', 'İ', '<![CDATA[', '-->', '\r\n', '\n\n');
    const anyUnit = fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code));
    const text = fc.array(fc.oneof(nasty, anyUnit, fc.string()), { maxLength: 30 }).map((parts) => parts.join(''));
    const release = fc.record({
      id: fc.oneof(fc.string({ minLength: 1, maxLength: 30 }), text.filter((value) => stripXmlIllegal(value) !== '')),
      version: fc.integer({ min: 1, max: 50 }),
      title: text,
      summary: text,
      body: text,
      bodyFormat: fc.constantFrom('text' as const, 'html' as const),
      language: fc.oneof(fc.constantFrom('az', 'en', 'ru', 'az-Latn'), text),
      countries: fc.array(fc.oneof(fc.constantFrom('KZ', 'RU', 'AZ', 'TR'), text), { maxLength: 4 }),
      officials: fc.array(fc.oneof(fc.constantFrom('sahibe-qafarova', 'maulen-ashimbayev'), text), { maxLength: 3 }),
      url: fc.option(fc.oneof(fc.webUrl(), text), { nil: undefined }),
      publishedAt: fc.oneof(fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map((date) => date.toISOString()), text),
      updatedAt: fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map((date) => date.toISOString()),
      status: fc.constant('published' as const),
      embargo: fc.constant(false),
      images: fc.constant<Release['images']>([]),
      attachments: fc.constant<Release['attachments']>([]),
      files: fc.constant<Release['files']>({}),
      changes: fc.array(
        fc.record({ at: fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map((date) => date.toISOString()), note: text }),
        { maxLength: 3 },
      ),
    });
    fc.assert(
      fc.property(fc.array(release, { minLength: 1, maxLength: 3 }), fc.constantFrom(...FEEDS), (generated, feed) => {
        // The API assigns distinct ids; duplicates would only test the property's own setup.
        fc.pre(new Set(generated.map((item) => stripXmlIllegal(item.id))).size === generated.length);
        const files = renderFeedFiles(context(feed, generated));
        expectReadable(files, generated);
        expect(renderFeedFiles(context(feed, generated))).toEqual(files);
      }),
      { numRuns: 150 },
    );
  });
});
