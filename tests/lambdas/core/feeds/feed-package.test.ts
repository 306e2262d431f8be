// The adapter around the `feed` package: what comes out must parse back, with two unrelated
// parsers, to exactly the strings that went in, whatever feed@6 does with them on the way.
import { parseFeed } from '@rowanmanning/feed-parser';
import { XMLParser } from 'fast-xml-parser';
import { Feed } from 'feed';
import { describe, expect, test } from 'vitest';
import { atomXml, rssXml, type FeedDocument } from '../../../../lambdas/core/feeds/feed-package.ts';
import { expectWellFormedXml } from './xml-checks.ts';

const TITLE = `MPs' vote: Budget & "tax" <2024>`;
const HOSTILE = 'a ]]> b ]]> c &amp; d <e> "f" \'g\'';

const doc: FeedDocument = {
  id: 'tag:example.org,2024:pressroom/feed/all',
  title: `Feed: ${TITLE}`,
  description: `About ${HOSTILE}`,
  language: 'kk',
  link: 'https://example.org/feeds/all.html',
  self: 'https://example.org/feeds/all.xml',
  updated: new Date('2024-03-01T10:00:00.000Z'),
  author: { name: 'Senate & "Co"', link: 'https://example.org/' },
  items: [
    {
      id: 'tag:example.org,2024:pressroom/release/1',
      title: TITLE,
      summary: `Summary: ${TITLE}`,
      contentHtml: '<p>Budget &amp; tax</p>',
      link: 'https://example.org/r/1',
      published: new Date('2024-03-01T09:00:00.000Z'),
      updated: new Date('2024-03-01T10:00:00.000Z'),
      language: 'kk',
      categories: [{ term: 'KZ', label: `<Kazakhstan> & ${HOSTILE}`, scheme: 'https://example.org/feeds/countries/' }],
    },
    {
      id: 'tag:example.org,2024:pressroom/release/2',
      title: HOSTILE,
      summary: HOSTILE,
      contentHtml: `<p>${HOSTILE.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')}</p>`,
      link: 'https://example.org/r/2',
      published: new Date('2024-02-01T09:00:00.000Z'),
      updated: new Date('2024-02-01T09:00:00.000Z'),
      language: 'ru',
      categories: [],
    },
  ],
};

const xmlParser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', textNodeName: '#text', htmlEntities: false });
/** fast-xml-parser leaves an element with attributes as an object; the text is under #text. */
const text = (node: unknown): unknown => (typeof node === 'object' && node !== null ? (node as Record<string, unknown>)['#text'] : node);

describe('atomXml', () => {
  const atom = atomXml(doc);
  const entries = (xmlParser.parse(atom).feed.entry as Record<string, unknown>[]);

  test('is well-formed, with entry titles and summaries as type="text"', () => {
    expectWellFormedXml(atom);
    expect(atom).not.toContain('type="html">MPs');
    expect(atom.match(/<title type="text">/g)).toHaveLength(2);
    expect(atom.match(/<summary type="text">/g)).toHaveLength(2);
    expect(atom.match(/<content type="html">/g)).toHaveLength(2);
  });

  test('a title parses back to exactly its text (fast-xml-parser)', () => {
    expect(text(entries[0]!.title)).toBe(TITLE);
    expect((entries[0]!.title as Record<string, string>)['@type']).toBe('text');
    expect(text(entries[0]!.summary)).toBe(`Summary: ${TITLE}`);
    expect(text(entries[1]!.title)).toBe(HOSTILE);
    expect(text(entries[1]!.summary)).toBe(HOSTILE);
    const category = (entries[0]!.category as Record<string, string>);
    expect(category['@label']).toBe(`<Kazakhstan> & ${HOSTILE}`);
    expect(text(xmlParser.parse(atom).feed.subtitle)).toBe(`About ${HOSTILE}`);
  });

  test('a title parses back to exactly its text (@rowanmanning/feed-parser)', () => {
    const parsed = parseFeed(atom);
    expect(parsed.title).toBe(`Feed: ${TITLE}`);
    expect(parsed.items[0]?.title).toBe(TITLE);
    expect(parsed.items[0]?.description).toBe(`Summary: ${TITLE}`);
    expect(parsed.authors[0]?.name).toBe('Senate & "Co"');
    // This parser decodes entities in text once more, so a literal "&amp;" comes back as "&".
    expect(parsed.items[1]?.title).toBe(HOSTILE.replace('&amp;', '&'));
  });

  test('xml:lang on the root, and on an entry only where it differs', () => {
    expect(atom).toContain('<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="kk">');
    expect(parseFeed(atom).language).toBe('kk');
    expect(atom.match(/<entry>/g)).toHaveLength(1);
    expect(atom).toContain('<entry xml:lang="ru">');
  });

  test('identical input gives identical bytes', () => {
    expect(atomXml(doc)).toBe(atom);
  });
});

describe('rssXml', () => {
  const rss = rssXml(doc);
  const items = xmlParser.parse(rss).rss.channel.item as Record<string, unknown>[];

  test('is well-formed', () => expectWellFormedXml(rss));

  test('a title parses back to exactly its text (fast-xml-parser)', () => {
    expect(text(items[0]!.title)).toBe(TITLE);
    expect(text(items[1]!.title)).toBe(HOSTILE);
  });

  test('a title parses back to exactly its text (@rowanmanning/feed-parser)', () => {
    const parsed = parseFeed(rss);
    expect(parsed.title).toBe(`Feed: ${TITLE}`);
    expect(parsed.items[0]?.title).toBe(TITLE);
    expect(parsed.language).toBe('kk');
  });
});

// Canaries for the exit conditions written at the head of feed-package.ts: when one of these
// fails after an upgrade of `feed`, that workaround can go.
describe('what feed itself still does', () => {
  const atom = (() => {
    const feed = new Feed({ id: 'https://example.org/', title: 't', link: 'https://example.org/', language: 'kk', copyright: '' } as ConstructorParameters<typeof Feed>[0]);
    feed.addItem({ title: 'a & b', id: 'https://example.org/1', link: 'https://example.org/1', date: new Date(0) });
    return feed.atom1();
  })();

  test('writes no xml:lang in Atom', () => expect(atom).not.toContain('xml:lang'));
  test('marks entry titles type="html"', () => expect(atom).toContain('<title type="html">'));
});
