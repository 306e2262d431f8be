// The other public members of each release's group, which its feed entries and its page link to,
// read from the groups (one BatchGet) as the API reads `translations`.
import type { Release } from '../core/release.ts';
import { translationsFor } from '../core/translations.ts';
import { releaseLink, type LinkBases } from '../core/release-link.ts';
import { getGroups } from '../adapters/release-groups.ts';

export async function withPublicTranslations(releases: Release[], bases: LinkBases): Promise<Release[]> {
  const groupIds = releases.flatMap((release) => (release.group ? [release.group] : []));
  if (groupIds.length === 0) return releases;
  const groups = await getGroups(groupIds);
  return releases.map((release) =>
    release.group
      ? { ...release, translations: translationsFor(release, groups.get(release.group)?.members ?? {}, 'public', (member) => releaseLink(member, bases)) }
      : release,
  );
}
