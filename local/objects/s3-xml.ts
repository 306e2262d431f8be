// What S3 answers on the wire: its error document, and the XML of the calls that answer one.
import { randomBytes } from 'node:crypto';
import { escapeMarkup } from '../../lambdas/core/escape-markup.ts';
import type { StoredObject } from './object-store.ts';

export const S3_XML_NAMESPACE = 'http://s3.amazonaws.com/doc/2006-03-01/';
const DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n';

export class S3Error extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Further elements S3 adds to this error (ProposedSize, MaxSizeAllowed, Key, ...). */
    readonly details: Record<string, string | number> = {},
  ) {
    super(message);
  }
}

export function newRequestId(): string {
  return randomBytes(8).toString('hex').toUpperCase();
}

export function errorXml(error: S3Error, requestId: string): string {
  const details = Object.entries(error.details)
    .map(([name, value]) => element(name, String(value)))
    .join('');
  return `${DECLARATION}<Error>${element('Code', error.code)}${element('Message', error.message)}${details}${element('RequestId', requestId)}${element('HostId', requestId)}</Error>`;
}

export function copyResultXml(object: StoredObject): string {
  return `${DECLARATION}<CopyObjectResult xmlns="${S3_XML_NAMESPACE}">${element('LastModified', object.lastModified)}${element('ETag', quoted(object.etag))}</CopyObjectResult>`;
}

/** The answer to a POST with success_action_status 201. */
export function postResponseXml(location: string, bucket: string, object: StoredObject): string {
  return `${DECLARATION}<PostResponse>${element('Location', location)}${element('Bucket', bucket)}${element('Key', object.key)}${element('ETag', quoted(object.etag))}</PostResponse>`;
}

export interface ListPage {
  bucket: string;
  prefix: string;
  delimiter?: string;
  maxKeys: number;
  startAfter?: string;
  continuationToken?: string;
  nextContinuationToken?: string;
  contents: StoredObject[];
  commonPrefixes: string[];
  /** encoding-type=url: keys and prefixes percent-encoded, as S3 does on request. */
  urlEncoded: boolean;
}

export function listObjectsV2Xml(page: ListPage): string {
  const text = (value: string) => (page.urlEncoded ? encodeURIComponent(value) : value);
  const optional = (name: string, value: string | undefined) => (value === undefined ? '' : element(name, value));
  const contents = page.contents
    .map((o) => `<Contents>${element('Key', text(o.key))}${element('LastModified', o.lastModified)}${element('ETag', quoted(o.etag))}${element('Size', String(o.size))}${element('StorageClass', 'STANDARD')}</Contents>`)
    .join('');
  const prefixes = page.commonPrefixes.map((p) => `<CommonPrefixes>${element('Prefix', text(p))}</CommonPrefixes>`).join('');
  return (
    `${DECLARATION}<ListBucketResult xmlns="${S3_XML_NAMESPACE}">${element('Name', page.bucket)}${element('Prefix', text(page.prefix))}` +
    `${optional('Delimiter', page.delimiter === undefined ? undefined : text(page.delimiter))}${optional('StartAfter', page.startAfter === undefined ? undefined : text(page.startAfter))}` +
    `${optional('ContinuationToken', page.continuationToken)}${optional('NextContinuationToken', page.nextContinuationToken)}` +
    `${element('KeyCount', String(page.contents.length + page.commonPrefixes.length))}${element('MaxKeys', String(page.maxKeys))}` +
    `${page.urlEncoded ? element('EncodingType', 'url') : ''}${element('IsTruncated', String(page.nextContinuationToken !== undefined))}${contents}${prefixes}</ListBucketResult>`
  );
}

export function quoted(etag: string): string {
  return `"${etag}"`;
}

function element(name: string, value: string): string {
  return `<${name}>${escapeMarkup(value)}</${name}>`;
}
