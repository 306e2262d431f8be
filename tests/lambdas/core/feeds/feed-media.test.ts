// A release's photos and downloads in every format, read back by independent parsers:
// danmactough's feedparser (enclosures and media:content), @rowanmanning/feed-parser,
// fast-xml-parser for the exact attributes, ajv against the JSON Feed schema, parse5 for the page.
import { parseFeed } from '@rowanmanning/feed-parser';
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, test } from 'vitest';
import { renderFeedFiles } from '../../../../lambdas/core/feeds/feed-files.ts';
import type { MediaFile } from '../../../../lambdas/core/media-schema.ts';
import { context, fixtureRelease2023 } from './feed-fixtures.ts';
import { childText, mediaContent, readWithFeedparser } from './feedparser-read.ts';
import { attribute, attributes, elements, parseHtml, parseHtmlStrictly, srcsetCandidates, textOf } from './html-checks.ts';
import { expectValidJsonFeed } from './json-feed-schema.ts';
import { documentFile, DOCUMENT_ID, IMAGE_ID, imageFile, MISSING_ID, SECOND_IMAGE_ID } from './media-fixtures.ts';
import { expectWellFormedXml } from './xml-checks.ts';

const PHOTO_AS_DOWNLOAD_ID = '01H3MEDIAIMAGE000000000003';

// Hostile on purpose: markup, "]]>" twice, quotes, an XML-illegal character inside a word, right-to-left text.
const ALT = 'Deputies "vote" & <b>ch\u0001eer</b> ]]> twice ]]> 😀 \u202Bשלום\u202C';
const ALT_READ = 'Deputies "vote" & <b>cheer</b> ]]> twice ]]> 😀 \u202Bשלום\u202C';
const CAPTION = 'Caption & <i>more</i> ]]> "quoted" \u000B';
const CAPTION_READ = 'Caption & <i>more</i> ]]> "quoted"';
const CREDIT = 'Photo: <Press & Co> ]]>';

const LEAD = imageFile(IMAGE_ID, 6000, 4000);
const SECOND = imageFile(SECOND_IMAGE_ID, 300, 200);
const PDF = documentFile(DOCUMENT_ID, 1_234_567);
const PHOTO_DOWNLOAD = imageFile(PHOTO_AS_DOWNLOAD_ID, 6000, 4000);

const rendition = (file: MediaFile, name: string) => {
  const found = file.renditions.find((candidate) => candidate.name === name);
  if (!found) throw new Error(`no ${name}`);
  return found;
};

const release = fixtureRelease2023({
  images: [
    { media: IMAGE_ID, alt: ALT, caption: CAPTION, credit: CREDIT },
    { media: MISSING_ID, alt: 'not there' },
    { media: SECOND_IMAGE_ID, alt: 'Second photo' },
  ],
  attachments: [
    { media: DOCUMENT_ID, title: 'Speech "in full" & <annex>' },
    { media: MISSING_ID, title: 'not there' },
    { media: PHOTO_AS_DOWNLOAD_ID, title: 'Official portrait' },
  ],
  files: { [IMAGE_ID]: LEAD, [SECOND_IMAGE_ID]: SECOND, [DOCUMENT_ID]: PDF, [PHOTO_AS_DOWNLOAD_ID]: PHOTO_DOWNLOAD },
});
const files = renderFeedFiles(context({ kind: 'all' }, [release], { language: 'en' }));
const plainFiles = renderFeedFiles(context({ kind: 'all' }, [fixtureRelease2023()], { language: 'en' }));
const body = (all: typeof files, extension: string) => all.find((file) => file.path.endsWith(`.${extension}`))!.body;

const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', parseAttributeValue: false, isArray: (name) => ['link', 'media:content', 'enclosure'].includes(name) });

/** The Media RSS both XML formats carry, as feedparser ("media_content") sees it. */
async function expectMediaRss(document: string) {
  const [item] = await readWithFeedparser(document);
  const content = mediaContent(item!);
  expect(content.map((element) => element['@'])).toEqual([
    { url: rendition(LEAD, '1600.jpg').url, medium: 'image', type: 'image/jpeg', width: '1600', height: '1067', filesize: String(rendition(LEAD, '1600.jpg').bytes) },
    { url: rendition(SECOND, '300.jpg').url, medium: 'image', type: 'image/jpeg', width: '300', height: '200', filesize: String(rendition(SECOND, '300.jpg').bytes) },
    { url: rendition(PDF, 'original.pdf').url, medium: 'document', type: 'application/pdf', filesize: '1234567' },
    { url: rendition(PHOTO_DOWNLOAD, 'full.jpg').url, medium: 'image', type: 'image/jpeg', width: '6000', height: '4000', filesize: String(rendition(PHOTO_DOWNLOAD, 'full.jpg').bytes) },
  ]);
  const [lead, second, pdf, portrait] = content;
  expect(childText(lead!, 'media:title')).toBe(ALT_READ);
  expect(childText(lead!, 'media:description')).toBe(CAPTION_READ);
  expect(childText(lead!, 'media:credit')).toBe(CREDIT);
  expect((lead!['media:title'] as { '@': Record<string, string> })['@']).toEqual({ type: 'plain' });
  expect((lead!['media:description'] as { '@': Record<string, string> })['@']).toEqual({ type: 'plain' });
  expect((lead!['media:thumbnail'] as { '@': Record<string, string> })['@']).toEqual({ url: rendition(LEAD, '400.jpg').url, width: '400', height: '267' });
  expect(childText(second!, 'media:title')).toBe('Second photo');
  expect(second).not.toHaveProperty('media:description');
  expect(second).not.toHaveProperty('media:credit');
  expect(childText(pdf!, 'media:title')).toBe('Speech "in full" & <annex>');
  expect(childText(portrait!, 'media:title')).toBe('Official portrait');
  return item!;
}

