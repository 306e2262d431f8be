// Which media a release may name, and what it keeps of them. A release names media by id; a
// public or scheduled one only media that are ready (processed and cleaned), so nothing half
// processed or rejected can reach a feed. A draft may wait for its photos. What the release
// keeps (files) is a copy: ready media never change, so feeds, pages and webhooks need no
// further read.
import { conflict } from './errors.ts';
import type { Media, MediaFile } from './media-schema.ts';
import type { Release } from './release.ts';
import { invalid } from './validation-issues.ts';

const NOT_A_RELEASE = 'The request body is not a valid release.';

/** Every media id a release names, images first, in order. */
export const mediaIdsOf = (release: Pick<Release, 'images' | 'attachments'>): string[] => [
  ...new Set([...release.images.map((image) => image.media), ...release.attachments.map((attachment) => attachment.media)]),
];

/**
 * The release with `files` for its media, from the media items found by id; a 400 naming the
 * field for an id that is unknown or of the wrong kind, a 409 naming the media that are not
 * ready when the release is to be public or scheduled.
 */
export function withMediaFiles(release: Release, found: ReadonlyMap<string, Media>): Release {
  const named = [
    ...release.images.map((image, i) => ({ path: `images[${i}].media`, id: image.media, image: true })),
    ...release.attachments.map((attachment, i) => ({ path: `attachments[${i}].media`, id: attachment.media, image: false })),
  ];
  const problems: Array<{ path: string; message: string }> = [];
  for (const { path, id, image } of named) {
    const media = found.get(id);
    if (!media) problems.push({ path, message: `no media ${id}: upload it with POST /v1/media first` });
    else if (image && media.kind === 'document') problems.push({ path, message: `media ${id} is a document (${media.mimeType}), not a photo: list it under attachments` });
  }
  if (problems.length > 0) throw invalid(NOT_A_RELEASE, problems);
  const waiting = named.filter(({ id }) => found.get(id)!.status !== 'ready');
  if (waiting.length > 0 && release.status !== 'draft') {
    const list = waiting.map(({ path, id }) => `${id} (${path}) is ${found.get(id)!.status}`).join('; ');
    throw conflict(`A release can be published or scheduled only when its media are ready: ${list}.`, {
      media: waiting.map(({ path, id }) => ({ path, id, status: found.get(id)!.status, ...reasonOf(found.get(id)!) })),
    });
  }
  const files: Record<string, MediaFile> = {};
  for (const { id } of named) {
    const media = found.get(id)!;
    if (media.status === 'ready' && media.kind) files[id] = fileOf(media, media.kind);
  }
  return { ...release, files };
}

const reasonOf = (media: Media) => (media.reason === undefined ? {} : { reason: media.reason });

function fileOf(media: Media, kind: MediaFile['kind']): MediaFile {
  return {
    kind,
    mimeType: media.mimeType ?? 'application/octet-stream',
    ...(media.width === undefined ? {} : { width: media.width }),
    ...(media.height === undefined ? {} : { height: media.height }),
    bytes: media.bytes,
    renditions: media.renditions,
  };
}
