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

/** The URL in its serialised form when it is absolute http(s), else undefined. */
export function httpUrl(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}
