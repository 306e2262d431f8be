// Media (press): ask for an upload of a photo or a document, then follow its processing.
// The bytes go straight to the object store through the presigned form; this function never
// sees them.
import { monotonicFactory } from 'ulid';
import { notFound } from '../core/errors.ts';
import { MediaUploadInputSchema, type StoredMedia } from '../core/media-schema.ts';
import { mediaView } from '../core/media-view.ts';
import { normaliseStrings } from '../core/normalise-text.ts';
import { parseOrThrow, requireJsonObject } from '../core/validation-issues.ts';
import { isId } from '../core/route-schemas.ts';
import { createMedia, getMedia } from '../adapters/media-repository.ts';
import { presignedUpload } from '../adapters/media-store.ts';
import { publicBaseUrl } from '../adapters/public-urls.ts';
import { json } from '../http/response.ts';
import { serve, type EventOf } from '../http/route.ts';

const newId = monotonicFactory();
const NOT_AN_UPLOAD = 'The request body is not a valid upload request.';

const view = (media: StoredMedia) => mediaView(media, publicBaseUrl());

async function create(event: EventOf<'POST /v1/media'>) {
  const input = parseOrThrow(MediaUploadInputSchema, normaliseStrings(requireJsonObject(event.jsonBody, NOT_AN_UPLOAD)), NOT_AN_UPLOAD);
  const now = new Date();
  const media: StoredMedia = {
    id: newId(),
    status: 'awaiting upload',
    filename: input.filename,
    bytes: input.bytes,
    renditions: [],
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
    maxBytes: input.bytes,
    declaredType: input.contentType,
  };
  const upload = await presignedUpload(media.id, input.contentType, input.bytes, now);
  await createMedia(media);
  return json(201, { ...view(media), upload }, { location: `/v1/media/${media.id}` });
}

async function read(event: EventOf<'GET /v1/media/{id}'>) {
  const id = event.pathParameters?.id ?? '';
  const media = isId(id) ? await getMedia(id) : undefined;
  if (!media) throw notFound(`No media ${id}.`);
  return json(200, view(media));
}

export const handler = serve('media', {
  'POST /v1/media': create,
  'GET /v1/media/{id}': read,
});
