// Media go public with their release: the photos and downloads of a release that became public
// are on the site before any feed shows them or any partner is told (both stream consumers call
// this first, and a second call finds the work done), and those no public release uses any more
// leave it. Changes are taken in stream order, each media's use recorded on its item.
//
// The two consumers replay the stream on their own, so one may be far behind the other (SNS
// down, notify retrying an old record): a publication is therefore checked against the release
// as it is now, before and after the copy, and an old record can never put back on the site a
// photo that a later retraction or correction took off it.
import { mediaIdsOf } from '../core/release-media.ts';
import { mediaPublicationOf } from '../core/media-publication.ts';
import type { Release } from '../core/release.ts';
import { publicUses, recordPublicUse } from '../adapters/media-repository.ts';
import { copyToSite, removeFromSite } from '../adapters/public-media.ts';
import { getRelease } from '../adapters/release-repository.ts';

const renditionNames = (release: Release | undefined, id: string) => release?.files[id]?.renditions.map((r) => r.name) ?? [];

/** Whether the release, as stored now, is public and shows this media. */
async function stillShows(releaseId: string, mediaId: string): Promise<boolean> {
  const current = await getRelease(releaseId);
  return current?.status === 'published' && current.files[mediaId] !== undefined && mediaIdsOf(current).includes(mediaId);
}

async function withdraw(releaseId: string, mediaId: string, names: readonly string[]): Promise<void> {
  if ((await recordPublicUse(mediaId, releaseId, false)) > 0) return;
  await removeFromSite(mediaId, names);
  // Another release may have made it public meanwhile (another shard, another invocation):
  // its copy could have landed before this removal, so it is put back.
  if ((await publicUses(mediaId)) > 0) await copyToSite(mediaId, names);
}

export async function publishMedia(changes: ReadonlyArray<{ previous?: Release; next?: Release }>): Promise<void> {
  for (const { previous, next } of changes) {
    const publication = mediaPublicationOf(previous, next);
    if (!publication) continue;
    for (const id of publication.publish) {
      if (!(await stillShows(publication.releaseId, id))) continue;
      await recordPublicUse(id, publication.releaseId, true);
      await copyToSite(id, renditionNames(next, id));
      // The release may have been retracted or corrected between the check and the copy; the
      // consumer that handles that change may already have been here.
      if (!(await stillShows(publication.releaseId, id))) await withdraw(publication.releaseId, id, renditionNames(next, id));
    }
    for (const id of publication.withdraw) await withdraw(publication.releaseId, id, renditionNames(previous, id));
  }
}
