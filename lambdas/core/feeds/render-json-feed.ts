import { changesData } from './change-notes.ts';
import type { EntryAttachment, EntryImage, MediaRendition } from './entry-media.ts';
import type { FeedEntry, ResolvedFeed } from './resolve-feed.ts';

export const JSON_FEED_VERSION = 'https://jsonfeed.org/version/1.1';

const sized = (rendition: MediaRendition) =>
  rendition.width !== undefined && rendition.height !== undefined ? { width: rendition.width, height: rendition.height } : {};

/** A download as a JSON Feed attachment (url and mime_type are required there). */
const attachment = ({ title, file }: EntryAttachment) => ({ url: file.url, mime_type: file.mimeType, title, size_in_bytes: file.bytes });

/** A photo with its words, in the `_pressroom` extension: JSON Feed has only the one `image` URL. */
const image = (photo: EntryImage) => ({
  url: photo.feed.url,
  mime_type: photo.feed.mimeType,
  ...sized(photo.feed),
  size_in_bytes: photo.feed.bytes,
  alt: photo.alt,
  ...(photo.caption !== undefined ? { caption: photo.caption } : {}),
  ...(photo.credit !== undefined ? { credit: photo.credit } : {}),
});

/** What JSON Feed has no field for, as a "_" extension: the change history, the photos' words, the translations. */
function extension(entry: FeedEntry) {
  const data = {
    ...(entry.changes.length > 0 ? { changes: changesData(entry.changes) } : {}),
    ...(entry.images.length > 0 ? { images: entry.images.map(image) } : {}),
    ...(entry.translations.length > 0 ? { translations: entry.translations.map(({ id, language, url }) => ({ id, language, url })) } : {}),
  };
  return Object.keys(data).length > 0 ? { _pressroom: data } : {};
}

/**
 * JSON Feed 1.1, written by hand because feed@6's json1() writes version 1 (no authors,
 * no language). Key order is fixed by construction, so identical input gives identical bytes.
 */
export function renderJsonFeed(resolved: ResolvedFeed): string {
  const document = {
    version: JSON_FEED_VERSION,
    title: resolved.title,
    home_page_url: resolved.urls.html,
    feed_url: resolved.urls.json,
    // The archive page before this document: JSON Feed's paging, back to the first release.
    ...(resolved.archive.previous !== undefined ? { next_url: resolved.archive.previous.json } : {}),
    description: resolved.description,
    language: resolved.language,
    ...(resolved.site.config.logo !== undefined ? { icon: resolved.site.config.logo } : {}),
    authors: [{ name: resolved.siteName, url: resolved.siteUrl }],
    items: resolved.entries.map((entry) => ({
      id: entry.id,
      url: entry.link,
      title: entry.title,
      summary: entry.summary,
      ...(entry.images[0] !== undefined ? { image: entry.images[0].feed.url } : {}),
      content_html: entry.contentHtml,
      ...(entry.contentText !== undefined ? { content_text: entry.contentText } : {}),
      date_published: entry.published.toISOString(),
      date_modified: entry.updated.toISOString(),
      // Display names, as JSON Feed tags are plain text for people; the codes are in the feed URLs.
      tags: entry.categories.map((category) => category.label),
      ...(entry.language !== undefined ? { language: entry.language } : {}),
      // Downloads only: a photo is no attachment (those are enclosures, and two with one title
      // would be read as one thing in two formats); the photos are `image` and `_pressroom.images`.
      ...(entry.attachments.length > 0 ? { attachments: entry.attachments.map(attachment) } : {}),
      // The history and the photos as data: JSON Feed allows "_" extensions.
      ...extension(entry),
    })),
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}
