import { feedPath, type FeedRef } from '../feed-keys.ts';

export interface FeedUrls {
  rss: string;
  atom: string;
  json: string;
  html: string;
  /** The directory of all feeds, GET /feeds/. */
  directory: string;
}

/** The base URL without trailing slashes; throws on anything but absolute http(s), a configuration error. */
export function normaliseBaseUrl(baseUrl: string): string {
  const url = new URL(baseUrl);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new TypeError(`base URL must be http or https: ${baseUrl}`);
  }
  return url.href.replace(/\/+$/, '');
}

export function feedUrls(baseUrl: string, feed: FeedRef): FeedUrls {
  const base = normaliseBaseUrl(baseUrl);
  const path = `${base}/feeds/${feedPath(feed).split('/').map(encodeURIComponent).join('/')}`;
  return {
    rss: `${path}.rss`,
    atom: `${path}.atom`,
    json: `${path}.json`,
    html: `${path}.html`,
    directory: `${base}/feeds/`,
  };
}
