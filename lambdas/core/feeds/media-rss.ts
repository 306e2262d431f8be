// Media RSS (https://www.rssboard.org/media-rss) for an entry's photos and downloads, the same
// elements in RSS 2.0 and Atom 1.0. Written by xml-js (the library `feed` writes with), as
// compact objects whose strings are slot markers: the adapter (feed-package.ts) puts the
// strings back escaped, as for everything else it hands a library.
import { js2xml, type ElementCompact } from 'xml-js';
import type { EntryAttachment, EntryImage, MediaRendition } from './entry-media.ts';

export const MEDIA_RSS_NAMESPACE = 'http://search.yahoo.com/mrss/';

/** Whatever turns a string into something safe to hand the library (XmlSlots.put). */
export type Put = (value: string) => string;

const sized = (rendition: MediaRendition) =>
  rendition.width !== undefined && rendition.height !== undefined ? { width: rendition.width, height: rendition.height } : {};

const plain = (put: Put, text: string): ElementCompact => ({ _attributes: { type: 'plain' }, _text: put(text) });

function content(put: Put, rendition: MediaRendition, medium: 'image' | 'document'): ElementCompact['_attributes'] {
  return { url: put(rendition.url), medium, type: put(rendition.mimeType), ...sized(rendition), fileSize: rendition.bytes };
}

/**
 * One `media:content` per photo, then one per download, in the release's order (the order is
 * the order of presentation). For a photo: its feed rendition, with the alt text as
 * `media:title` (Media RSS has no alt; its title is the short text naming what the object
 * shows, and readers fall back to it for `alt`), the caption as `media:description`, a small
 * `media:thumbnail` and the credit as `media:credit`. A download is `medium="document"` (an
 * image offered as a download stays `medium="image"`, which is what it is) with its title.
 */
export function mediaRssElements(put: Put, images: readonly EntryImage[], attachments: readonly EntryAttachment[]): ElementCompact {
  const photos = images.map(
    (image): ElementCompact => ({
      _attributes: content(put, image.feed, 'image'),
      'media:title': plain(put, image.alt),
      ...(image.caption !== undefined ? { 'media:description': plain(put, image.caption) } : {}),
      'media:thumbnail': { _attributes: { url: put(image.thumbnail.url), ...sized(image.thumbnail) } },
      ...(image.credit !== undefined ? { 'media:credit': { _text: put(image.credit) } } : {}),
    }),
  );
  const downloads = attachments.map(
    (attachment): ElementCompact => ({
      _attributes: content(put, attachment.file, attachment.kind === 'image' ? 'image' : 'document'),
      'media:title': plain(put, attachment.title),
    }),
  );
  const all = [...photos, ...downloads];
  return all.length === 0 ? {} : { 'media:content': all };
}

/** Atom's `<link rel="enclosure">` for the lead photo and each download. */
export function atomEnclosures(put: Put, images: readonly EntryImage[], attachments: readonly EntryAttachment[]): ElementCompact {
  const lead = images[0];
  const links = [
    ...(lead === undefined ? [] : [{ rendition: lead.feed, title: lead.alt }]),
    ...attachments.map((attachment) => ({ rendition: attachment.file, title: attachment.title })),
  ].map(({ rendition, title }): ElementCompact => ({
    _attributes: { rel: 'enclosure', href: put(rendition.url), type: put(rendition.mimeType), length: rendition.bytes, title: put(title) },
  }));
  return links.length === 0 ? {} : { link: links };
}

/** Elements as XML, each line indented by `indent` (to sit inside feed's pretty-printed output). */
export function elementsXml(elements: ElementCompact, indent: string): string {
  if (Object.keys(elements).length === 0) return '';
  const xml = js2xml(elements, { compact: true, spaces: 4 });
  return xml
    .split('\n')
    .map((line) => `${indent}${line}`)
    .join('\n');
}
