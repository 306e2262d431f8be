// An upload arrived (S3 object-created event for uploads/<media id>): the file is checked and
// re-encoded into its renditions, which are stored privately beside it, and the media item
// becomes ready or rejected. S3 delivers events at least once; the claim on the media item
// makes a second delivery a no-op, and a failure is thrown so that Lambda retries.
import type { S3Event } from 'aws-lambda';
import { mediaIdOfUploadKey } from '../core/media-keys.ts';
import { processUpload } from '../media-processing/process-media.ts';
import { claimForProcessing, getMedia, recordProcessed } from '../adapters/media-repository.ts';
import { deleteUpload, readUpload, writeRendition } from '../adapters/media-store.ts';
import { logger } from '../logger.ts';

/** A claim older than this is taken to be a crashed attempt and processed again. */
const STALE_CLAIM_MS = 5 * 60_000;

export async function handler(event: S3Event): Promise<void> {
  for (const record of event.Records) {
    // S3 event keys are URL-encoded, with + for a space.
    const id = mediaIdOfUploadKey(decodeURIComponent(record.s3.object.key.replace(/\+/g, ' ')));
    if (!id) continue;
    await processOne(id);
  }
}

async function processOne(id: string): Promise<void> {
  const media = await getMedia(id);
  if (!media || !(await claimForProcessing(id, new Date(), STALE_CLAIM_MS))) return;
  const outcome = await processUpload(await readUpload(id), { filename: media.filename, contentType: media.declaredType, maxBytes: media.maxBytes });
  if (outcome.status === 'rejected') {
    await recordProcessed(id, { status: 'rejected', reason: outcome.reason, bytes: media.bytes, renditions: [] }, new Date());
    logger.info('upload rejected', { mediaId: id, reason: outcome.reason });
  } else {
    const disposition = outcome.kind === 'document' ? 'attachment' : undefined;
    await Promise.all(outcome.renditions.map((rendition) => writeRendition(id, rendition, disposition)));
    await recordProcessed(
      id,
      {
        status: 'ready',
        kind: outcome.kind,
        mimeType: outcome.mimeType,
        ...(outcome.kind === 'image' ? { width: outcome.width, height: outcome.height } : {}),
        bytes: outcome.bytes,
        renditions: outcome.renditions.map(({ body: _body, ...rendition }) => rendition),
      },
      new Date(),
    );
  }
  // What was uploaded is never served: only the renditions are kept.
  await deleteUpload(id);
}
