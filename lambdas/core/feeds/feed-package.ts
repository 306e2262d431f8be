// The one module that talks to the `feed` package, which writes our RSS 2.0 and Atom 1.0
// (it stays: it knows both formats' structure; JSON Feed 1.1 is written by hand). feed@6
// needs three workarounds, all kept here, each with the condition under which it goes:
//
// 1. Escaping. feed writes through xml-js 1.6, which does not escape what it is given (see
//    xml-slots.ts). Every string we hand it is therefore an opaque marker (a slot); the strings
//    go back in afterwards as plain escaped character data, which every XML parser reads as the
//    same string.
//    Goes when a release of feed escapes text and attributes itself (no CDATA of raw strings).
// 2. xml:lang. feed writes none in Atom, on <feed> or on <entry>; it is added by rewriting
//    those start tags (safe: the template holds no data while it is all in slots).
//    Goes when a release of feed writes xml:lang: upstream's main branch already does.
// 3. Atom text constructs. feed marks every entry title and summary type="html"; ours are
//    plain text, and an HTML-escaped title is shown with its entities by readers that take
//    type="html" literally (sfeed shows "MPs&#39; vote") or hand the escaped form back
//    (feedparser). They are rewritten to type="text" and carry the plain string.
//    Goes when a release of feed lets an item's title and summary type be chosen.
// 4. Photos and downloads. feed gives an RSS item one <enclosure> (all RSS allows), which is
//    used for the lead photo, but has no way to declare a namespace on the root, and in Atom
//    it derives an enclosure's type from the URL's extension ("image/jpg", "image/pdf"), makes
//    at most one per kind and writes no item extensions at all. So the Media RSS elements of
//    both formats and Atom's enclosure links are written by xml-js (media-rss.ts) and put
//    before each </item> or </entry>, and xmlns:media is added to the root start tag (safe for
//    the reason of workaround 2). Goes when a release of feed takes several typed enclosures
//    and namespaced item extensions in both formats.
// 5. Archive links (RFC 5005). feed writes no feed-level link but self (and hub), so
//    prev-archive, current and fh:archive go in after the self link, and xmlns:fh on the root
//    (safe for the reason of workaround 2). Goes when a release of feed takes feed-level links
//    and extensions.
import { Feed } from 'feed';
import { escapeMarkup } from '../escape-markup.ts';
import { XmlSlots } from '../xml-slots.ts';
import { withChangesHtml, withChangesText, type EntryChange } from './change-notes.ts';
import type { EntryAttachment, EntryImage } from './entry-media.ts';
import type { ElementCompact } from 'xml-js';
import { atomEnclosures, elementsXml, MEDIA_RSS_NAMESPACE, mediaRssElements } from './media-rss.ts';

/** What our renderers give the writer: plain strings (never escaped), absolute URLs, dates. */
export interface FeedDocument {
  /** Atom's feed id (a tag URI). */
  id: string;
  title: string;
  description: string;
  language: string;
  /** The HTML page of the feed (alternate). */
  link: string;
  /** This document's own URL (rel="self"). */
  self: string;
  updated: Date;
  author: { name: string; link: string };
  /** The institution's logo (an absolute URL), when it has one. */
  logo?: string;
  /** This document's place in the archive, as URLs in its own format: `current` only on an archive page. */
  archive?: { current?: string; previous?: string };
  items: readonly FeedDocumentItem[];
}

export interface FeedDocumentItem {
  id: string;
  title: string;
  /** Plain text. */
  summary: string;
  /** HTML, already safe; the change notes already in it. */
  contentHtml: string;
  link: string;
  published: Date;
  updated: Date;
  /** The item's own language when it has one (Atom writes it only where it differs from the feed's). */
  language?: string;
  categories: readonly { term: string; label: string; scheme: string }[];
  /** The change notes, newest first: added to the summary (Atom) and the description (RSS) here. */
  changes?: readonly EntryChange[];
  /** The photos, the lead image first: an enclosure for the lead, Media RSS for each. */
  images?: readonly EntryImage[];
  /** The downloads: an enclosure (Atom) and Media RSS for each. */
  attachments?: readonly EntryAttachment[];
  /** The same release in other languages: Atom links each as an alternate with its hreflang. */
  translations?: readonly { language: string; url: string }[];
}

