// The local object store for uploads and media on a port: S3's REST calls, signed (SigV4,
// service s3) with the engine's credentials as S3 requires, and browser-style POST uploads,
// which carry their own signature in a policy instead. Objects are kept in a data folder (or
// in memory), and object-created notifications go to a callback as S3 sends them to Lambda.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { HeadBucketCommand, type S3Client } from '@aws-sdk/client-s3';
import type { S3Event } from 'aws-lambda';
import type { LocalCredentials } from '../../lambdas/adapters/settings.ts';
import { newLocalCredentials } from '../credentials.ts';
import { localS3Client } from './local-s3-client.ts';
import { sigV4Problem } from '../sigv4.ts';
import type { RetryLimits } from '../scheduler/retry-policy.ts';
import { decodeAwsChunked } from './aws-chunked.ts';
import { ObjectCreatedNotifier, type NotificationTarget } from './notifications.ts';
import { ObjectStore } from './object-store.ts';
import { receivePostUpload } from './post-upload.ts';
import { handleRest, type Reply } from './rest-api.ts';
import { errorXml, newRequestId, S3Error } from './s3-xml.ts';
import { keepIdleConnections } from '../idle-connections.ts';

export interface ObjectStoreOptions {
  /** Interface to listen on; default 127.0.0.1. */
  host?: string;
  /** 0 (default) picks a free port. */
  port?: number;
  /** Objects and undelivered notifications are kept here; in memory when absent. */
  dataDir?: string;
  /** Created at start (kept ones are kept). */
  buckets: string[];
  /** The only credentials requests and upload policies may be signed with; a fresh pair when absent. */
  credentials?: LocalCredentials;
  /** Which new objects are notified: by bucket, and optionally key prefix and suffix. */
  notify?: NotificationTarget[];
  /** Called with the S3 event of each notified object; a rejection is retried with back-off. */
  onObjectCreated?: (event: S3Event) => unknown;
  /** Retry limits of notifications; Lambda's asynchronous defaults (2 retries, 6 hours) when absent. */
  notificationRetry?: Partial<RetryLimits>;
  /** First retry back-off of a notification, doubling; 1 s when absent. */
  notificationRetryBaseMs?: number;
  /** Largest PutObject body taken (S3's own limit is 5 GB); 256 MiB when absent. */
  maxPutBytes?: number;
  log?: (line: string) => void;
}

export interface RunningObjectStore {
  /** Base URL for `localS3Client(endpoint, credentials)` (path-style). */
  endpoint: string;
  port: number;
  buckets: string[];
  credentials: LocalCredentials;
  /** A client on this engine, signed with its credentials. */
  client: S3Client;
  /** Notifications not yet delivered, and a wait for deliveries under way (tests). */
  notifications: { readonly pending: number; idle(): Promise<void> };
  /** True when the engine answers and its first bucket exists. */
  healthy(): Promise<boolean>;
  /** Closes the port; notifications still pending stay in the data folder for the next start. */
  stop(): Promise<void>;
}

const DEFAULT_MAX_PUT_BYTES = 256 * 1024 * 1024;
const NOTIFICATIONS_DIR = 'notifications';
const OBJECTS_DIR = 'buckets';

