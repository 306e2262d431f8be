// The S3 REST calls the media function makes, path-style (/bucket/key), answered as S3 answers
// them: CreateBucket, HeadBucket, ListObjectsV2, PutObject, CopyObject, GetObject, HeadObject,
// DeleteObject. The request is already checked (signed) and its body read.
import type { IncomingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';
import type { ObjectHeaders, ObjectStore, StoredObject } from './object-store.ts';
import type { ObjectCreatedNotifier, RequestOrigin } from './notifications.ts';
import { copyResultXml, listObjectsV2Xml, quoted, S3Error } from './s3-xml.ts';

export interface RestRequest {
  method: string;
  bucket: string;
  /** Decoded; empty for calls on the bucket. */
  key: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: Buffer;
  origin: RequestOrigin;
}

export interface Reply {
  status: number;
  headers?: Record<string, string>;
  body?: string | Readable;
}

/** S3's default for an object stored without a Content-Type. */
export const DEFAULT_CONTENT_TYPE = 'binary/octet-stream';
const META_PREFIX = 'x-amz-meta-';
const MAX_KEYS = 1000;
const XML = { 'content-type': 'application/xml' };

export async function handleRest(store: ObjectStore, notifier: ObjectCreatedNotifier | undefined, request: RestRequest): Promise<Reply> {
  const { method, bucket, key } = request;
  if (!key) {
    if (method === 'PUT') {
      store.createBucket(bucket);
      return { status: 200, headers: { location: `/${bucket}` } };
    }
    requireBucket(store, bucket);
    if (method === 'HEAD') return { status: 200 };
    if (method === 'GET' && request.query.get('list-type') === '2') return listObjects(store, bucket, request.query);
    throw notImplemented(method);
  }
  requireBucket(store, bucket);
  switch (method) {
    case 'PUT': {
      const copySource = request.headers['x-amz-copy-source'];
      if (typeof copySource === 'string') return copyObject(store, notifier, request, copySource);
      const object = await store.put(bucket, key, request.body, headersFrom(request.headers));
      notifier?.created(bucket, object, 'ObjectCreated:Put', request.origin);
      return { status: 200, headers: { etag: quoted(object.etag) } };
    }
    case 'GET':
    case 'HEAD': {
      const object = store.head(bucket, key);
      const body = object && method === 'GET' ? store.open(bucket, key) : undefined;
      if (!object || (method === 'GET' && !body)) throw new S3Error(404, 'NoSuchKey', 'The specified key does not exist.', { Key: key });
      return { status: 200, headers: responseHeaders(object), ...(body ? { body } : {}) };
    }
    case 'DELETE':
      store.delete(bucket, key);
      return { status: 204 };
    default:
      throw notImplemented(method);
  }
}

function requireBucket(store: ObjectStore, bucket: string): void {
  if (!store.hasBucket(bucket)) throw new S3Error(404, 'NoSuchBucket', 'The specified bucket does not exist.', { BucketName: bucket });
}

async function copyObject(store: ObjectStore, notifier: ObjectCreatedNotifier | undefined, request: RestRequest, copySource: string): Promise<Reply> {
  // "/bucket/key" or "bucket/key", URL-encoded, perhaps with ?versionId=.
  const source = decodeURIComponent(copySource.replace(/^\//, '').split('?')[0]!);
  const slash = source.indexOf('/');
  const from = { bucket: source.slice(0, slash), key: source.slice(slash + 1) };
  if (slash <= 0 || !from.key) throw new S3Error(400, 'InvalidArgument', 'Copy Source must mention the source bucket and key: sourcebucket/sourcekey.', { ArgumentName: 'x-amz-copy-source' });
  requireBucket(store, from.bucket);
  const original = store.head(from.bucket, from.key);
  if (!original) throw new S3Error(404, 'NoSuchKey', 'The specified key does not exist.', { Key: from.key });
  const replace = request.headers['x-amz-metadata-directive'] === 'REPLACE';
  if (!replace && from.bucket === request.bucket && from.key === request.key) {
    throw new S3Error(400, 'InvalidRequest', 'This copy request is illegal because it is trying to copy an object to itself without changing the object\'s metadata, storage class, website redirect location or encryption attributes.');
  }
  const kept: ObjectHeaders = replace ? headersFrom(request.headers) : pickHeaders(original);
  const object = await store.copy(from, { bucket: request.bucket, key: request.key }, kept);
  if (!object) throw new S3Error(404, 'NoSuchKey', 'The specified key does not exist.', { Key: from.key });
  notifier?.created(request.bucket, object, 'ObjectCreated:Copy', request.origin);
  return { status: 200, headers: XML, body: copyResultXml(object) };
}

function listObjects(store: ObjectStore, bucket: string, query: URLSearchParams): Reply {
  const prefix = query.get('prefix') ?? '';
  const delimiter = query.get('delimiter') || undefined;
  const maxKeys = Math.min(MAX_KEYS, Math.max(0, Number(query.get('max-keys') ?? MAX_KEYS) || 0));
  const continuationToken = query.get('continuation-token') ?? undefined;
  const startAfter = query.get('start-after') ?? undefined;
  // The token is the last key of the previous page, opaque to clients as S3's is.
  const after = continuationToken ? Buffer.from(continuationToken, 'base64url').toString('utf8') : (startAfter ?? '');
  const contents: StoredObject[] = [];
  const commonPrefixes: string[] = [];
  let last: string | undefined;
  let truncated = false;
  for (const object of store.keys(bucket, prefix)) {
    if (object.key <= after) continue;
    // A common prefix that ended the previous page is skipped whole.
    if (delimiter && after.endsWith(delimiter) && object.key.startsWith(after)) continue;
    const rest = object.key.slice(prefix.length);
    const cut = delimiter ? rest.indexOf(delimiter) : -1;
    const common = cut >= 0 ? prefix + rest.slice(0, cut + delimiter!.length) : undefined;
    if (common !== undefined && commonPrefixes.at(-1) === common) continue;
    if (contents.length + commonPrefixes.length >= maxKeys) {
      truncated = true;
      break;
    }
    if (common !== undefined) commonPrefixes.push(common);
    else contents.push(object);
    last = common ?? object.key;
  }
  const page = {
    bucket,
    prefix,
    maxKeys,
    contents,
    commonPrefixes,
    urlEncoded: query.get('encoding-type') === 'url',
    ...(delimiter ? { delimiter } : {}),
    ...(startAfter ? { startAfter } : {}),
    ...(continuationToken ? { continuationToken } : {}),
    ...(truncated && last !== undefined ? { nextContinuationToken: Buffer.from(last).toString('base64url') } : {}),
  };
  return { status: 200, headers: XML, body: listObjectsV2Xml(page) };
}

/** What a PutObject (or a CopyObject that replaces) keeps of its headers. */
export function headersFrom(headers: IncomingHttpHeaders): ObjectHeaders {
  const text = (name: string) => (typeof headers[name] === 'string' ? (headers[name] as string) : undefined);
  const metadata: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (name.startsWith(META_PREFIX) && typeof value === 'string') metadata[name.slice(META_PREFIX.length)] = value;
  }
  return optionalHeaders({
    contentType: text('content-type') ?? DEFAULT_CONTENT_TYPE,
    cacheControl: text('cache-control'),
    contentDisposition: text('content-disposition'),
    // aws-chunked is the framing of the request, not an encoding of the object.
    contentEncoding:
      text('content-encoding')
        ?.split(',')
        .map((coding) => coding.trim())
        .filter((coding) => coding && coding !== 'aws-chunked')
        .join(', ') || undefined,
    contentLanguage: text('content-language'),
    metadata,
  });
}

function pickHeaders(object: StoredObject): ObjectHeaders {
  const { contentType, cacheControl, contentDisposition, contentEncoding, contentLanguage, metadata } = object;
  return optionalHeaders({ contentType, cacheControl, contentDisposition, contentEncoding, contentLanguage, metadata });
}

function optionalHeaders(headers: { [K in keyof ObjectHeaders]: ObjectHeaders[K] | undefined }): ObjectHeaders {
  return Object.fromEntries(Object.entries(headers).filter(([, value]) => value !== undefined)) as unknown as ObjectHeaders;
}

function responseHeaders(object: StoredObject): Record<string, string> {
  const headers: Record<string, string> = {
    'content-type': object.contentType,
    'content-length': String(object.size),
    etag: quoted(object.etag),
    'last-modified': new Date(object.lastModified).toUTCString(),
    'accept-ranges': 'bytes',
  };
  if (object.cacheControl) headers['cache-control'] = object.cacheControl;
  if (object.contentDisposition) headers['content-disposition'] = object.contentDisposition;
  if (object.contentEncoding) headers['content-encoding'] = object.contentEncoding;
  if (object.contentLanguage) headers['content-language'] = object.contentLanguage;
  for (const [name, value] of Object.entries(object.metadata)) headers[`${META_PREFIX}${name}`] = value;
  return headers;
}

function notImplemented(method: string): S3Error {
  return new S3Error(501, 'NotImplemented', `A header or call you provided implies functionality that is not implemented (${method} here).`);
}
