import { documentPath, type FeedRef } from '../feed-keys.ts';

export interface FeedUrls {
  rss: string;
  atom: string;
  json: string;
  html: string;
  /** The directory of all feeds: GET /feeds/, or /feeds/<language>/ for a feed of one language. */
  directory: string;
}

/**
 * The base URL as the WHATWG URL parser serialises it (host lower-cased and in punycode,
 * path percent-encoded), without trailing slashes. Throws on anything but absolute http(s):
 * a configuration error.
 */
export function normaliseBaseUrl(baseUrl: string): string {
  return folderOf(baseUrl).href.replace(/\/+$/, '');
}

function folderOf(baseUrl: string): URL {
  const url = new URL(baseUrl);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new TypeError(`base URL must be http or https: ${baseUrl}`);
  }
  // A query or fragment on the base names no folder; the path is taken as one, trailing slashes or not.
  url.search = '';
  url.hash = '';
  url.pathname = url.pathname.replace(/\/*$/, '/');
  return url;
}

/**
 * The one rule for a feed's URLs, used by the feed files and by partners' webhook messages
 * alike, so both name a feed by the same bytes; with `page`, one of its archive pages. Resolved against the base by the URL parser
 * rather than glued as strings, so a path prefix, an IDN host, mixed case or a space come
 * out the way a browser would request them.
 */
export function feedUrls(baseUrl: string, feed: FeedRef, page?: string): FeedUrls {
  const folder = folderOf(baseUrl);
  const stem = `feeds/${documentPath(feed, page).split('/').map(encodeURIComponent).join('/')}`;
  const at = (relative: string) => new URL(relative, folder).href;
  return {
    rss: at(`${stem}.rss`),
    atom: at(`${stem}.atom`),
    json: at(`${stem}.json`),
    html: at(`${stem}.html`),
    directory: directoryUrl(baseUrl, feed.language),
  };
}

/** The directory of the feeds: /feeds/ (every language), or the version of one of the site's languages. */
export function directoryUrl(baseUrl: string, language: string | undefined): string {
  return new URL(language === undefined ? 'feeds/' : `feeds/${encodeURIComponent(language)}/`, folderOf(baseUrl)).href;
}
