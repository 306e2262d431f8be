// An upload arrived (S3 object-created event for uploads/<media id>): the file is checked and
// re-encoded into its renditions, which are stored privately beside it, and the media item
// becomes ready or rejected. S3 delivers events at least once; the claim on the media item
// makes a second delivery a no-op once the first is done, and a failure is thrown so that
// Lambda retries (then the on-failure queue keeps the event).
import type { S3Event } from 'aws-lambda';
import { mediaIdOfUploadKey } from '../core/media-keys.ts';
import { processUpload } from '../media-processing/process-media.ts';
import { claimForProcessing, getMedia, recordProcessed, releaseClaim } from '../adapters/media-repository.ts';
import { deleteUpload, readUpload, writeRendition } from '../adapters/media-store.ts';
import type { StoredMedia } from '../core/media-schema.ts';
import { logger } from '../logger.ts';

/**
 * A claim older than this is a crashed attempt, processed again: longer than the function's
 * timeout, so no attempt still running is taken over. Lambda's first retry (about a minute
 * after a failure) may find a crashed attempt's claim still held; it fails and the second
 * retry processes the upload.
 */
const STALE_CLAIM_MS = 75_000;

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
  if (!media) return;
  if (!(await claimForProcessing(id, new Date(), STALE_CLAIM_MS))) {
    // Done by an earlier delivery; or under way, which may yet fail: then this one, retried
    // later, must still be there to do it.
    if ((await getMedia(id))?.status !== 'processing') {
      // A second POST of the upload form after processing, or a delete that failed: the raw
      // upload (with its metadata) is not kept.
      await deleteUpload(id);
      return;
    }
    throw new Error(`media ${id} is being processed by another delivery; this one is retried`);
  }
  try {
    await processClaimed(id, media);
  } catch (error) {
    // Best effort: if the table is what failed, the claim goes stale instead.
    await releaseClaim(id, new Date()).catch(() => undefined);
    throw error;
  }
}

async function processClaimed(id: string, media: StoredMedia): Promise<void> {
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
