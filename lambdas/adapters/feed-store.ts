// Feed files in the object store. A file is written only when its bytes (or headers) changed,
// so an unchanged feed keeps its ETag and Last-Modified and every poller's conditional GET
// stays a 304. The comparison costs one HeadObject: the bytes' SHA-256 rides along as metadata.
import { HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import type { FeedFile } from '../core/feeds/index.ts';
import { sha256 as sha256Of } from '../core/sha256.ts';
import { feedsBucket, s3Client } from './s3-client.ts';

export type WriteOutcome = 'written' | 'unchanged';

/** Object metadata key (x-amz-meta-sha256) holding the hex SHA-256 of the object's bytes. */
export const SHA256_METADATA = 'sha256';

export async function writeFeedFile(file: FeedFile): Promise<WriteOutcome> {
  const bytes = Buffer.from(file.body, 'utf8');
  const sha256 = sha256Of(bytes);
  const stored = await headObject(file.path);
  if (
    stored &&
    stored.Metadata?.[SHA256_METADATA] === sha256 &&
    stored.ContentType === file.contentType &&
    stored.CacheControl === file.cacheControl
  ) {
    return 'unchanged';
  }
  await s3Client().send(
    new PutObjectCommand({
      Bucket: feedsBucket(),
      Key: file.path,
      Body: bytes,
      ContentType: file.contentType,
      CacheControl: file.cacheControl,
      Metadata: { [SHA256_METADATA]: sha256 },
    }),
  );
  return 'written';
}

/** The files of one feed, concurrently; rejects when any of them could not be written. */
export async function writeFeedFiles(files: readonly FeedFile[]): Promise<WriteOutcome[]> {
  return Promise.all(files.map(writeFeedFile));
}

async function headObject(key: string) {
  try {
    return await s3Client().send(new HeadObjectCommand({ Bucket: feedsBucket(), Key: key }));
  } catch (error) {
    const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
    if ((error as Error).name === 'NotFound' || status === 404) return undefined;
    throw error;
  }
}
