import { S3Client } from '@aws-sdk/client-s3';
import { clientPerEndpoint, sdkConfig } from './sdk-client.ts';

/** The S3 client; locally path-style, as 127.0.0.1 has no per-bucket host names. */
export const s3Client = clientPerEndpoint('S3_ENDPOINT', (endpoint) => new S3Client(sdkConfig(endpoint, { forcePathStyle: true })));

export function feedsBucket(): string {
  const bucket = process.env.FEEDS_BUCKET;
  if (!bucket) throw new Error('FEEDS_BUCKET is not set');
  return bucket;
}
