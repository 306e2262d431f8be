// Where the files for search engines live in the object store, each served at the same path of
// the public site (robots.txt and the sitemap index must sit at its root). One sitemap per UTC
// day of publication, so that a change re-renders one small file; a day with more releases than
// a sitemap may list is split into parts.

/** The index of every day's sitemap (sitemaps.org). */
export const SITEMAP_INDEX_PATH = 'sitemap.xml';
/** Google News sitemap: the releases of the last two days. */
export const NEWS_SITEMAP_PATH = 'news-sitemap.xml';
export const ROBOTS_PATH = 'robots.txt';

/** A UTC calendar day, YYYY-MM-DD, as the first ten characters of a stored (toISOString) time. */
export type SitemapDay = string;

/** The file of one day's sitemap: sitemaps/2023-06-15.xml, its later parts sitemaps/2023-06-15-2.xml, … */
export function daySitemapPath(day: SitemapDay, part = 1): string {
  return `sitemaps/${day}${part > 1 ? `-${part}` : ''}.xml`;
}

/**
 * The object keys of the search engines' files: what the site serves from the store beside feeds,
 * pages and media (an object at any other key was not written by Pressroom). The CloudFront
 * routing function is generated from the same pattern.
 */
export const SEARCH_FILE_PATTERN = /^(?:sitemap\.xml|news-sitemap\.xml|robots\.txt|sitemaps\/\d{4}-\d{2}-\d{2}(?:-(?:[2-9]|[1-9]\d+))?\.xml)$/;

export const isSearchFilePath = (key: string) => SEARCH_FILE_PATTERN.test(key);
