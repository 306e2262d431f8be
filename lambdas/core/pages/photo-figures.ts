// A release's photos on its page: each as the feed page shows a lead photo (html-media.ts),
// with a link to the original, which a newspaper needs to print it.
import type { MediaFile } from '../media-schema.ts';
import type { Release } from '../release.ts';
import { escapeMarkup } from '../escape-markup.ts';
import { entryMedia, usableRenditions, type EntryImage, type MediaRendition } from '../feeds/entry-media.ts';
import { figureHtml, fileSize, formatName } from '../feeds/html-media.ts';

export interface PagePhoto {
  image: EntryImage;
  /** The cleaned full-size file (the pipeline's full.* rendition), when the media has one. */
  original?: MediaRendition;
}

const isWebp = (rendition: MediaRendition) => rendition.mimeType.toLowerCase() === 'image/webp';
const widest = (renditions: readonly MediaRendition[]) => [...renditions].sort((a, b) => (a.width ?? 0) - (b.width ?? 0)).at(-1);

/**
 * The full.* rendition (JPEG or PNG, as the camera's file is rewritten without its metadata),
 * else the widest JPEG or PNG: a table written before renditions were named still has one.
 */
export function originalOf(file: MediaFile): MediaRendition | undefined {
  const full = usableRenditions({ ...file, renditions: file.renditions.filter((rendition) => rendition.name.startsWith('full.')) });
  const candidates = full.length > 0 ? full : usableRenditions(file);
  return widest(candidates.filter((rendition) => !isWebp(rendition))) ?? widest(candidates);
}

/** The photos in order, the lead first; one whose file is missing or unusable is left out, as in the feeds. */
export function pagePhotos(release: Pick<Release, 'images' | 'files'>): PagePhoto[] {
  const files = release.files ?? {};
  return (release.images ?? []).flatMap((image) => {
    // One at a time, so each picked image stays paired with its own file.
    const [picked] = entryMedia({ images: [image], attachments: [], files }).images;
    if (picked === undefined) return [];
    const original = originalOf(files[image.media]!);
    return [{ image: picked, ...(original !== undefined ? { original } : {}) }];
  });
}

/** The figure of html-media.ts with, under its caption, "Download the original (JPEG, 4.2 MB)". */
export function photoFigureHtml(photo: PagePhoto, label: string, language: string, options: { first?: boolean } = {}): string {
  const figure = figureHtml(photo.image, options);
  const { original } = photo;
  if (original === undefined || !figure.endsWith('</figure>')) return figure;
  const about = `${formatName(original.mimeType)}, ${fileSize(original.bytes, language)}`;
  const link = `<p class="meta"><a href="${escapeMarkup(original.url)}" download type="${escapeMarkup(original.mimeType)}">${escapeMarkup(label)}</a> <span class="muted">(${escapeMarkup(about)})</span></p>`;
  return `${figure.slice(0, -'</figure>'.length)}${link}</figure>`;
}
