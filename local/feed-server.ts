// Serves GET|HEAD /feeds/... from the object store the feeds handler writes to, doing locally
// what CloudFront does in AWS: /feeds/ is the directory object, headers come from the object,
// conditional requests get 304, and gzip is negotiated (the ETag turns weak when compressed,
// as CloudFront makes it). Only the keys the feeds function writes are served, with the content
// type their path gives: an object someone else put there (feeds/evil.html) must not be served
// as ours. Release pages (/releases/<id>), public media (/media/<id>/<rendition>), the sitemaps
// and robots.txt are served the same way.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { gzipSync } from 'node:zlib';
import { GetObjectCommand, NoSuchKey, type S3Client } from '@aws-sdk/client-s3';
import { archiveFileOwner, contentTypeFor, DIRECTORY_PATH } from '../lambdas/core/feeds/index.ts';
import { isDownload, parsePublicMediaKey, renditionContentType } from '../lambdas/core/media-keys.ts';
import { errorBody } from '../lambdas/http/response.ts';
import { releasePagePath } from '../lambdas/core/release-link.ts';
import { isUlid } from '../lambdas/core/ulid.ts';
import { isSearchFilePath } from '../lambdas/core/sitemaps/sitemap-paths.ts';

export interface FeedServerOptions {
  client: S3Client;
  bucket: string;
  /** The object keys the feeds function writes now (the directory and the registered feeds' files). */
  knownPaths: () => Promise<ReadonlySet<string>>;
}

/**
 * The server, and how to tell it the feeds function ran: the known keys are read once and kept
 * until then, so a poll is not a registry Query each.
 */
export type FeedServer = ((req: IncomingMessage, res: ServerResponse, pathname: string) => Promise<void>) & {
  knownPathsChanged(): void;
};

/** True for the paths the feed server answers: /feeds and everything under /feeds/, release pages, public media under /media/, the sitemaps and robots.txt. */
export function isFeedPath(pathname: string): boolean {
  return (
    pathname === '/feeds' ||
    pathname.startsWith('/feeds/') ||
    pathname.startsWith('/media/') ||
    pathname.startsWith('/releases/') ||
    isSearchFilePath(pathname.slice(1))
  );
}

/**
 * The object of a release page, /releases/<id> (as CloudFront's function maps it), for an id
 * shaped as the API makes them: only the feeds function writes under releases/, and only those.
 */
export function releasePageKey(pathname: string): string | undefined {
  const id = pathname.startsWith('/releases/') ? pathname.slice('/releases/'.length) : '';
  return isUlid(id) ? releasePagePath(id) : undefined;
}

/** The object key for a request path, or undefined for one that cannot name a feed file. */
export function objectKeyFor(pathname: string): string | undefined {
  if (pathname === '/feeds' || pathname === '/feeds/') return DIRECTORY_PATH;
  // A folder is its index.html, as CloudFront's viewer-request function makes it.
  if (pathname.endsWith('/')) return objectKeyFor(`${pathname}index.html`);
  let segments: string[];
  try {
    segments = pathname.slice(1).split('/').map(decodeURIComponent);
  } catch {
    return undefined;
  }
  if (segments.some((segment) => segment === '' || segment === '.' || segment === '..' || segment.includes('/'))) return undefined;
  return segments.join('/');
}

