// Checks an AWS Signature Version 4 (Authorization header) the way AWS does: the request is
// signed again with our credentials, at the date and region it claims, by the SDK's own signer
// (@smithy/signature-v4), and the two Authorization values are compared in constant time.
import { createHash, createHmac, timingSafeEqual, type Hash, type Hmac } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { SignatureV4 } from '@smithy/signature-v4';
import type { SourceData } from '@smithy/types';
import type { LocalCredentials } from '../lambdas/adapters/settings.ts';

/** AWS refuses requests signed more than 15 minutes from its own clock. */
const MAX_SKEW_MS = 15 * 60_000;
const AUTHORIZATION = /^AWS4-HMAC-SHA256 Credential=[^/\s]+\/\d{8}\/([a-z0-9-]+)\/([a-z0-9-]+)\/aws4_request, ?SignedHeaders=([a-z0-9;-]+), ?Signature=[0-9a-f]{64}$/;
const AMZ_DATE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;
const CONTENT_SHA256 = 'x-amz-content-sha256';

export interface SignedRequest {
  method: string;
  /** As received: path and query. */
  url: string;
  headers: IncomingHttpHeaders;
  body: string | Uint8Array;
}

/**
 * S3 alone takes a payload it was told not to check (the SDK's choice for streamed bodies), and
 * signs the path as sent, without escaping it a second time as the other services do.
 */
const S3_UNSIGNED_PAYLOADS = new Set(['UNSIGNED-PAYLOAD', 'STREAMING-UNSIGNED-PAYLOAD-TRAILER']);

/** Why the request is not signed by these credentials for this service; undefined when it is. */
export async function sigV4Problem(
  request: SignedRequest,
  credentials: LocalCredentials,
  service: string,
  now: Date = new Date(),
): Promise<string | undefined> {
  const authorization = request.headers.authorization;
  if (!authorization) return 'the request is not signed (no Authorization header)';
  const parsed = AUTHORIZATION.exec(authorization);
  if (!parsed) return 'the Authorization header is not an AWS Signature Version 4';
  const [, region, signedService, signedHeaders] = parsed as unknown as [string, string, string, string];
  if (signedService !== service) return `the request is signed for ${signedService}, not ${service}`;
  const names = signedHeaders.split(';');
  if (!names.includes('host')) return 'the signature does not cover the Host header';
  const amzDate = AMZ_DATE.exec(String(request.headers['x-amz-date'] ?? ''));
  if (!amzDate) return 'the request has no valid X-Amz-Date';
  const [, y, mo, d, h, mi, s] = amzDate.map(Number) as number[];
  const signingDate = new Date(Date.UTC(y!, mo! - 1, d!, h!, mi!, s!));
  if (Math.abs(now.getTime() - signingDate.getTime()) > MAX_SKEW_MS) return 'the signature is older or newer than 15 minutes';

  const url = new URL(request.url, 'http://localhost');
  const headers: Record<string, string> = {};
  for (const name of names) {
    const value = request.headers[name];
    if (value === undefined) return `the signed header ${name} is missing`;
    headers[name] = Array.isArray(value) ? value.join(',') : value;
  }
  // The signer takes a stated payload hash on trust: state the real one, so a body that does
  // not match what was signed fails.
  const unsignedPayload = service === 's3' && S3_UNSIGNED_PAYLOADS.has(headers[CONTENT_SHA256] ?? '');
  if (CONTENT_SHA256 in headers && !unsignedPayload) headers[CONTENT_SHA256] = createHash('sha256').update(request.body).digest('hex');
  const query: Record<string, string | string[]> = {};
  for (const [key, value] of url.searchParams) {
    const previous = query[key];
    query[key] = previous === undefined ? value : [...(Array.isArray(previous) ? previous : [previous]), value];
  }
  const [host, port] = [url.hostname, url.port];
  const signer = new SignatureV4({ credentials, region, service, sha256: NodeSha256, applyChecksum: false, uriEscapePath: service !== 's3' });
  const expected = await signer.sign(
    { method: request.method, protocol: 'http:', hostname: host, ...(port ? { port: Number(port) } : {}), path: url.pathname, query, headers, body: request.body },
    { signingDate },
  );
  const a = Buffer.from(String(expected.headers.authorization ?? ''));
  const b = Buffer.from(authorization);
  return a.length === b.length && timingSafeEqual(a, b) ? undefined : 'the signature does not match (unknown credentials, or a changed request)';
}

/** SHA-256 and HMAC-SHA256 from node:crypto in the shape the signer asks for. */
export class NodeSha256 {
  private hash: Hash | Hmac;
  private readonly secret: string | Buffer | undefined;
  constructor(secret?: SourceData) {
    this.secret = secret === undefined || typeof secret === 'string' ? secret : bytes(secret);
    this.hash = this.fresh();
  }
  update(data: SourceData): void {
    this.hash.update(typeof data === 'string' ? data : bytes(data));
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }
  reset(): void {
    this.hash = this.fresh();
  }
  private fresh(): Hash | Hmac {
    return this.secret === undefined ? createHash('sha256') : createHmac('sha256', this.secret);
  }
}

function bytes(data: ArrayBuffer | ArrayBufferView): Buffer {
  return ArrayBuffer.isView(data) ? Buffer.from(data.buffer, data.byteOffset, data.byteLength) : Buffer.from(data);
}
