// A release's public change history in every feed format and on the HTML pages:
// "Updated <date>: <note>" per change, newest first, after the content, escaped like all text.
import { parseFeed } from '@rowanmanning/feed-parser';
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, test } from 'vitest';
import type { FeedRef } from '../../../../lambdas/core/feed-keys.ts';
import { renderFeedFiles, type FeedFile } from '../../../../lambdas/core/feeds/feed-files.ts';
import { entryChanges } from '../../../../lambdas/core/feeds/change-notes.ts';
import { FEED_CONTENT_BUDGET_BYTES, withinContentBudget } from '../../../../lambdas/core/feeds/resolve-feed.ts';
import type { Release } from '../../../../lambdas/core/release.ts';
import { KAZAKHSTAN_CONFIG, SITE, siteFrom } from '../../../support/site.ts';
import { context, fixtureRelease2023 } from './feed-fixtures.ts';
import { expectValidJsonFeed } from './json-feed-schema.ts';
import { expectWellFormedXml } from './xml-checks.ts';

const corrected = fixtureRelease2023({
  version: 3,
  updatedAt: '2023-06-17T09:30:00.000Z',
  // Oldest first, as the history is stored.
  changes: [
    { at: '2023-06-16T08:00:00.000Z', note: 'Tarix düzəldildi <b>&amp;</b>' },
    { at: '2023-06-17T09:30:00.000Z', note: 'Ad "Senat" ]]> düzəldildi' },
  ],
});
const untouched = fixtureRelease2023({ id: '01H3ABCDEF0123456789XYZKQN', publishedAt: '2023-06-14T10:00:00.000Z', updatedAt: '2023-06-14T10:00:00.000Z' });

// Baku is UTC+4; the catalogue's az wording.
const NEWER_TEXT = 'Yeniləndi 17 iyun 2023, 13:30: Ad "Senat" ]]> düzəldildi';
const OLDER_TEXT = 'Yeniləndi 16 iyun 2023, 12:00: Tarix düzəldildi <b>&amp;</b>';
const NEWER_HTML = '<p class="pressroom-change">Yeniləndi <time datetime="2023-06-17T09:30:00.000Z">17 iyun 2023, 13:30</time>: Ad &quot;Senat&quot; ]]&gt; düzəldildi</p>';
const OLDER_HTML = '<p class="pressroom-change">Yeniləndi <time datetime="2023-06-16T08:00:00.000Z">16 iyun 2023, 12:00</time>: Tarix düzəldildi &lt;b&gt;&amp;amp;&lt;/b&gt;</p>';

const FEED: FeedRef = { kind: 'country', code: 'KZ' };
const files = renderFeedFiles(context(FEED, [corrected, untouched]));

function bodyOf(rendered: FeedFile[], extension: string): string {
  const file = rendered.find((candidate) => candidate.path.endsWith(`.${extension}`));
  if (!file) throw new Error(`no .${extension} file`);
  return file.body;
}

// The XML-level values, i.e. the HTML a reader renders and the plain text of type="text".
const xml = new XMLParser({ ignoreAttributes: false, trimValues: false });

interface AtomEntry {
  updated: string;
  summary: { '#text': string; '@_type': string };
  content: { '#text': string };
}
const atomEntries = (body: string) => [xml.parse(body).feed.entry].flat() as AtomEntry[];

interface RssItem {
  description: string;
  'content:encoded': string;
}
const rssItems = (body: string) => [xml.parse(body).rss.channel.item].flat() as RssItem[];

interface JsonItem {
  summary: string;
  content_html: string;
  content_text?: string;
  date_modified: string;
  _pressroom?: { changes: { at: string; note: string }[] };
}
const jsonItems = (body: string) => expectValidJsonFeed(body).items as JsonItem[];