describe('RSS 2.0: the lead photo as the enclosure, every photo and download as Media RSS', () => {
  const rss = body(files, 'rss');

  test('well-formed, with the Media RSS namespace on the root; a feed without media does not declare it', () => {
    expectWellFormedXml(rss);
    expect(xml.parse(rss).rss['xmlns:media']).toBe('http://search.yahoo.com/mrss/');
    expect(body(plainFiles, 'rss')).not.toContain('xmlns:media');
    expect(body(plainFiles, 'rss')).not.toContain('<media:');
  });

  test('exactly one enclosure: the 1600 px JPEG of the lead photo, with its length and type', () => {
    const item = xml.parse(rss).rss.channel.item;
    const lead = rendition(LEAD, '1600.jpg');
    expect(item.enclosure).toEqual([{ url: lead.url, length: String(lead.bytes), type: 'image/jpeg' }]);
  });

  test('feedparser sees the enclosures and the media_content, the words read back exactly', async () => {
    const item = await expectMediaRss(rss);
    const lead = rendition(LEAD, '1600.jpg');
    expect(item.enclosures[0]).toMatchObject({ url: lead.url, type: 'image/jpeg', length: String(lead.bytes) });
  });

  test('@rowanmanning/feed-parser finds the media and the lead photo as the item image', () => {
    const [item] = parseFeed(rss).items;
    expect(item?.media.map((media) => [media.url, media.type, media.mimeType])).toEqual([
      [rendition(LEAD, '1600.jpg').url, 'image', 'image/jpeg'],
      [rendition(SECOND, '300.jpg').url, 'image', 'image/jpeg'],
      [rendition(PDF, 'original.pdf').url, 'document', 'application/pdf'],
      [rendition(PHOTO_DOWNLOAD, 'full.jpg').url, 'image', 'image/jpeg'],
    ]);
    // It keeps the first element of a URL, here the enclosure (which has no title), so the titles show from the second on.
    expect(item?.media.slice(1).map((media) => media.title)).toEqual(['Second photo', 'Speech "in full" & <annex>', 'Official portrait']);
    expect(item?.image?.url).toBe(rendition(LEAD, '1600.jpg').url);
  });
});

describe('Atom 1.0: enclosure links for the lead photo and the downloads, the same Media RSS', () => {
  const atom = body(files, 'atom');

  test('well-formed, with the Media RSS namespace on the root; a feed without media does not declare it', () => {
    expectWellFormedXml(atom);
    expect(xml.parse(atom).feed['xmlns:media']).toBe('http://search.yahoo.com/mrss/');
    expect(body(plainFiles, 'atom')).not.toContain('xmlns:media');
  });

  test('link rel="enclosure" with href, type, length and title for the lead photo and each download', () => {
    const links = (xml.parse(atom).feed.entry.link as Array<Record<string, string>>).filter((link) => link.rel === 'enclosure');
    expect(links).toEqual([
      { rel: 'enclosure', href: rendition(LEAD, '1600.jpg').url, type: 'image/jpeg', length: String(rendition(LEAD, '1600.jpg').bytes), title: ALT_READ },
      { rel: 'enclosure', href: rendition(PDF, 'original.pdf').url, type: 'application/pdf', length: '1234567', title: 'Speech "in full" & <annex>' },
      { rel: 'enclosure', href: rendition(PHOTO_DOWNLOAD, 'full.jpg').url, type: 'image/jpeg', length: String(rendition(PHOTO_DOWNLOAD, 'full.jpg').bytes), title: 'Official portrait' },
    ]);
  });

  test('feedparser sees the enclosures and the media_content, the words read back exactly', async () => {
    const item = await expectMediaRss(atom);
    expect(item.enclosures.map((enclosure) => enclosure.url)).toEqual(
      expect.arrayContaining([rendition(LEAD, '1600.jpg').url, rendition(PDF, 'original.pdf').url, rendition(PHOTO_DOWNLOAD, 'full.jpg').url]),
    );
    expect(item.enclosures.find((enclosure) => enclosure.url === rendition(PDF, 'original.pdf').url)).toMatchObject({ type: 'application/pdf', length: '1234567' });
  });

  test('@rowanmanning/feed-parser reads the enclosures with their titles', () => {
    const [item] = parseFeed(atom).items;
    expect(item?.media.filter((media) => media.mimeType === 'application/pdf').map((media) => [media.url, media.length, media.title])).toEqual([
      [rendition(PDF, 'original.pdf').url, 1_234_567, 'Speech "in full" & <annex>'],
    ]);
  });
});

