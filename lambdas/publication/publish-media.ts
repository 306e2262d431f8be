// Media go public with their release: the photos and downloads of a release that became public
// are on the site before any feed shows them or any partner is told (both stream consumers call
// this first, and a second call finds the work done), and those no public release uses any more
// leave it. Changes are taken in stream order, each media's use recorded on its item.
import { mediaPublicationOf } from '../core/media-publication.ts';
import type { Release } from '../core/release.ts';
import { publicUses, recordPublicUse } from '../adapters/media-repository.ts';
import { copyToSite, removeFromSite } from '../adapters/public-media.ts';

const renditionNames = (release: Release | undefined, id: string) => release?.files[id]?.renditions.map((r) => r.name) ?? [];

export async function publishMedia(changes: ReadonlyArray<{ previous?: Release; next?: Release }>): Promise<void> {
  for (const { previous, next } of changes) {
    const publication = mediaPublicationOf(previous, next);
    if (!publication) continue;
    for (const id of publication.publish) {
      await recordPublicUse(id, publication.releaseId, true);
      await copyToSite(id, renditionNames(next, id));
    }
    for (const id of publication.withdraw) {
      if ((await recordPublicUse(id, publication.releaseId, false)) > 0) continue;
      const names = renditionNames(previous, id);
      await removeFromSite(id, names);
      // Another release may have made it public meanwhile (another shard, another invocation):
      // its copy could have landed before this removal, so it is put back.
      if ((await publicUses(id)) > 0) await copyToSite(id, names);
    }
  }
}
