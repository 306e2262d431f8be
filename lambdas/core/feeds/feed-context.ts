import type { FeedRef } from '../feed-keys.ts';
import type { ArchivePosition } from './archive.ts';
import type { Official, Release } from '../release.ts';
import type { Site } from '../site.ts';

/** Everything one feed render needs. Rendering is a pure function of this: no clock, no I/O. */
export interface FeedContext {
  /** The institution and its chrome (configuration). */
  site: Site;
  feed: FeedRef;
  /** Newest first, published only (anything else is dropped defensively). */
  releases: readonly Release[];
  officials: ReadonlyMap<string, Official>;
  /** Public base of the site, e.g. http://127.0.0.1:3000; feeds live under `${baseUrl}/feeds/`. */
  baseUrl: string;
  /** Base of the HTTP API for item links of releases without their own url; defaults to baseUrl. */
  apiBaseUrl?: string;
  /** Forces the feed-level language; when absent it is the feed's language, else the site's default. */
  language?: string;
  /**
   * Time of the latest change that touched this feed, when the caller knows it (e.g. the
   * updatedAt of a retraction that just emptied it). It only ever moves `updated` forward;
   * it must come from data, never from the clock, or identical data stops giving identical bytes.
   */
  changedAt?: string;
  /** Which document of the feed this is: the subscription document when absent or without `page`, and the archive page before it. */
  archive?: ArchivePosition;
}

const LANGUAGE_TAG = /^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$/;

/** A usable BCP 47 tag, or undefined for anything that is not shaped like one. */
export function languageTag(value: string | undefined): string | undefined {
  const tag = value?.trim();
  return tag !== undefined && LANGUAGE_TAG.test(tag) ? tag : undefined;
}