describe('JSON Feed 1.1: image, attachments and the photos in _pressroom', () => {
  test('valid; image is the lead photo, attachments the downloads, _pressroom.images every photo with its words', () => {
    const feed = expectValidJsonFeed(body(files, 'json'));
    const [item] = feed.items as Array<Record<string, unknown>>;
    expect(item?.image).toBe(rendition(LEAD, '1600.jpg').url);
    expect(item?.attachments).toEqual([
      { url: rendition(PDF, 'original.pdf').url, mime_type: 'application/pdf', title: 'Speech "in full" & <annex>', size_in_bytes: 1_234_567 },
      { url: rendition(PHOTO_DOWNLOAD, 'full.jpg').url, mime_type: 'image/jpeg', title: 'Official portrait', size_in_bytes: rendition(PHOTO_DOWNLOAD, 'full.jpg').bytes },
    ]);
    expect(item?._pressroom).toEqual({
      images: [
        { url: rendition(LEAD, '1600.jpg').url, mime_type: 'image/jpeg', width: 1600, height: 1067, size_in_bytes: rendition(LEAD, '1600.jpg').bytes, alt: ALT_READ, caption: CAPTION_READ, credit: CREDIT },
        { url: rendition(SECOND, '300.jpg').url, mime_type: 'image/jpeg', width: 300, height: 200, size_in_bytes: rendition(SECOND, '300.jpg').bytes, alt: 'Second photo' },
      ],
    });
  });

  test('a release without media has no image, attachments or _pressroom', () => {
    const [item] = expectValidJsonFeed(body(plainFiles, 'json')).items as Array<Record<string, unknown>>;
    expect(item).not.toHaveProperty('image');
    expect(item).not.toHaveProperty('attachments');
    expect(item).not.toHaveProperty('_pressroom');
  });
});

describe('HTML feed page: the lead photo as a figure, the downloads as links', () => {
  const page = body(files, 'html');
  const document = parseHtml(page);

  test('the page parses without a single HTML parse error', () => {
    parseHtmlStrictly(page);
  });

  test('one figure per entry, the lead photo: img with src, srcset over the JPEG widths, sizes, width, height, alt, lazy', () => {
    const images = elements(document, 'img');
    expect(images).toHaveLength(1);
    const img = attributes(images[0]!);
    expect(img).toMatchObject({ src: rendition(LEAD, '1600.jpg').url, width: '1600', height: '1067', alt: ALT_READ, loading: 'lazy', decoding: 'async' });
    expect(srcsetCandidates(img.srcset)).toEqual(['400.jpg', '800.jpg', '1600.jpg'].map((name) => [rendition(LEAD, name).url, `${rendition(LEAD, name).width}w`]));
    expect(img.sizes).toMatch(/\d/);
    expect(elements(document, 'figure')).toHaveLength(1);
  });

  test('a WebP source in a picture, over the WebP widths', () => {
    const [source] = elements(document, 'source');
    expect(attribute(source!, 'type')).toBe('image/webp');
    expect(srcsetCandidates(attribute(source!, 'srcset'))).toEqual(['400.webp', '800.webp', '1600.webp'].map((name) => [rendition(LEAD, name).url, `${rendition(LEAD, name).width}w`]));
    expect(attribute(source!, 'sizes')).toBe(attribute(elements(document, 'img')[0]!, 'sizes'));
  });

  test('the figcaption carries the caption and the credit, escaped', () => {
    const [figcaption] = elements(document, 'figcaption');
    expect(textOf(figcaption!)).toBe(`${CAPTION_READ} ${CREDIT}`);
    expect(elements(figcaption!, 'i')).toHaveLength(0);
  });

  test('each download a link with the download attribute, its type and its format and size for people', () => {
    const links = elements(document, 'a').filter((a) => attribute(a, 'download') !== undefined);
    expect(links.map((a) => [attribute(a, 'href'), attribute(a, 'type'), textOf(a)])).toEqual([
      [rendition(PDF, 'original.pdf').url, 'application/pdf', 'Speech "in full" & <annex>'],
      [rendition(PHOTO_DOWNLOAD, 'full.jpg').url, 'image/jpeg', 'Official portrait'],
    ]);
    const [list] = elements(document, 'ul').filter((ul) => attribute(ul, 'class') === 'downloads');
    expect(elements(list!, 'li').map(textOf)).toEqual([
      'Speech "in full" & <annex> (PDF, 1.2 MB)',
      `Official portrait (JPEG, ${Math.round(rendition(PHOTO_DOWNLOAD, 'full.jpg').bytes / 1000)} kB)`,
    ]);
    expect(elements(document, 'annex')).toHaveLength(0);
  });

  test('a page without media has no figure and no download', () => {
    const plain = parseHtmlStrictly(body(plainFiles, 'html'));
    expect(elements(plain, 'figure')).toHaveLength(0);
    expect(elements(plain, 'a').filter((a) => attribute(a, 'download') !== undefined)).toHaveLength(0);
  });
});
