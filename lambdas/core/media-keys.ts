// Where a media item's files live. Uploads and their cleaned renditions stay in the private
// uploads bucket; only a public release's media are copied to the site under /media/.
import { ULID_PATTERN } from './ulid.ts';

export const UPLOAD_PREFIX = 'uploads/';

export const uploadKey = (id: string) => `${UPLOAD_PREFIX}${id}`;
export const renditionKey = (id: string, name: string) => `renditions/${id}/${name}`;
/** The site path (object key) a rendition is served at once a release using it is public. */
export const publicMediaKey = (id: string, name: string) => `media/${id}/${name}`;

/** The media id an uploaded object's key names, or undefined for any other key. */
export function mediaIdOfUploadKey(key: string): string | undefined {
  if (!key.startsWith(UPLOAD_PREFIX)) return undefined;
  const id = key.slice(UPLOAD_PREFIX.length);
  return ULID_PATTERN.test(id) ? id : undefined;
}

// What the processing writes: <width>.jpg|png|webp, full.jpg|png, original.pdf.
const RENDITION_NAME = /^(?:\d{1,5}\.(?:jpg|png|webp)|full\.(?:jpg|png)|original\.pdf)$/;
const CONTENT_TYPES = { jpg: 'image/jpeg', png: 'image/png', webp: 'image/webp', pdf: 'application/pdf' } as const;

/** The media id and rendition a public object key names, or undefined for any other key. */
export function parsePublicMediaKey(key: string): { id: string; name: string } | undefined {
  const match = /^media\/([^/]+)\/([^/]+)$/.exec(key);
  if (!match || !ULID_PATTERN.test(match[1]!) || !RENDITION_NAME.test(match[2]!)) return undefined;
  return { id: match[1]!, name: match[2]! };
}

/** The content type a rendition is served with, from its name (never from what the object says). */
export function renditionContentType(name: string): string {
  return CONTENT_TYPES[name.slice(name.lastIndexOf('.') + 1) as keyof typeof CONTENT_TYPES] ?? 'application/octet-stream';
}

/** Documents are downloads: a browser saves them instead of rendering them on the site's origin. */
export const isDownload = (name: string) => name.endsWith('.pdf');
