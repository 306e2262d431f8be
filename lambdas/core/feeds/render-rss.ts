import { feedDocument } from './feed-document.ts';
import { rssXml } from './feed-package.ts';
import type { ResolvedFeed } from './resolve-feed.ts';

/** RSS 2.0 with atom:link rel="self", guid (isPermaLink="false"), content:encoded and dc:language per item. */
export function renderRss(resolved: ResolvedFeed): string {
  return rssXml(feedDocument(resolved, 'rss'));
}
