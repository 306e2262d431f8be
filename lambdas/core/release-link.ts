// Where a link to a release leads: its canonical page on the parliament's site when it has one,
// else, once it is public, its page in Pressroom's newsroom (`/releases/<id>`); before that only
// the press office can follow it, to its resource in the API. Feeds, events, pages and
// translations all link by this rule.
import type { Release } from './release.ts';
import { httpUrl } from './http-url.ts';

/** The object key of a release's page (the newsroom's `/releases/<id>`). */
export const releasePagePath = (id: string) => `releases/${encodeURIComponent(id)}.html`;

/** The public address of a release's page: `<public base>/releases/<id>`, no extension. */
export function releasePageUrl(publicBaseUrl: string, id: string): string {
  return `${publicBaseUrl.replace(/\/+$/, '')}/releases/${encodeURIComponent(id)}`;
}

export function releaseApiUrl(apiBaseUrl: string, id: string): string {
  return `${apiBaseUrl.replace(/\/+$/, '')}/v1/releases/${encodeURIComponent(id)}`;
}

/** A page exists for a release that is public, or was: a retraction's page is its withdrawal notice. */
export const hasPage = (status: Release['status']) => status === 'published' || status === 'retracted';

/** A release's `links`: its page, once it has one. */
export function releaseLinks(release: Pick<Release, 'id' | 'status'>, publicBaseUrl: string): NonNullable<Release['links']> {
  return hasPage(release.status) ? { page: releasePageUrl(publicBaseUrl, release.id) } : {};
}

export interface LinkBases {
  /** The public site (feeds, media, pages). */
  publicBaseUrl: string;
  /** The HTTP API, for a release that has no page yet. */
  apiBaseUrl: string;
}

export function releaseLink(release: { id: string; url?: string | undefined; status: Release['status'] }, bases: LinkBases): string {
  return httpUrl(release.url) ?? (hasPage(release.status) ? releasePageUrl(bases.publicBaseUrl, release.id) : releaseApiUrl(bases.apiBaseUrl, release.id));
}
