import { Feed } from 'feed';
import { escapeMarkup } from '../escape-markup.ts';
import type { ResolvedFeed } from './resolve-feed.ts';
import { XmlSlots } from './xml-slots.ts';

/** RSS 2.0 with atom:link rel="self", guid (isPermaLink="false"), content:encoded and dc:language per item. */
export function renderRss(resolved: ResolvedFeed): string {
  const slots = new XmlSlots();
  const feed = new Feed({
    title: slots.put(resolved.title),
    description: slots.put(resolved.description),
    link: resolved.urls.html,
    language: slots.put(resolved.language),
    updated: resolved.updated,
    generator: 'Pressroom',
    feedLinks: { rss: resolved.urls.rss },
  });
  for (const entry of resolved.entries) {
    feed.addItem({
      // RSS titles are plain text in practice; descriptions and content:encoded are HTML.
      title: slots.put(entry.title),
      id: entry.id,
      link: entry.link,
      date: entry.updated,
      published: entry.published,
      description: slots.put(escapeMarkup(entry.summary)),
      content: slots.put(entry.contentHtml),
      category: entry.categories.map((category) => ({
        name: slots.put(category.label),
        domain: slots.put(category.scheme),
      })),
      // feed declares xmlns:dc whenever content:encoded is present, which it always is here.
      ...(entry.language !== undefined
        ? { extensions: [{ name: 'dc:language', objects: { _text: slots.put(entry.language) } }] }
        : {}),
    });
  }
  return `${slots.fill(feed.rss2())}\n`;
}