export async function startObjectStore(options: ObjectStoreOptions): Promise<RunningObjectStore> {
  const host = options.host ?? '127.0.0.1';
  const credentials = options.credentials ?? newLocalCredentials();
  const store = new ObjectStore(options.dataDir ? join(options.dataDir, OBJECTS_DIR) : undefined);
  for (const bucket of options.buckets) store.createBucket(bucket);
  const notifier = options.onObjectCreated
    ? new ObjectCreatedNotifier({
        targets: options.notify ?? [],
        onObjectCreated: options.onObjectCreated,
        ...(options.dataDir ? { dataDir: join(options.dataDir, NOTIFICATIONS_DIR) } : {}),
        ...(options.notificationRetry ? { retry: options.notificationRetry } : {}),
        ...(options.notificationRetryBaseMs ? { retryBaseMs: options.notificationRetryBaseMs } : {}),
        ...(options.log ? { log: options.log } : {}),
      })
    : undefined;
  const maxPutBytes = options.maxPutBytes ?? DEFAULT_MAX_PUT_BYTES;

  let endpoint = '';
  const server = createServer((req, res) => {
    const requestId = newRequestId();
    serve(req, res, requestId).catch((error: unknown) => {
      if (!(error instanceof S3Error)) options.log?.(`object store: ${req.method} ${req.url} failed: ${(error as Error).stack ?? error}`);
      const s3Error = error instanceof S3Error ? error : new S3Error(500, 'InternalError', 'We encountered an internal error. Please try again.');
      if (res.headersSent) return void res.destroy();
      write(res, req.method === 'HEAD' ? { status: s3Error.status } : { status: s3Error.status, headers: { 'content-type': 'application/xml' }, body: errorXml(s3Error, requestId) }, requestId);
    });
  });
  keepIdleConnections(server);

  const serve = async (req: IncomingMessage, res: ServerResponse, requestId: string) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const [, bucket = '', ...rest] = url.pathname.split('/');
    const key = decodedKey(rest.join('/'));
    const method = req.method ?? 'GET';
    const origin = { sourceIPAddress: req.socket.remoteAddress ?? '127.0.0.1', requestId };
    if (method === 'POST' && bucket && !key && /^multipart\/form-data/i.test(req.headers['content-type'] ?? '')) {
      if (!store.hasBucket(bucket)) throw new S3Error(404, 'NoSuchBucket', 'The specified bucket does not exist.', { BucketName: bucket });
      write(res, await receivePostUpload({ bucket, request: req, store, notifier, credentials, origin, endpoint }), requestId);
      return;
    }
    // Refused before its body is read: nothing unsigned is worth buffering.
    if (!req.headers.authorization) throw new S3Error(403, 'AccessDenied', 'Access Denied: the request is not signed (no Authorization header).');
    const body = await readBody(req, maxPutBytes);
    const problem = await sigV4Problem({ method, url: req.url ?? '/', headers: req.headers, body }, credentials, 's3');
    if (problem) throw new S3Error(403, req.headers.authorization ? 'SignatureDoesNotMatch' : 'AccessDenied', `Access Denied: ${problem}.`);
    if (!bucket) throw new S3Error(501, 'NotImplemented', 'ListBuckets is not implemented here.');
    const content = /aws-chunked/.test(String(req.headers['content-encoding'] ?? '')) ? decodeAwsChunked(body) : body;
    const principalId = `AWS:${credentials.accessKeyId}`;
    write(res, await handleRest(store, notifier, { method, bucket, key, query: url.searchParams, headers: req.headers, body: content, origin: { ...origin, principalId } }), requestId);
  };

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const publicHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  endpoint = `http://${publicHost}:${port}`;
  notifier?.resume();
  const client = localS3Client(endpoint, credentials);
  const first = options.buckets[0];
  return {
    endpoint,
    port,
    buckets: [...options.buckets],
    credentials,
    client,
    notifications: {
      get pending() {
        return notifier?.pendingCount ?? 0;
      },
      idle: () => notifier?.idle() ?? Promise.resolve(),
    },
    healthy: () => (first ? client.send(new HeadBucketCommand({ Bucket: first })).then(() => true, () => false) : Promise.resolve(server.listening)),
    async stop() {
      notifier?.stop();
      client.destroy();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

function write(res: ServerResponse, reply: Reply, requestId: string): void {
  res.statusCode = reply.status;
  res.setHeader('x-amz-request-id', requestId);
  res.setHeader('x-amz-id-2', requestId);
  for (const [name, value] of Object.entries(reply.headers ?? {})) res.setHeader(name, value);
  if (reply.body instanceof Readable) {
    reply.body.on('error', () => res.destroy());
    reply.body.pipe(res);
    return;
  }
  if (typeof reply.body === 'string') res.setHeader('content-length', Buffer.byteLength(reply.body));
  else if (reply.status !== 204 && !res.hasHeader('content-length')) res.setHeader('content-length', 0);
  res.end(reply.body);
}

async function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  // Read to the end even when too large (leaving the loop would close the connection before
  // the error is answered); only what fits is kept.
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size <= maxBytes) chunks.push(chunk);
  }
  if (size > maxBytes) throw new S3Error(400, 'EntityTooLarge', 'Your proposed upload exceeds the maximum allowed size', { ProposedSize: size, MaxSizeAllowed: maxBytes });
  return Buffer.concat(chunks);
}

function decodedKey(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    throw new S3Error(400, 'InvalidURI', "Couldn't parse the specified URI.");
  }
}
