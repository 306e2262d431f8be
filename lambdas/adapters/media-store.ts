// The uploads bucket: a presigned POST for the press office's browser or curl (the API never
// handles the bytes), the upload read back for processing, the cleaned renditions written
// beside it. Everything here is private; publication copies renditions to the site.
import { DeleteObjectCommand, GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { createPresignedPost } from '@aws-sdk/s3-presigned-post';
import { renditionKey, uploadKey } from '../core/media-keys.ts';
import { adapterSettings } from './adapter-context.ts';
import { s3Client } from './s3-client.ts';
import { required } from './settings.ts';

const uploadsBucket = () => required(adapterSettings(), 'uploadsBucket');

/** How long an upload form is valid. */
export const UPLOAD_EXPIRES_SECONDS = 15 * 60;

/** A form that uploads exactly one file of at most maxBytes, with that Content-Type, to the media's key. */
export async function presignedUpload(id: string, contentType: string, maxBytes: number, now: Date) {
  const { url, fields } = await createPresignedPost(s3Client(), {
    Bucket: uploadsBucket(),
    Key: uploadKey(id),
    Conditions: [['content-length-range', 1, maxBytes], ['eq', '$Content-Type', contentType]],
    Fields: { 'Content-Type': contentType },
    Expires: UPLOAD_EXPIRES_SECONDS,
  });
  return { url, method: 'POST' as const, fields, expiresAt: new Date(now.getTime() + UPLOAD_EXPIRES_SECONDS * 1000).toISOString() };
}

export async function readUpload(id: string): Promise<Buffer> {
  const { Body } = await s3Client().send(new GetObjectCommand({ Bucket: uploadsBucket(), Key: uploadKey(id) }));
  return Buffer.from(await Body!.transformToByteArray());
}

export async function deleteUpload(id: string): Promise<void> {
  await s3Client().send(new DeleteObjectCommand({ Bucket: uploadsBucket(), Key: uploadKey(id) }));
}

export async function writeRendition(id: string, rendition: { name: string; mimeType: string; body: Buffer }, disposition?: string): Promise<void> {
  await s3Client().send(
    new PutObjectCommand({
      Bucket: uploadsBucket(),
      Key: renditionKey(id, rendition.name),
      Body: rendition.body,
      ContentType: rendition.mimeType,
      // Renditions never change under a name: a new upload is a new media id.
      CacheControl: 'public, max-age=31536000, immutable',
      ...(disposition ? { ContentDisposition: disposition } : {}),
    }),
  );
}
