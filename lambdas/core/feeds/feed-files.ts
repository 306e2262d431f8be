import { feedPath, type FeedRef } from '../feed-keys.ts';
import { isUlid } from '../ulid.ts';
import type { FeedContext } from './feed-context.ts';
import { renderAtom } from './render-atom.ts';
import { renderDirectory, type DirectoryInput } from './render-directory.ts';
import { renderHtmlPage } from './render-html-page.ts';
import { renderJsonFeed } from './render-json-feed.ts';
import { renderRss } from './render-rss.ts';
import { resolveFeed, type ResolvedFeed } from './resolve-feed.ts';

/** One object for the store: key, headers and bytes. */
export interface FeedFile {
  /** Object key, no leading slash: feeds/all.rss, feeds/countries/kz.atom, feeds/index.html. */
  path: string;
  contentType: string;
  cacheControl: string;
  body: string;
}

/** The object behind GET /feeds/ (the server or CloudFront maps the folder URL onto it). */
export const DIRECTORY_PATH = 'feeds/index.html';

/** The object behind GET /feeds/<language>/, the directory in one of the site's languages. */
export const directoryPath = (language: string | undefined) => (language === undefined ? DIRECTORY_PATH : `feeds/${language}/index.html`);

/** The four documents of every feed, by extension. */
const FEED_TYPES: Record<string, string> = {
  rss: 'application/rss+xml; charset=utf-8',
  atom: 'application/atom+xml; charset=utf-8',
  json: 'application/feed+json; charset=utf-8',
  html: 'text/html; charset=utf-8',
};

/** Everything the feeds function writes: the feeds' documents, pages, and the search engines' sitemaps and robots.txt. */
const CONTENT_TYPES: Record<string, string> = {
  ...FEED_TYPES,
  xml: 'application/xml; charset=utf-8',
  txt: 'text/plain; charset=utf-8',
};

/** Content type by extension; undefined for anything the feeds function does not write. */
export function contentTypeFor(path: string): string | undefined {
  const extension = /\.([a-z]+)$/.exec(path)?.[1];
  return extension === undefined ? undefined : CONTENT_TYPES[extension];
}

/**
 * One policy for every feed file. max-age=60 bounds how stale a reader or CloudFront copy
 * can be (s-maxage says the same to shared caches explicitly); stale-while-revalidate lets
 * the CDN answer at once while it refetches, which with ETags is usually a cheap 304;
 * stale-if-error keeps feeds up for a day if the origin is not. Changes still show within
 * a minute or so without any invalidation.
 */
export const FEED_CACHE_CONTROL = 'public, max-age=60, s-maxage=60, stale-while-revalidate=300, stale-if-error=86400';

export function cacheControlFor(path: string): string {
  return contentTypeFor(path) === undefined ? 'no-cache' : FEED_CACHE_CONTROL;
}

/** A file for the store with the content type and Cache-Control its path gives (feeds, directories, release pages, sitemaps). */
export function feedFile(path: string, body: string): FeedFile {
  const contentType = contentTypeFor(path);
  if (contentType === undefined) throw new Error(`no content type for ${path}`);
  return { path, contentType, cacheControl: cacheControlFor(path), body };
}

const stemOf = (path: string) => `feeds/${path}`;

/**
 * Every object key the feeds function writes for these feeds, and the directory: what may be
 * served from the store (an object at any other key was not written by Pressroom).
 */
export function feedFilePaths(feeds: Iterable<FeedRef>, siteLanguages: readonly string[]): Set<string> {
  const paths = new Set([DIRECTORY_PATH, ...siteLanguages.map(directoryPath)]);
  for (const feed of feeds) for (const extension of Object.keys(FEED_TYPES)) paths.add(`${stemOf(feedPath(feed))}.${extension}`);
  return paths;
}

const ARCHIVE_FILE = /^(feeds\/.+)\/archive\/([^/]+)\.([a-z]+)$/;

/**
 * For the key of an archive page's file (feeds/<path>/archive/<page>.<ext>), the key of the same
 * file of the feed's subscription document: the page is Pressroom's when that one is. Undefined
 * for any other key.
 */
export function archiveFileOwner(path: string): string | undefined {
  const match = ARCHIVE_FILE.exec(path);
  if (!match || !isUlid(match[2]!) || FEED_TYPES[match[3]!] === undefined) return undefined;
  return `${match[1]}.${match[3]}`;
}

/** The four files of one feed, rendered from one resolution so they agree on everything. */
export function renderFeedFiles(ctx: FeedContext): FeedFile[] {
  const resolved: ResolvedFeed = resolveFeed(ctx);
  const stem = stemOf(resolved.path);
  return [
    feedFile(`${stem}.rss`, renderRss(resolved)),
    feedFile(`${stem}.atom`, renderAtom(resolved)),
    feedFile(`${stem}.json`, renderJsonFeed(resolved)),
    feedFile(`${stem}.html`, renderHtmlPage(resolved)),
  ];
}

/** The directory at /feeds/ and in each of the site's languages. */
export function renderDirectoryFiles(input: Omit<DirectoryInput, 'language'>): FeedFile[] {
  return [undefined, ...input.site.config.languages].map((language) =>
    feedFile(directoryPath(language), renderDirectory({ ...input, ...(language === undefined ? {} : { language }) })),
  );
}
