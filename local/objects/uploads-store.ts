// How the local runtime starts the object store for uploads: the uploads bucket, kept in
// <dataDir>/objects, with every new object in it notified to the media function, as the S3
// event notification does in AWS. Further buckets (renditions, public media) can be added; only
// the uploads bucket notifies, so what the media function writes does not start it again.
import { join } from 'node:path';
import type { S3Event } from 'aws-lambda';
import type { LocalCredentials } from '../../lambdas/adapters/settings.ts';
import { startObjectStore, type RunningObjectStore } from './server.ts';

export const UPLOADS_BUCKET = 'pressroom-uploads';

export interface UploadsStoreOptions {
  /** The runtime's data folder (objects go to its objects/ folder); in memory when absent. */
  dataDir?: string;
  credentials: LocalCredentials;
  host?: string;
  /** The media function's handler: called with the S3 event of each upload. */
  onObjectCreated: (event: S3Event) => unknown;
  /** Only uploads under this key prefix are notified; all when absent. */
  notifyPrefix?: string;
  /** Buckets besides the uploads bucket, on the same engine (CopyObject works between them). */
  otherBuckets?: string[];
  /** First retry back-off of a failed notification (tests shorten it); 1 s when absent. */
  notificationRetryBaseMs?: number;
  log?: (line: string) => void;
}

export function startUploadsStore(options: UploadsStoreOptions): Promise<RunningObjectStore> {
  return startObjectStore({
    buckets: [UPLOADS_BUCKET, ...(options.otherBuckets ?? [])],
    credentials: options.credentials,
    notify: [{ bucket: UPLOADS_BUCKET, id: 'media', ...(options.notifyPrefix ? { prefix: options.notifyPrefix } : {}) }],
    onObjectCreated: options.onObjectCreated,
    ...(options.dataDir ? { dataDir: join(options.dataDir, 'objects') } : {}),
    ...(options.host ? { host: options.host } : {}),
    ...(options.notificationRetryBaseMs ? { notificationRetryBaseMs: options.notificationRetryBaseMs } : {}),
    ...(options.log ? { log: options.log } : {}),
  });
}
