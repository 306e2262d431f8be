import type { FeedUrls } from './feed-urls.ts';

export interface SubscribableFormat {
  key: 'rss' | 'atom' | 'json';
  label: string;
  mediaType: string;
}

/** The machine-readable formats, in the order people are offered them. */
export const SUBSCRIBABLE_FORMATS: readonly SubscribableFormat[] = [
  { key: 'rss', label: 'RSS', mediaType: 'application/rss+xml' },
  { key: 'atom', label: 'Atom', mediaType: 'application/atom+xml' },
  { key: 'json', label: 'JSON Feed', mediaType: 'application/feed+json' },
];

/** `<link rel="alternate">` entries for one feed, titled so a browser's list tells feeds apart. */
export function alternatesFor(title: string, urls: FeedUrls): { type: string; title: string; href: string }[] {
  return SUBSCRIBABLE_FORMATS.map((format) => ({
    type: format.mediaType,
    title: `${title} (${format.label})`,
    href: urls[format.key],
  }));
}
