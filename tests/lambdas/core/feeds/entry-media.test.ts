import { describe, expect, test } from 'vitest';
import { entryMedia, FEED_IMAGE_MAX_WIDTH } from '../../../../lambdas/core/feeds/entry-media.ts';
import { documentFile, DOCUMENT_ID, IMAGE_ID, imageFile, MEDIA_BASE, MISSING_ID, SECOND_IMAGE_ID } from './media-fixtures.ts';

const name = (url: string) => url.split('/').pop();

describe('entryMedia: which rendition each format names', () => {
  test('a camera photo: the 1600 px JPEG for feeds, the 400 px JPEG as thumbnail, JPEG and WebP srcsets without the full size', () => {
    const { images } = entryMedia({ images: [{ media: IMAGE_ID, alt: 'a' }], attachments: [], files: { [IMAGE_ID]: imageFile(IMAGE_ID, 6000, 4000) } });
    const [image] = images;
    expect(name(image!.feed.url)).toBe('1600.jpg');
    expect(image!.feed).toMatchObject({ mimeType: 'image/jpeg', width: 1600, height: 1067 });
    expect(name(image!.thumbnail.url)).toBe('400.jpg');
    expect(image!.srcset.map((r) => name(r.url))).toEqual(['400.jpg', '800.jpg', '1600.jpg']);
    expect(image!.webpSrcset.map((r) => name(r.url))).toEqual(['400.webp', '800.webp', '1600.webp']);
    expect(image!.srcset.every((r) => r.width! <= FEED_IMAGE_MAX_WIDTH)).toBe(true);
  });

  test('a photo narrower than 1600 px: its full-size original is the widest that fits', () => {
    const [image] = entryMedia({ images: [{ media: IMAGE_ID, alt: 'a' }], attachments: [], files: { [IMAGE_ID]: imageFile(IMAGE_ID, 1000, 500) } }).images;
    expect(name(image!.feed.url)).toBe('full.jpg');
    expect(image!.srcset.map((r) => r.width)).toEqual([400, 800, 1000]);
  });

  test('a small photo has one width: the same width is listed once', () => {
    const [image] = entryMedia({ images: [{ media: IMAGE_ID, alt: 'a' }], attachments: [], files: { [IMAGE_ID]: imageFile(IMAGE_ID, 300, 200) } }).images;
    expect(image!.srcset.map((r) => name(r.url))).toEqual(['300.jpg']);
    expect(name(image!.thumbnail.url)).toBe('300.jpg');
    expect(image!.feed.width).toBe(300);
  });

  test('a transparent image is named by its PNG renditions', () => {
    const [image] = entryMedia({ images: [{ media: IMAGE_ID, alt: 'a' }], attachments: [], files: { [IMAGE_ID]: imageFile(IMAGE_ID, 2000, 1000, { transparent: true }) } }).images;
    expect(name(image!.feed.url)).toBe('1600.png');
    expect(image!.feed.mimeType).toBe('image/png');
  });

  test('a download: the PDF as uploaded; an image as download: its cleaned full-size original', () => {
    const { attachments } = entryMedia({
      images: [],
      attachments: [{ media: DOCUMENT_ID, title: 'Speech' }, { media: IMAGE_ID, title: 'Photo, full size' }],
      files: { [DOCUMENT_ID]: documentFile(DOCUMENT_ID, 1_234_567), [IMAGE_ID]: imageFile(IMAGE_ID, 6000, 4000) },
    });
    expect(attachments.map((a) => [a.title, a.kind, name(a.file.url), a.file.mimeType])).toEqual([
      ['Speech', 'document', 'original.pdf', 'application/pdf'],
      ['Photo, full size', 'image', 'full.jpg', 'image/jpeg'],
    ]);
    expect(attachments[0]!.file.bytes).toBe(1_234_567);
  });

  test('media missing from files are left out silently, the rest keep their order', () => {
    const media = entryMedia({
      images: [{ media: MISSING_ID, alt: 'gone' }, { media: SECOND_IMAGE_ID, alt: 'second' }, { media: IMAGE_ID, alt: 'first' }],
      attachments: [{ media: MISSING_ID, title: 'gone' }, { media: DOCUMENT_ID, title: 'kept' }],
      files: { [IMAGE_ID]: imageFile(IMAGE_ID, 900, 600), [SECOND_IMAGE_ID]: imageFile(SECOND_IMAGE_ID, 900, 600), [DOCUMENT_ID]: documentFile(DOCUMENT_ID, 10) },
    });
    expect(media.images.map((image) => image.alt)).toEqual(['second', 'first']);
    expect(media.attachments.map((attachment) => attachment.title)).toEqual(['kept']);
  });

  test('a rendition without an absolute http(s) URL is never named; an image left with none is dropped', () => {
    const file = imageFile(IMAGE_ID, 6000, 4000);
    const poisoned = { ...file, renditions: file.renditions.map((r) => (r.name === '1600.jpg' ? { ...r, url: 'javascript:alert(1)' } : r)) };
    const [image] = entryMedia({ images: [{ media: IMAGE_ID, alt: 'a' }], attachments: [], files: { [IMAGE_ID]: poisoned } }).images;
    expect(name(image!.feed.url)).toBe('800.jpg');
    const none = { ...file, renditions: file.renditions.map((r) => ({ ...r, url: 'not a url' })) };
    expect(entryMedia({ images: [{ media: IMAGE_ID, alt: 'a' }], attachments: [], files: { [IMAGE_ID]: none } }).images).toEqual([]);
  });

  test('text is cleaned of XML-illegal characters; an empty caption or credit is absent', () => {
    const [image] = entryMedia({
      images: [{ media: IMAGE_ID, alt: 'a\u0001b\uFFFE', caption: '\u0000 ', credit: 'c\uD800d' }],
      attachments: [],
      files: { [IMAGE_ID]: imageFile(IMAGE_ID, 500, 500) },
    }).images;
    expect(image).toMatchObject({ alt: 'ab', credit: 'cd' });
    expect(image).not.toHaveProperty('caption');
    expect(image!.feed.url.startsWith(`${MEDIA_BASE}/${IMAGE_ID}/`)).toBe(true);
  });
});
