// A media item as the API and releases show it: each rendition at the public URL it is served
// from once a release using it is public (404 before). The one place a media URL is made.
import * as v from 'valibot';
import { httpUrl } from './http-url.ts';
import { publicMediaKey } from './media-keys.ts';
import { MediaSchema, type Media, type StoredMedia } from './media-schema.ts';

/** The public URL of a rendition under the site's base URL (no trailing slash needed). */
export function mediaUrl(publicBase: string, id: string, name: string): string {
  const url = new URL(publicMediaKey(id, name), `${publicBase.replace(/\/*$/, '')}/`).href;
  return httpUrl(url) ?? url;
}

export function mediaView(media: StoredMedia, publicBase: string): Media {
  const { renditions, ...rest } = media;
  // Parsed for the schema's field order (the table keeps none) and to drop what is not shown.
  return v.parse(MediaSchema, { ...rest, renditions: renditions.map((rendition) => ({ ...rendition, url: mediaUrl(publicBase, media.id, rendition.name) })) });
}
