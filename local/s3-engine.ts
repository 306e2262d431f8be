// The runtime's S3: the local object store (local/objects) with the feeds bucket and the
// uploads bucket on one endpoint, as S3 has them in one region, so a public release's media are
// copied from the uploads bucket to the site with CopyObject as in AWS. With a data folder the
// objects outlive a restart (uploads and their renditions must; the feeds are rebuilt from the
// table anyway). New objects under uploads/ in the uploads bucket are notified to a callback, as
// the S3 event notification invokes the process-media function in AWS.
import type { S3Event } from 'aws-lambda';
import type { LocalCredentials } from '../lambdas/adapters/settings.ts';
import { startObjectStore, type RunningObjectStore } from './objects/server.ts';

export { localS3Client } from './objects/local-s3-client.ts';

export interface S3EngineOptions {
  /** Interface to listen on; default 127.0.0.1. */
  host?: string;
  /** 0 (default) picks a free port. */
  port?: number;
  /** The feeds (site) bucket, created at start. */
  bucket: string;
  /** The private uploads bucket, when media are wanted; its uploads/ keys are notified. */
  uploads?: { bucket: string; prefix: string; onObjectCreated: (event: S3Event) => unknown; retryBaseMs?: number };
  /** Objects (and notifications not yet delivered) are kept in <dataDir>; in memory when absent. */
  dataDir?: string;
  /** What requests must be signed with; a fresh pair when absent. */
  credentials?: LocalCredentials;
  log?: (line: string) => void;
}

export interface RunningS3Engine extends RunningObjectStore {
  /** The feeds bucket. */
  bucket: string;
}

export async function startS3Engine(options: S3EngineOptions): Promise<RunningS3Engine> {
  const { uploads } = options;
  const store = await startObjectStore({
    buckets: [options.bucket, ...(uploads ? [uploads.bucket] : [])],
    ...(options.host ? { host: options.host } : {}),
    ...(options.port ? { port: options.port } : {}),
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
    ...(options.credentials ? { credentials: options.credentials } : {}),
    ...(uploads
      ? {
          notify: [{ bucket: uploads.bucket, id: 'process-media', prefix: uploads.prefix }],
          onObjectCreated: uploads.onObjectCreated,
          ...(uploads.retryBaseMs ? { notificationRetryBaseMs: uploads.retryBaseMs } : {}),
        }
      : {}),
    ...(options.log ? { log: options.log } : {}),
  });
  return Object.assign(store, { bucket: options.bucket });
}
