import { tagUriPrefix, type Site } from '../site.ts';

/**
 * Entry ids are tag URIs (RFC 4151) minted under the institution's own domain (the
 * configuration's `tagUri`), so they never depend on where a feed happens to be served from
 * (localhost, CloudFront, a custom domain): the same release keeps one id in every format,
 * every version and every deployment. They parse as URLs, which feed's atom1() requires.
 *
 * Frozen: changing the authority or the date re-identifies every release, and feed
 * readers would show the whole archive again as new.
 */
const entryPrefix = (site: Site) => `${tagUriPrefix(site)}pressroom/release/`;
const feedPrefix = (site: Site) => `${tagUriPrefix(site)}pressroom/feed/`;

export function entryId(site: Site, releaseId: string): string {
  // ULIDs need no encoding; encoding anyway keeps any id a valid URL and unambiguous.
  return entryPrefix(site) + encodeURIComponent(releaseId);
}

/** The release id inside an entry id, or undefined when it is not one of ours. */
export function releaseIdFromEntryId(site: Site, id: string): string | undefined {
  const prefix = entryPrefix(site);
  if (!id.startsWith(prefix)) return undefined;
  const encoded = id.slice(prefix.length);
  if (encoded === '') return undefined;
  try {
    return decodeURIComponent(encoded);
  } catch {
    return undefined;
  }
}

/** Atom's feed id, minted like entry ids so it survives moving hosts. */
export function feedId(site: Site, feedPath: string): string {
  return feedPrefix(site) + feedPath.split('/').map(encodeURIComponent).join('/');
}
