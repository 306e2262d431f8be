// Photos and documents the press office uploads: the request that asks for an upload, and the
// media item as the API returns it. Declared once here; the route table and the OpenAPI
// document use these schemas.
import * as v from 'valibot';
import { ULID_PATTERN } from './ulid.ts';
import { containsHtmlTag } from './html-tag.ts';

/** The largest upload: a press photo straight from the camera, or a long PDF. */
export const MAX_UPLOAD_BYTES = 50 * 1024 * 1024;
export const MEDIA_STATUSES = ['awaiting upload', 'processing', 'ready', 'rejected'] as const;

export const MediaUploadInputSchema = v.strictObject({
  filename: v.pipe(
    v.string('must be a string'),
    v.description('The file\'s name as the uploader knows it; shown to the press office, never used to decide what the file is'),
    v.minLength(1, 'must not be empty'),
    v.maxLength(255, 'must be at most 255 characters'),
    v.check((name) => !/[\\/\u0000-\u001f]/.test(name), 'must be a file name, without a path or control characters'),
    v.check((name) => !containsHtmlTag(name), 'must be plain text: HTML tags are not allowed'),
  ),
  contentType: v.pipe(
    v.string('must be a string'),
    v.description('The media type the upload will be sent with, e.g. image/jpeg; what the file is comes from its bytes'),
    v.maxLength(255, 'must be at most 255 characters'),
    v.regex(/^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*$/i, 'must be a media type such as image/jpeg'),
  ),
  bytes: v.pipe(
    v.number('must be a number'),
    v.description(`The file's size in bytes; the upload is refused if it is larger. At most ${MAX_UPLOAD_BYTES}`),
    v.integer('must be a whole number'),
    v.minValue(1, 'must be at least 1: an empty file is not a photo or a document'),
    v.maxValue(MAX_UPLOAD_BYTES, `must be at most ${MAX_UPLOAD_BYTES} (50 MB)`),
  ),
});
export type MediaUploadInput = v.InferOutput<typeof MediaUploadInputSchema>;

export const RenditionSchema = v.object({
  name: v.pipe(v.string(), v.examples(['800.webp'])),
  url: v.pipe(v.string(), v.description('Where the file is served once a release using it is public; 404 before')),
  mimeType: v.string(),
  width: v.optional(v.number()),
  height: v.optional(v.number()),
  bytes: v.number(),
});

/** What a release keeps of each media item it uses: what it is and its files. Ready media never change. */
export const MediaFileSchema = v.object({
  kind: v.picklist(['image', 'document']),
  mimeType: v.string(),
  width: v.optional(v.number()),
  height: v.optional(v.number()),
  bytes: v.number(),
  renditions: v.array(RenditionSchema),
});
export type MediaFile = v.InferOutput<typeof MediaFileSchema>;

export const MediaSchema = v.object({
  id: v.pipe(v.string(), v.regex(ULID_PATTERN)),
  status: v.pipe(v.picklist(MEDIA_STATUSES), v.description('awaiting upload → processing → ready or rejected')),
  filename: v.string(),
  kind: v.optional(v.picklist(['image', 'document'])),
  mimeType: v.optional(v.pipe(v.string(), v.description('What the bytes are, once processed'))),
  width: v.optional(v.number()),
  height: v.optional(v.number()),
  bytes: v.pipe(v.number(), v.description('The announced size until processed, then the size of the upload')),
  renditions: v.array(RenditionSchema),
  reason: v.optional(v.pipe(v.string(), v.description('Why the upload was rejected'))),
  createdAt: v.string(),
  updatedAt: v.string(),
});
export type Media = v.InferOutput<typeof MediaSchema>;

/** What is stored of a media item: the API shape less the public URLs, plus the upload's limit. */
export type StoredMedia = Omit<Media, 'renditions'> & {
  renditions: Array<Omit<Media['renditions'][number], 'url'>>;
  /** The most the upload may be, as announced. */
  maxBytes: number;
  declaredType: string;
};

export const UploadSchema = v.object({
  url: v.pipe(v.string(), v.description('POST the form here: the fields below, then the file as the last field, named "file"')),
  method: v.literal('POST'),
  fields: v.record(v.string(), v.string()),
  expiresAt: v.string(),
});

export const MediaUploadSchema = v.object({ ...MediaSchema.entries, upload: UploadSchema });
