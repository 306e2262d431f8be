// What one release event mails, decided from the event alone: the alert's entry (what the
// mail tells and where it links) and the feeds whose followers receive it. A retracted release
// is in no feed any more; its withdrawal goes to the followers of the feeds it was in.
import { allFeedsOf, feedKey } from '../feed-keys.ts';
import type { ReleaseEvent } from '../release-event.ts';
import { releasePageUrl } from '../release-link.ts';
import { alertKindOf } from './alert-kind.ts';
import { ALERT_RELEASE_FIELDS, type AlertEntry, type AlertRelease } from './alert-message.ts';

export interface ReleaseAlert {
  entry: AlertEntry;
  /** Feed keys, each once. */
  feeds: string[];
}

export function releaseAlert(event: ReleaseEvent, siteLanguages: readonly string[], publicBaseUrl: string): ReleaseAlert | undefined {
  const kind = alertKindOf(event.type);
  if (kind === undefined) return undefined;
  const { release } = event;
  const listed = kind === 'withdrawn' ? { ...release, status: 'published' as const } : release;
  const feeds = [...new Set(allFeedsOf(listed, siteLanguages).map(feedKey))];
  const told = Object.fromEntries(ALERT_RELEASE_FIELDS.filter((key) => key in release).map((key) => [key, release[key]])) as AlertRelease;
  return {
    entry: {
      kind,
      release: told,
      ...(event.changeNote === undefined ? {} : { changeNote: event.changeNote }),
      pageUrl: releasePageUrl(publicBaseUrl, release.id),
    },
    feeds,
  };
}
