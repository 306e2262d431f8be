// A media item as the API and releases show it: each rendition at the public URL it is served
// from once a release using it is public (404 before). The one place a media URL is made.
import { httpUrl } from './http-url.ts';
import { publicMediaKey } from './media-keys.ts';
import type { Media, StoredMedia } from './media-schema.ts';

/** The public URL of a rendition under the site's base URL (no trailing slash needed). */
export function mediaUrl(publicBase: string, id: string, name: string): string {
  const url = new URL(publicMediaKey(id, name), `${publicBase.replace(/\/*$/, '')}/`).href;
  return httpUrl(url) ?? url;
}

export function mediaView(media: StoredMedia, publicBase: string): Media {
  const { maxBytes: _max, declaredType: _declared, renditions, ...rest } = media;
  return { ...rest, renditions: renditions.map((rendition) => ({ ...rendition, url: mediaUrl(publicBase, media.id, rendition.name) })) };
}
