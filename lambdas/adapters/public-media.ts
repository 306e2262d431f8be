// Public media on the site: a rendition is copied from the private uploads bucket to the feeds
// bucket (served under /media/ by the same distribution as the feeds) when a release using it is
// public, and deleted from there when none is. The copy keeps the headers the processing set
// (type, Cache-Control, Content-Disposition of a download).
import { CopyObjectCommand, DeleteObjectCommand } from '@aws-sdk/client-s3';
import { publicMediaKey, renditionKey } from '../core/media-keys.ts';
import { adapterSettings } from './adapter-context.ts';
import { feedsBucket, s3Client } from './s3-client.ts';
import { required } from './settings.ts';

export async function copyToSite(id: string, names: readonly string[]): Promise<void> {
  const uploads = required(adapterSettings(), 'uploadsBucket');
  await Promise.all(
    names.map((name) =>
      s3Client().send(
        new CopyObjectCommand({
          Bucket: feedsBucket(),
          Key: publicMediaKey(id, name),
          CopySource: `${uploads}/${renditionKey(id, name)}`,
          MetadataDirective: 'COPY',
        }),
      ),
    ),
  );
}

export async function removeFromSite(id: string, names: readonly string[]): Promise<void> {
  await Promise.all(names.map((name) => s3Client().send(new DeleteObjectCommand({ Bucket: feedsBucket(), Key: publicMediaKey(id, name) }))));
}
