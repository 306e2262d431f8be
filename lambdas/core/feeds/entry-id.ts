/**
 * Entry ids are tag URIs (RFC 4151) minted under the parliament's own domain, so they
 * never depend on where a feed happens to be served from (localhost, CloudFront, a
 * custom domain): the same release keeps one id in every format, every version and
 * every deployment. They parse as URLs, which feed's atom1() requires.
 *
 * Frozen: changing the authority or the date re-identifies every release, and feed
 * readers would show the whole archive again as new.
 */
export const TAG_AUTHORITY = 'meclis.gov.az,2023';

const ENTRY_PREFIX = `tag:${TAG_AUTHORITY}:pressroom/release/`;
const FEED_PREFIX = `tag:${TAG_AUTHORITY}:pressroom/feed/`;

export function entryId(releaseId: string): string {
  // ULIDs need no encoding; encoding anyway keeps any id a valid URL and unambiguous.
  return ENTRY_PREFIX + encodeURIComponent(releaseId);
}

/** The release id inside an entry id, or undefined when it is not one of ours. */
export function releaseIdFromEntryId(id: string): string | undefined {
  if (!id.startsWith(ENTRY_PREFIX)) return undefined;
  const encoded = id.slice(ENTRY_PREFIX.length);
  if (encoded === '') return undefined;
  try {
    return decodeURIComponent(encoded);
  } catch {
    return undefined;
  }
}

/** Atom's feed id, minted like entry ids so it survives moving hosts. */
export function feedId(feedPath: string): string {
  return FEED_PREFIX + feedPath.split('/').map(encodeURIComponent).join('/');
}
