import { Readable } from 'node:stream';
import FeedParser, { type Item, type RawElement } from 'feedparser';

/** Every item of an RSS or Atom document as danmactough's feedparser reads it. */
export function readWithFeedparser(xml: string): Promise<Item[]> {
  return new Promise((resolve, reject) => {
    const items: Item[] = [];
    const parser = new FeedParser({});
    parser.on('error', reject);
    parser.on('readable', () => {
      for (let item = parser.read(); item !== null; item = parser.read()) items.push(item);
    });
    parser.on('end', () => resolve(items));
    Readable.from([xml]).pipe(parser);
  });
}

/** The item's `media:content` elements (feedparser's "media_content"), one or many alike. */
export function mediaContent(item: Item): RawElement[] {
  const raw = item['media:content'];
  if (raw === undefined) return [];
  return (Array.isArray(raw) ? raw : [raw]) as RawElement[];
}

/** The text of a child element feedparser kept (e.g. media:title under media:content). */
export function childText(element: RawElement, name: string): string | undefined {
  const child = element[name] as RawElement | undefined;
  return child?.['#'];
}