const GENERATOR = 'Pressroom';
const ATOM_ROOT = '<feed xmlns="http://www.w3.org/2005/Atom">';
const RSS_ROOT = '<rss version="2.0"';
const MEDIA_XMLNS = ` xmlns:media="${MEDIA_RSS_NAMESPACE}"`;
const HISTORY_XMLNS = ' xmlns:fh="http://purl.org/syndication/history/1.0"';
const ATOM_SELF = /^( *)<link rel="self" href="[^"]*"\/>$/m;
const RSS_SELF = /^( *)<atom:link href="[^"]*" rel="self" type="application\/rss\+xml"\/>$/m;

/**
 * Workaround 4: each item's extra elements (strings in slots) written before its closing tag,
 * in document order; and whether any item had some.
 */
function withItemElements(xml: string, closing: 'item' | 'entry', elements: readonly ElementCompact[]): { xml: string; any: boolean } {
  let index = 0;
  let any = false;
  const spliced = xml.replace(new RegExp(`^( *)</${closing}>$`, 'gm'), (whole, indent: string) => {
    const fragment = elementsXml(elements[index++] ?? {}, `${indent}    `);
    if (fragment === '') return whole;
    any = true;
    return `${fragment}\n${whole}`;
  });
  if (index !== elements.length) throw new Error(`feed no longer writes one </${closing}> per item as expected`);
  return { xml: spliced, any };
}

/** An entry's links beyond feed's own: enclosures, then an alternate per translation (RFC 4287 4.2.7.4). */
function atomLinks(put: (value: string) => string, item: FeedDocumentItem): ElementCompact {
  const enclosures = (atomEnclosures(put, item.images ?? [], item.attachments ?? []).link ?? []) as ElementCompact[];
  const alternates = (item.translations ?? []).map(
    (translation): ElementCompact => ({ _attributes: { rel: 'alternate', hreflang: put(translation.language), href: put(translation.url) } }),
  );
  const links = [...enclosures, ...alternates];
  return links.length === 0 ? {} : { link: links };
}

/**
 * Workaround 5: the archive's links after the self link (`element` names the link element of
 * the format), and fh:archive on an archive page; the root gets xmlns:fh when there is one.
 */
function withArchiveLinks(xml: string, self: RegExp, root: string, element: string, put: (value: string) => string, archive: FeedDocument['archive'] = {}): string {
  const links = [
    ...(archive.current !== undefined ? [{ rel: 'current', href: archive.current }] : []),
    ...(archive.previous !== undefined ? [{ rel: 'prev-archive', href: archive.previous }] : []),
  ];
  if (links.length === 0) return xml;
  if (!self.test(xml) || !xml.includes(root)) throw new Error('feed no longer writes the self link or the root as expected');
  const isArchive = archive.current !== undefined;
  const withLinks = xml.replace(self, (line, indent: string) =>
    [line, ...links.map((link) => `${indent}<${element} rel="${link.rel}" href="${put(link.href)}"/>`), ...(isArchive ? [`${indent}<fh:archive/>`] : [])].join('\n'),
  );
  return isArchive ? withLinks.replace(root, `${root}${HISTORY_XMLNS}`) : withLinks;
}

