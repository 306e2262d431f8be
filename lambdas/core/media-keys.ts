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
