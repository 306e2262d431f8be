// A release's photos and downloads as every feed format carries them: the text cleaned, each
// image's renditions sorted into the ones a format picks from, and nothing that could break a
// feed (a media id missing from `files`, a rendition without an absolute http(s) URL) let through.
import type { MediaFile } from '../media-schema.ts';
import type { Release } from '../release.ts';
import { httpUrl } from '../http-url.ts';
import { stripXmlIllegal } from '../xml-chars.ts';

/** One served file, as the formats describe it. */
export interface MediaRendition {
  url: string;
  mimeType: string;
  width?: number;
  height?: number;
  bytes: number;
}

export interface EntryImage {
  /** Plain text, cleaned and trimmed (as the API stores it): what the photo shows. */
  alt: string;
  caption?: string;
  credit?: string;
  /** The one rendition a feed names for the photo: the widest JPEG (or PNG) at most FEED_IMAGE_MAX_WIDTH wide. */
  feed: MediaRendition;
  /** The narrowest JPEG (or PNG): Media RSS's thumbnail. */
  thumbnail: MediaRendition;
  /** JPEG (or PNG) renditions with a width at most FEED_IMAGE_MAX_WIDTH, ascending: the page's srcset. */
  srcset: MediaRendition[];
  /** WebP renditions likewise: the page's `<source type="image/webp">`. */
  webpSrcset: MediaRendition[];
}

export interface EntryAttachment {
  /** Plain text, cleaned: the download's name. */
  title: string;
  kind: MediaFile['kind'];
  /** What is downloaded: the PDF as uploaded, or an image's cleaned full-size original. */
  file: MediaRendition;
}

export interface EntryMedia {
  /** The lead image first. */
  images: EntryImage[];
  attachments: EntryAttachment[];
}

/**
 * The widest photo a feed names. 1600 px is the largest resized rendition: sharp on a 2x
 * screen at a feed reader's usual column (at most about 800 CSS px), a few hundred KB as
 * JPEG, where the full-size original can be a 24-megapixel camera file of several MB.
 */
export const FEED_IMAGE_MAX_WIDTH = 1600;

const WEBP = 'image/webp';
const isWebp = (rendition: MediaRendition) => rendition.mimeType.toLowerCase() === WEBP;
const dimension = (value: number | undefined) => (value !== undefined && Number.isInteger(value) && value > 0 ? value : undefined);
const byWidth = (a: MediaRendition, b: MediaRendition) => (a.width ?? 0) - (b.width ?? 0);

/** The renditions a feed may name: absolute http(s) URLs, a media type, a size. */
export function usableRenditions(file: MediaFile): MediaRendition[] {
  const usable: MediaRendition[] = [];
  for (const rendition of file.renditions) {
    const url = httpUrl(rendition.url);
    const mimeType = stripXmlIllegal(rendition.mimeType).trim();
    if (url === undefined || !/^[\w.+-]+\/[\w.+-]+$/.test(mimeType)) continue;
    const width = dimension(rendition.width);
    const height = dimension(rendition.height);
    usable.push({
      url,
      mimeType,
      ...(width !== undefined && height !== undefined ? { width, height } : {}),
      bytes: Number.isSafeInteger(rendition.bytes) && rendition.bytes >= 0 ? rendition.bytes : 0,
    });
  }
  return usable;
}

/** Distinct widths at most the cap, ascending; the first rendition of each width wins. */
function srcsetOf(renditions: MediaRendition[]): MediaRendition[] {
  const byDistinctWidth = new Map<number, MediaRendition>();
  for (const rendition of [...renditions].sort(byWidth)) {
    const { width } = rendition;
    if (width !== undefined && width <= FEED_IMAGE_MAX_WIDTH && !byDistinctWidth.has(width)) byDistinctWidth.set(width, rendition);
  }
  return [...byDistinctWidth.values()];
}

function imageOf(image: Release['images'][number], file: MediaFile | undefined): EntryImage | undefined {
  if (file === undefined || file.kind !== 'image') return undefined;
  const renditions = usableRenditions(file);
  const fallback = renditions.filter((rendition) => !isWebp(rendition));
  const srcset = srcsetOf(fallback);
  const sized = fallback.filter((rendition) => rendition.width !== undefined).sort(byWidth);
  // Without a JPEG or PNG (never made so, but the table is not trusted) the photo still shows, as WebP.
  const feed = srcset.at(-1) ?? sized[0] ?? fallback[0] ?? srcsetOf(renditions).at(-1) ?? renditions[0];
  if (feed === undefined) return undefined;
  const alt = stripXmlIllegal(image.alt).trim();
  const caption = image.caption === undefined ? '' : stripXmlIllegal(image.caption).trim();
  const credit = image.credit === undefined ? '' : stripXmlIllegal(image.credit).trim();
  return {
    alt,
    ...(caption !== '' ? { caption } : {}),
    ...(credit !== '' ? { credit } : {}),
    feed,
    thumbnail: sized[0] ?? feed,
    srcset,
    webpSrcset: srcsetOf(renditions.filter(isWebp)),
  };
}

function attachmentOf(attachment: Release['attachments'][number], file: MediaFile | undefined): EntryAttachment | undefined {
  if (file === undefined) return undefined;
  const renditions = usableRenditions(file);
  // A document has one rendition; an image offered as a download is its cleaned full-size
  // original, the widest JPEG or PNG (the full.* rendition).
  const chosen =
    file.kind === 'document'
      ? renditions[0]
      : (renditions.filter((rendition) => !isWebp(rendition)).sort(byWidth).at(-1) ?? [...renditions].sort(byWidth).at(-1));
  if (chosen === undefined) return undefined;
  return { title: stripXmlIllegal(attachment.title).trim(), kind: file.kind, file: chosen };
}

/**
 * The release's images and attachments with their files. One whose media id is missing from
 * `files` is left out without a word: a public release has them all, so this only guards
 * against a table that does not (a bug elsewhere must not take a whole feed down).
 */
export function entryMedia(release: Pick<Release, 'images' | 'attachments' | 'files'>): EntryMedia {
  const files = release.files ?? {};
  const fileOf = (id: string): MediaFile | undefined => (Object.hasOwn(files, id) ? files[id] : undefined);
  return {
    images: (release.images ?? []).flatMap((image) => imageOf(image, fileOf(image.media)) ?? []),
    attachments: (release.attachments ?? []).flatMap((attachment) => attachmentOf(attachment, fileOf(attachment.media)) ?? []),
  };
}
