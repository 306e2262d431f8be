import type { FeedDocument } from './feed-package.ts';
import type { ResolvedFeed } from './resolve-feed.ts';

/** A resolved feed in the shape the RSS and Atom writer takes, `self` being the document's own URL, in `format`. */
export function feedDocument(resolved: ResolvedFeed, format: 'rss' | 'atom'): FeedDocument {
  const { current, previous } = resolved.archive;
  const self = resolved.urls[format];
  return {
    id: resolved.id,
    title: resolved.title,
    description: resolved.description,
    language: resolved.language,
    link: resolved.urls.html,
    self,
    updated: resolved.updated,
    author: { name: resolved.siteName, link: resolved.siteUrl },
    ...(resolved.site.config.logo !== undefined ? { logo: resolved.site.config.logo } : {}),
    archive: { ...(current ? { current: current[format] } : {}), ...(previous ? { previous: previous[format] } : {}) },
    items: resolved.entries.map((entry) => ({
      id: entry.id,
      title: entry.title,
      summary: entry.summary,
      contentHtml: entry.contentHtml,
      link: entry.link,
      published: entry.published,
      updated: entry.updated,
      ...(entry.language !== undefined ? { language: entry.language } : {}),
      categories: entry.categories,
      changes: entry.changes,
      images: entry.images,
      attachments: entry.attachments,
      translations: entry.translations,
    })),
  };
}