describe('change notes', () => {
  test('Atom: after the content as escaped HTML, after the summary as text, newest first; updated stays updatedAt', () => {
    const atom = bodyOf(files, 'atom');
    expectWellFormedXml(atom);
    const [entry, plain] = atomEntries(atom);
    expect(entry!.updated).toBe('2023-06-17T09:30:00.000Z');
    expect(entry!.content['#text'].endsWith(`</p>\n${NEWER_HTML}\n${OLDER_HTML}`)).toBe(true);
    expect(entry!.summary['@_type']).toBe('text');
    expect(entry!.summary['#text']).toBe(`${corrected.summary}\n\n${NEWER_TEXT}\n\n${OLDER_TEXT}`);
    expect(plain!.content['#text']).not.toContain('pressroom-change');
    expect(plain!.summary['#text']).toBe(untouched.summary);
    // What a reader gets: the entry still parses and carries the text.
    const parsed = parseFeed(atom).items[0];
    expect(parsed?.content).toContain('17 iyun 2023, 13:30');
    expect(parsed?.description).toContain('Yeniləndi 16 iyun 2023, 12:00: Tarix düzəldildi');
  });

  test('RSS: after content:encoded and after the description, as the HTML they carry', () => {
    const rss = bodyOf(files, 'rss');
    expectWellFormedXml(rss);
    const [item, plain] = rssItems(rss);
    expect(item!['content:encoded'].endsWith(`</p>\n${NEWER_HTML}\n${OLDER_HTML}`)).toBe(true);
    expect(item!.description).toBe(`<p>${corrected.summary}</p>\n${NEWER_HTML}\n${OLDER_HTML}`);
    // A release without changes: the description is the escaped summary, as it always was.
    expect(plain!.description).toBe(untouched.summary);
    expect(plain!['content:encoded']).not.toContain('pressroom-change');
    expect(parseFeed(rss).items[0]?.content).toContain('Yeniləndi');
  });

  test('JSON Feed: in content_html and content_text, date_modified stays updatedAt, the history as a _pressroom extension', () => {
    const [item, plain] = jsonItems(bodyOf(files, 'json'));
    expect(item!.date_modified).toBe('2023-06-17T09:30:00.000Z');
    expect(item!.content_html.endsWith(`</p>\n${NEWER_HTML}\n${OLDER_HTML}`)).toBe(true);
    expect(item!.content_text).toBe(`${corrected.body}\n\n${NEWER_TEXT}\n\n${OLDER_TEXT}`);
    expect(item!.summary).toBe(corrected.summary);
    expect(item!._pressroom).toEqual({ changes: corrected.changes });
    expect(plain).not.toHaveProperty('_pressroom');
    expect(plain!.content_text).toBe(untouched.body);
  });

  test('JSON Feed: an HTML body has no content_text, the notes are in content_html', () => {
    const html = fixtureRelease2023({ bodyFormat: 'html', body: '<p>Salam</p>', changes: corrected.changes });
    const [item] = jsonItems(bodyOf(renderFeedFiles(context(FEED, [html])), 'json'));
    expect(item!.content_html).toBe(`<p>Salam</p>\n${NEWER_HTML}\n${OLDER_HTML}`);
    expect(item).not.toHaveProperty('content_text');
  });

  test('HTML page: under the entry that has them, newest first', () => {
    const page = bodyOf(files, 'html');
    const [first, second] = page.split('</article>');
    const newer = first!.indexOf(NEWER_HTML.replace('"pressroom-change"', '"meta pressroom-change"'));
    const older = first!.indexOf(OLDER_HTML.replace('"pressroom-change"', '"meta pressroom-change"'));
    expect(newer).toBeGreaterThan(first!.indexOf(`<p dir="auto">${corrected.summary}</p>`));
    expect(older).toBeGreaterThan(newer);
    expect(second).not.toContain('pressroom-change');
  });

  test.each([
    ['en', 'Updated June 17, 2023, 13:30: Ad "Senat" ]]> düzəldildi'],
    ['ru', 'Обновлено 17 июня 2023 г., 13:30: Ad "Senat" ]]> düzəldildi'],
  ])('the label and the date are in the feed language (%s)', (language, expected) => {
    const [entry] = atomEntries(bodyOf(renderFeedFiles(context(FEED, [corrected], { language })), 'atom'));
    expect(entry!.summary['#text']).toContain(expected);
  });

  test('another institution: its catalogue and its time zone (Almaty)', () => {
    const kazakhstan = siteFrom(KAZAKHSTAN_CONFIG);
    const release = fixtureRelease2023({ language: 'kk', changes: [{ at: '2023-06-17T09:30:00.000Z', note: 'Күні түзетілді' }] });
    const page = bodyOf(renderFeedFiles({ ...context(FEED, [release]), site: kazakhstan }), 'html');
    expect(page).toContain('Жаңартылды <time datetime="2023-06-17T09:30:00.000Z">2023 ж. 17 маусым, 15:30</time>: Күні түзетілді</p>');
  });

  test('a change whose note is nothing once cleaned is left out', () => {
    const changes = entryChanges([{ at: '2023-06-16T08:00:00.000Z', note: '\u0001\uD800 ' }, { at: '2023-06-17T08:00:00.000Z', note: 'ok\u0007' }], SITE, 'az');
    expect(changes.map((change) => change.note)).toEqual(['ok']);
  });
});

