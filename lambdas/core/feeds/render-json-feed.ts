import { changesData } from './change-notes.ts';
import type { ResolvedFeed } from './resolve-feed.ts';

export const JSON_FEED_VERSION = 'https://jsonfeed.org/version/1.1';

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
    description: resolved.description,
    language: resolved.language,
    authors: [{ name: resolved.siteName, url: resolved.siteUrl }],
    items: resolved.entries.map((entry) => ({
      id: entry.id,
      url: entry.link,
      title: entry.title,
      summary: entry.summary,
      content_html: entry.contentHtml,
      ...(entry.contentText !== undefined ? { content_text: entry.contentText } : {}),
      date_published: entry.published.toISOString(),
      date_modified: entry.updated.toISOString(),
      // Display names, as JSON Feed tags are plain text for people; the codes are in the feed URLs.
      tags: entry.categories.map((category) => category.label),
      ...(entry.language !== undefined ? { language: entry.language } : {}),
      // The history as data besides the notes in the content: JSON Feed allows "_" extensions.
      ...(entry.changes.length > 0 ? { _pressroom: { changes: changesData(entry.changes) } } : {}),
    })),
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}