export function createFeedServer(options: FeedServerOptions): FeedServer {
  let cached: Promise<ReadonlySet<string>> | undefined;
  const knownPaths = () => {
    if (!cached) {
      const read = options.knownPaths();
      // A failed read is not kept: the next request asks the registry again.
      read.catch(() => {
        if (cached === read) cached = undefined;
      });
      cached = read;
    }
    return cached;
  };
  const serve = async (req: IncomingMessage, res: ServerResponse, pathname: string) => {
    const method = req.method ?? 'GET';
    req.resume();
    if (method !== 'GET' && method !== 'HEAD') {
      return sendJson(res, 405, errorBody('method_not_allowed', `${method} is not allowed on feeds.`), { allow: 'GET, HEAD' });
    }
    const page = releasePageKey(pathname);
    const key = pathname.startsWith('/releases/') ? page : objectKeyFor(pathname);
    if (pathname.startsWith('/media/')) return serveMedia(req, res, method, key);
    const contentType = key === undefined ? undefined : contentTypeFor(key);
    const searchFile = key !== undefined && isSearchFilePath(key);
    let known: ReadonlySet<string> = new Set(page !== undefined ? [page] : searchFile ? [key] : []);
    if (key !== undefined && contentType !== undefined && page === undefined && !searchFile) {
      try {
        known = await knownPaths();
      } catch {
        return sendJson(res, 503, errorBody('service_unavailable', 'The feed registry cannot be read now.'));
      }
    }
    // An archive page is ours when the feed it belongs to is.
    const ours = key !== undefined && (known.has(key) || known.has(archiveFileOwner(key) ?? ''));
    const object = key === undefined || contentType === undefined || !ours ? undefined : await getObject(options, key);
    if (key === undefined || contentType === undefined || object === undefined) {
      return sendJson(res, 404, errorBody('not_found', `No feed at ${pathname}.`));
    }

    const gzip = acceptsGzip(req.headers['accept-encoding']);
    const etag = object.etag && gzip ? `W/${object.etag}` : object.etag;
    const headers: Record<string, string> = {
      'content-type': contentType,
      ...(object.cacheControl ? { 'cache-control': object.cacheControl } : {}),
      vary: 'Accept-Encoding',
      'x-content-type-options': 'nosniff',
      ...(etag ? { etag } : {}),
      ...(object.lastModified ? { 'last-modified': object.lastModified.toUTCString() } : {}),
    };
    if (notModified(req, object.etag, object.lastModified)) {
      res.writeHead(304, headers);
      res.end();
      return;
    }
    const body = gzip ? gzipSync(object.body) : object.body;
    res.writeHead(200, { ...headers, ...(gzip ? { 'content-encoding': 'gzip' } : {}), 'content-length': String(body.length) });
    res.end(method === 'HEAD' ? undefined : body);
  };
  // A public release's photos and downloads, copied there by the stream consumers: only the keys
  // a rendition can have, typed by their name; documents as downloads. Already compressed: no gzip.
  const serveMedia = async (req: IncomingMessage, res: ServerResponse, method: string, key: string | undefined) => {
    const media = key === undefined ? undefined : parsePublicMediaKey(key);
    const object = media === undefined ? undefined : await getObject(options, key!);
    if (media === undefined || object === undefined) return sendJson(res, 404, errorBody('not_found', `No media at /${key ?? ''}.`));
    const headers: Record<string, string> = {
      'content-type': renditionContentType(media.name),
      ...(isDownload(media.name) ? { 'content-disposition': 'attachment' } : {}),
      ...(object.cacheControl ? { 'cache-control': object.cacheControl } : {}),
      'x-content-type-options': 'nosniff',
      ...(object.etag ? { etag: object.etag } : {}),
      ...(object.lastModified ? { 'last-modified': object.lastModified.toUTCString() } : {}),
    };
    if (notModified(req, object.etag, object.lastModified)) {
      res.writeHead(304, headers);
      res.end();
      return;
    }
    res.writeHead(200, { ...headers, 'content-length': String(object.body.length) });
    res.end(method === 'HEAD' ? undefined : object.body);
  };
  return Object.assign(serve, { knownPathsChanged: () => (cached = undefined) });
}

interface StoredObject {
  body: Buffer;
  cacheControl: string | undefined;
  etag: string | undefined;
  lastModified: Date | undefined;
}

async function getObject(options: FeedServerOptions, key: string): Promise<StoredObject | undefined> {
  try {
    const response = await options.client.send(new GetObjectCommand({ Bucket: options.bucket, Key: key }));
    return {
      body: Buffer.from((await response.Body?.transformToByteArray()) ?? []),
      cacheControl: response.CacheControl,
      etag: response.ETag,
      lastModified: response.LastModified,
    };
  } catch (error) {
    if (error instanceof NoSuchKey || (error as Error).name === 'NoSuchKey') return undefined;
    throw error;
  }
}

/**
 * RFC 9110 §13.1: If-None-Match (weak comparison, `*` matches any) decides when present;
 * If-Modified-Since only counts without it. HTTP dates have whole seconds, so the stored
 * time is compared truncated to the second.
 */
export function notModified(req: Pick<IncomingMessage, 'headers'>, etag: string | undefined, lastModified: Date | undefined): boolean {
  const ifNoneMatch = req.headers['if-none-match'];
  if (ifNoneMatch !== undefined) {
    if (etag === undefined) return false;
    const tags = ifNoneMatch.split(',').map((tag) => tag.trim());
    return tags.includes('*') || tags.some((tag) => opaque(tag) === opaque(etag));
  }
  const since = req.headers['if-modified-since'];
  if (since === undefined || lastModified === undefined) return false;
  const sinceMs = Date.parse(since);
  if (Number.isNaN(sinceMs)) return false;
  return Math.floor(lastModified.getTime() / 1000) * 1000 <= sinceMs;
}

const opaque = (tag: string) => tag.replace(/^W\//, '');

/** gzip when Accept-Encoding lists it (or `*`) with a non-zero q. */
export function acceptsGzip(header: string | undefined): boolean {
  if (!header) return false;
  let star: boolean | undefined;
  for (const part of header.split(',')) {
    const [coding, ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
    const accepted = q === undefined || Number(q) > 0;
    if (coding === 'gzip' || coding === 'x-gzip') return accepted;
    if (coding === '*') star = accepted;
  }
  return star ?? false;
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const bytes = Buffer.from(JSON.stringify(body), 'utf8');
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(bytes.length),
    'cache-control': 'no-cache',
    ...headers,
  });
  res.end(bytes);
}