/** Atom 1.0, with xml:lang on the root and on entries in another language, plain-text titles and summaries. */
export function atomXml(doc: FeedDocument): string {
  const slots = new XmlSlots();
  const feed = new Feed({
    id: slots.put(doc.id),
    title: slots.put(doc.title),
    description: slots.put(doc.description),
    link: doc.link,
    updated: doc.updated,
    generator: GENERATOR,
    author: { name: slots.put(doc.author.name), link: doc.author.link },
    ...(doc.logo !== undefined ? { image: slots.put(doc.logo) } : {}),
    feedLinks: { atom: doc.self },
  });
  const textSlots = new Set<string>();
  const text = (value: string) => {
    const slot = slots.put(value);
    textSlots.add(slot);
    return slot;
  };
  for (const item of doc.items) {
    feed.addItem({
      title: text(item.title),
      id: item.id,
      link: item.link,
      date: item.updated,
      published: item.published,
      description: text(withChangesText(item.summary, item.changes ?? [])),
      content: slots.put(item.contentHtml),
      // feed writes Category.name as the label attribute.
      category: item.categories.map((category) => ({
        term: slots.put(category.term),
        name: slots.put(category.label),
        scheme: category.scheme,
      })),
    });
  }
  const xml = feed.atom1();
  if (!xml.includes(ATOM_ROOT)) throw new Error('feed no longer writes the Atom root element as expected');
  let index = 0;
  const rewritten = xml
    // Workaround 2.
    .replace(ATOM_ROOT, `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${escapeMarkup(doc.language)}">`)
    .replace(/<entry>/g, () => {
      const language = doc.items[index++]?.language;
      return language !== undefined && language.toLowerCase() !== doc.language.toLowerCase()
        ? `<entry xml:lang="${escapeMarkup(language)}">`
        : '<entry>';
    })
    // Workaround 3: only the elements whose slot holds plain text.
    .replace(/<(title|summary) type="html">(<!\[CDATA\[(\uE000\d+\uE001)\]\]>)<\/\1>/g, (whole, name: string, body: string, slot: string) =>
      textSlots.has(slot) ? `<${name} type="text">${body}</${name}>` : whole,
    );
  if (index !== doc.items.length) throw new Error('feed no longer writes one <entry> per item as expected');
  if (rewritten.includes('<title type="html">')) throw new Error('feed no longer writes entry titles as expected');
  // Workaround 4.
  const put = (value: string) => slots.put(value);
  const media = withItemElements(
    rewritten,
    'entry',
    doc.items.map((item) => ({
      ...atomLinks(put, item),
      ...mediaRssElements(put, item.images ?? [], item.attachments ?? []),
    })),
  );
  // Translation links alone need no Media RSS namespace.
  const anyMedia = doc.items.some((item) => (item.images?.length ?? 0) + (item.attachments?.length ?? 0) > 0);
  const withNamespace = media.any && anyMedia ? media.xml.replace('<feed xmlns="http://www.w3.org/2005/Atom"', `$&${MEDIA_XMLNS}`) : media.xml;
  return `${slots.fill(withArchiveLinks(withNamespace, ATOM_SELF, '<feed xmlns="http://www.w3.org/2005/Atom"', 'link', put, doc.archive))}\n`;
}

/** The summary as RSS's HTML description; with change notes after it, a paragraph of its own. */
function rssDescription(item: FeedDocumentItem): string {
  const changes = item.changes ?? [];
  if (changes.length === 0) return escapeMarkup(item.summary);
  return withChangesHtml(item.summary === '' ? '' : `<p>${escapeMarkup(item.summary)}</p>`, changes);
}

/**
 * RSS allows one enclosure per item: the lead photo's feed rendition. feed parses the URL (an
 * absolute http(s) URL already, in its WHATWG form), so only the type goes in a slot.
 */
function rssEnclosure(slots: XmlSlots, lead: EntryImage | undefined): { enclosure?: { url: string; type: string; length: number } } {
  return lead === undefined ? {} : { enclosure: { url: lead.feed.url, type: slots.put(lead.feed.mimeType), length: lead.feed.bytes } };
}

/** RSS 2.0 with atom:link rel="self", guid (isPermaLink="false"), content:encoded and dc:language per item. */
export function rssXml(doc: FeedDocument): string {
  const slots = new XmlSlots();
  const feed = new Feed({
    title: slots.put(doc.title),
    description: slots.put(doc.description),
    link: doc.link,
    language: slots.put(doc.language),
    updated: doc.updated,
    generator: GENERATOR,
    ...(doc.logo !== undefined ? { image: slots.put(doc.logo) } : {}),
    feedLinks: { rss: doc.self },
  });
  for (const item of doc.items) {
    feed.addItem({
      // RSS titles are plain text in practice; descriptions and content:encoded are HTML.
      title: slots.put(item.title),
      id: item.id,
      link: item.link,
      date: item.updated,
      published: item.published,
      description: slots.put(rssDescription(item)),
      content: slots.put(item.contentHtml),
      category: item.categories.map((category) => ({
        name: slots.put(category.label),
        domain: slots.put(category.scheme),
      })),
      // feed declares xmlns:dc whenever content:encoded is present, which it always is here.
      ...(item.language !== undefined ? { extensions: [{ name: 'dc:language', objects: { _text: slots.put(item.language) } }] } : {}),
      ...rssEnclosure(slots, item.images?.[0]),
    });
  }
  const xml = feed.rss2();
  if (!xml.includes(RSS_ROOT)) throw new Error('feed no longer writes the RSS root element as expected');
  // Workaround 4.
  const put = (value: string) => slots.put(value);
  const media = withItemElements(xml, 'item', doc.items.map((item) => mediaRssElements(put, item.images ?? [], item.attachments ?? [])));
  const withNamespace = media.any ? media.xml.replace(RSS_ROOT, `${RSS_ROOT}${MEDIA_XMLNS}`) : media.xml;
  return `${slots.fill(withArchiveLinks(withNamespace, RSS_SELF, RSS_ROOT, 'atom:link', put, doc.archive))}\n`;
}
