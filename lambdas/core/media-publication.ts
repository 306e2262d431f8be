// When a release's media become public and when they stop being public. Media follow their
// release: a draft's or an embargoed release's photos are readable nowhere public; when a release
// is published, the media it names are copied to the site; when it is retracted (or a correction
// drops a photo), those it no longer names leave the site unless another public release uses them.
import { mediaIdsOf } from './release-media.ts';
import type { Release } from './release.ts';

export interface MediaPublication {
  releaseId: string;
  /** Media the release makes public now (it names them and is public, and was not with them before). */
  publish: string[];
  /** Media the release stops using in public (another public release may still use them). */
  withdraw: string[];
}

const isPublic = (release: Release | undefined): release is Release => release?.status === 'published';

/** Only media the release knows as ready (in files) can be public. */
const publicMediaOf = (release: Release | undefined): Set<string> =>
  new Set(isPublic(release) ? mediaIdsOf(release).filter((id) => release.files[id] !== undefined) : []);

/** What one change of a release does to its media, or undefined when it does nothing. */
export function mediaPublicationOf(previous: Release | undefined, next: Release | undefined): MediaPublication | undefined {
  const before = publicMediaOf(previous);
  const after = publicMediaOf(next);
  const publish = [...after].filter((id) => !before.has(id));
  const withdraw = [...before].filter((id) => !after.has(id));
  if (publish.length === 0 && withdraw.length === 0) return undefined;
  return { releaseId: (next ?? previous)!.id, publish, withdraw };
}
