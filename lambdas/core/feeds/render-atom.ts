import { Feed } from 'feed';
import { escapeMarkup } from '../escape-markup.ts';
import type { ResolvedFeed } from './resolve-feed.ts';
import { XmlSlots } from './xml-slots.ts';

const ROOT = '<feed xmlns="http://www.w3.org/2005/Atom">';

/** Atom 1.0 with xml:lang on the root (feed writes none) and on entries in another language. */
export function renderAtom(resolved: ResolvedFeed): string {
  const slots = new XmlSlots();
  const feed = new Feed({
    id: slots.put(resolved.id),
    title: slots.put(resolved.title),
    description: slots.put(resolved.description),
    link: resolved.urls.html,
    updated: resolved.updated,
    generator: 'Pressroom',
    author: { name: slots.put(resolved.siteName), link: resolved.siteUrl },
    feedLinks: { atom: resolved.urls.atom },
  });
  for (const entry of resolved.entries) {
    feed.addItem({
      // feed marks entry title, summary and content type="html", so plain text is escaped into HTML first.
      title: slots.put(escapeMarkup(entry.title)),
      id: entry.id,
      link: entry.link,
      date: entry.updated,
      published: entry.published,
      description: slots.put(escapeMarkup(entry.summary)),
      content: slots.put(entry.contentHtml),
      // feed writes Category.name as the label attribute.
      category: entry.categories.map((category) => ({
        term: slots.put(category.term),
        name: slots.put(category.label),
        scheme: category.scheme,
      })),
    });
  }
  const xml = feed.atom1();
  if (!xml.includes(ROOT)) throw new Error('feed no longer writes the Atom root element as expected');
  let index = 0;
  const withLanguages = xml
    .replace(ROOT, `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${escapeMarkup(resolved.language)}">`)
    // The template holds no data yet (it is all in slots), so every <entry> here is an element.
    .replace(/<entry>/g, () => {
      const language = resolved.entries[index++]?.language;
      return language !== undefined && language.toLowerCase() !== resolved.language.toLowerCase()
        ? `<entry xml:lang="${escapeMarkup(language)}">`
        : '<entry>';
    });
  return `${slots.fill(withLanguages)}\n`;
}
