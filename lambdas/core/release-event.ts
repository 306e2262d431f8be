// What partners hear about a change: its type from the old and new images, the message
// body of the Events contract and the message attributes that filter policies match.
import type { Release } from './release.ts';
import { feedPath, feedsOf } from './feed-keys.ts';
import { feedUrls } from './feeds/feed-urls.ts';

export type ReleaseEventType = 'release.published' | 'release.updated' | 'release.retracted';

/** undefined when the change is nothing a partner is told about (e.g. a rewrite of the same version). */
export function eventTypeOf(previous: Release | undefined, next: Release | undefined): ReleaseEventType | undefined {
  if (!next) return undefined;
  if (!previous) return next.status === 'published' ? 'release.published' : undefined;
  if (next.version <= previous.version) return undefined;
  if (next.status === 'retracted') return previous.status === 'retracted' ? undefined : 'release.retracted';
  return 'release.updated';
}

export interface ReleaseEvent {
  type: ReleaseEventType;
  release: Omit<Release, 'body' | 'bodyFormat'>;
  feeds: Record<string, { rss: string; atom: string; json: string; html: string }>;
}

/**
 * The SNS message body. It carries the summary and links, never the body, so it stays far
 * below SNS's 256 KB whatever the release's size. A retraction lists the feeds the release
 * was in, so a partner knows where it disappeared from.
 */
export function releaseEvent(type: ReleaseEventType, release: Release, publicBaseUrl: string, previous?: Release): ReleaseEvent {
  const { body: _body, bodyFormat: _format, ...rest } = release;
  const listedIn = type === 'release.retracted' && previous ? feedsOf(previous) : feedsOf(release);
  return {
    type,
    release: rest,
    feeds: Object.fromEntries(
      listedIn.map((feed) => {
        const { rss, atom, json, html } = feedUrls(publicBaseUrl, feed);
        return [feedPath(feed), { rss, atom, json, html }];
      }),
    ),
  };
}

export type MessageAttribute = { DataType: 'String' | 'String.Array'; StringValue: string };

/** The attributes partners' filter policies select on (Events contract). */
export function messageAttributes(type: ReleaseEventType, release: Release): Record<string, MessageAttribute> {
  const attributes: Record<string, MessageAttribute> = {
    type: { DataType: 'String', StringValue: type },
    language: { DataType: 'String', StringValue: release.language },
  };
  // SNS refuses an empty String.Array; a missing attribute simply matches no list filter.
  if (release.countries.length) attributes.countries = { DataType: 'String.Array', StringValue: JSON.stringify(release.countries) };
  if (release.officials.length) attributes.officials = { DataType: 'String.Array', StringValue: JSON.stringify(release.officials) };
  return attributes;
}
