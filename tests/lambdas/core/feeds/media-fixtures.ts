// Media files in the shape the media pipeline gives a release (lambdas/media-processing):
// the rendition widths and names come from the pipeline's own rule, so a change there shows here.
import type { MediaFile } from '../../../../lambdas/core/media-schema.ts';
import { RENDITION_WIDTHS } from '../../../../lambdas/media-processing/image-renditions.ts';

export const MEDIA_BASE = 'http://127.0.0.1:3000/media';

export const IMAGE_ID = '01H3MEDIAIMAGE000000000001';
export const SECOND_IMAGE_ID = '01H3MEDIAIMAGE000000000002';
export const DOCUMENT_ID = '01H3MEDIADOCVMENT000000001';
export const MISSING_ID = '01H3MEDIAM1SS1NG0000000001';

const url = (id: string, name: string) => `${MEDIA_BASE}/${id}/${name}`;
/** A made-up but plausible size: different for every rendition, so a wrong pick shows. */
const bytesOf = (width: number, format: string) => width * (format === 'webp' ? 90 : 130) + format.length;

/** An image as processed: each rendition width narrower than the original (or the original's), JPEG and WebP, then full size. */
export function imageFile(id: string, width: number, height: number, options: { transparent?: boolean } = {}): MediaFile {
  const fallback = options.transparent ? { ext: 'png', mimeType: 'image/png' } : { ext: 'jpg', mimeType: 'image/jpeg' };
  const narrower = RENDITION_WIDTHS.filter((candidate) => candidate < width);
  const widths = narrower.length > 0 ? narrower : [width];
  const heightAt = (w: number) => Math.round((height * w) / width);
  return {
    kind: 'image',
    mimeType: 'image/jpeg',
    width,
    height,
    bytes: width * height,
    renditions: [
      ...widths.flatMap((w) => [
        { name: `${w}.${fallback.ext}`, url: url(id, `${w}.${fallback.ext}`), mimeType: fallback.mimeType, width: w, height: heightAt(w), bytes: bytesOf(w, fallback.ext) },
        { name: `${w}.webp`, url: url(id, `${w}.webp`), mimeType: 'image/webp', width: w, height: heightAt(w), bytes: bytesOf(w, 'webp') },
      ]),
      { name: `full.${fallback.ext}`, url: url(id, `full.${fallback.ext}`), mimeType: fallback.mimeType, width, height, bytes: bytesOf(width, fallback.ext) + 7 },
    ],
  };
}

/** A PDF as processed: served as uploaded. */
export function documentFile(id: string, bytes: number): MediaFile {
  return { kind: 'document', mimeType: 'application/pdf', bytes, renditions: [{ name: 'original.pdf', url: url(id, 'original.pdf'), mimeType: 'application/pdf', bytes }] };
}