describe('change notes and the content budget', () => {
  const change = (i: number) => ({ at: new Date(Date.UTC(2024, 5, 1, 0, i)).toISOString(), note: `${i} ${'&'.repeat(490)}` });
  // 24 bodies of 100 KB of "&" (the existing size case), each corrected 100 times with long notes.
  const heavy = Array.from({ length: 24 }, (_, i): Release =>
    fixtureRelease2023({
      id: `01HZX3K6J5Q00000000000${String(i).padStart(4, '0')}`,
      title: `Release ${i}`,
      summary: `Summary ${i}`,
      body: '&'.repeat(100_000),
      countries: ['KZ'],
      publishedAt: new Date(Date.UTC(2024, 0, 1 + i)).toISOString(),
      updatedAt: new Date(Date.UTC(2024, 5, 1, 1)).toISOString(),
      changes: Array.from({ length: 100 }, (_, j) => change(j)),
    }),
  ).reverse();
  const big = renderFeedFiles(context(FEED, heavy));

  test.each(['rss', 'atom', 'json'])('notes count in: the .%s file stays within the budget plus its summaries', (extension) => {
    expect(Buffer.byteLength(bodyOf(big, extension), 'utf8')).toBeLessThan(FEED_CONTENT_BUDGET_BYTES + 200_000);
  });

  test('an entry beyond the budget keeps its notes while they fit, then loses them; every entry stays listed', () => {
    const entries = atomEntries(bodyOf(big, 'atom'));
    expect(entries).toHaveLength(24);
    // The newest: body and notes together are beyond the budget, its summary and notes are not.
    expect(entries[0]!.content['#text']).toMatch(/^<p>Summary 23<\/p>\n<p class="pressroom-change">/);
    expect(entries[0]!.content['#text'].match(/pressroom-change/g)).toHaveLength(100);
    for (const entry of entries.slice(1)) expect(entry.content['#text']).toMatch(/^<p>Summary \d+<\/p>$/);
    const items = jsonItems(bodyOf(big, 'json'));
    expect(items[0]!._pressroom?.changes).toHaveLength(100);
    expect(items[1]).not.toHaveProperty('_pressroom');
  });

  test('a body that fits alone but not with its notes gives way to the summary and the notes', () => {
    const [entry] = entryChanges([{ at: '2023-06-16T08:00:00.000Z', note: 'n'.repeat(400) }], SITE, 'az');
    // About 11 KB with its notes (text and HTML in JSON), about 1.2 KB as summary and notes.
    const entries = [{ contentHtml: `<p>${'b'.repeat(5_000)}</p>`, contentText: 'b'.repeat(5_000), summary: 's', changes: [entry!] }];
    expect(withinContentBudget(entries, 20_000)).toEqual(entries);
    expect(withinContentBudget(entries, 10_000)).toEqual([{ contentHtml: '<p>s</p>', summary: 's', changes: [entry] }]);
    expect(withinContentBudget(entries, 5_000)).toEqual([{ contentHtml: '<p>s</p>', summary: 's', changes: [entry] }]);
    expect(withinContentBudget(entries, 500)).toEqual([{ contentHtml: '<p>s</p>', summary: 's', changes: [] }]);
  });
});
