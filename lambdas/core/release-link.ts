// Where a link to a release leads: its canonical page on the parliament's site when it has one,
// else its resource in Pressroom's API. Feeds, events and translations all link by this rule.
import { httpUrl } from './http-url.ts';

export function releaseLink(release: { id: string; url?: string | undefined }, apiBaseUrl: string): string {
  return httpUrl(release.url) ?? `${apiBaseUrl.replace(/\/+$/, '')}/v1/releases/${encodeURIComponent(release.id)}`;
}
