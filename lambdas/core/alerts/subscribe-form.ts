// The subscribe form of every feed page and the directory, as an HTML form posts it (text
// fields): the address, the feed the page is about, how often, and a honeypot field that a
// person never sees (it is hidden from them) but a form-filling robot fills in. The page's form
// and the handler's check both read these declarations.
import * as v from 'valibot';
import { parseFeedKey, type FeedRef } from '../feed-keys.ts';
import { isCountryCode } from '../release-schema.ts';
import { SubscriberAddressSchema } from './subscriber-address.ts';

export const ALERT_FREQUENCIES = ['immediately', 'daily'] as const;
export type AlertFrequency = (typeof ALERT_FREQUENCIES)[number];

/** Named like a field a robot expects to fill; a person never sees it. */
export const HONEYPOT_FIELD = 'website';

/** What a reader may follow: the site's feeds, in one of its languages, of an official it has. */
export interface Followable {
  languages: readonly string[];
  officials: ReadonlySet<string>;
}

function followedFeed(key: string, followable: Followable): FeedRef | undefined {
  let feed: FeedRef;
  try {
    feed = parseFeedKey(key);
  } catch {
    return undefined;
  }
  if (feed.language !== undefined && !followable.languages.includes(feed.language)) return undefined;
  if (feed.kind === 'country' && !isCountryCode(feed.code)) return undefined;
  if (feed.kind === 'official' && !followable.officials.has(feed.slug)) return undefined;
  return feed;
}

export function subscribeFormSchema(followable: Followable) {
  return v.object({
    email: SubscriberAddressSchema,
    feed: v.pipe(
      v.string('must be a string'),
      v.maxLength(200, 'must be at most 200 characters'),
      v.check((key) => followedFeed(key, followable) !== undefined, 'must be a feed of this site'),
      v.description('The feed followed, as its key: all, country#KZ, official#<slug>, or <language>: before one of those.'),
    ),
    frequency: v.picklist(ALERT_FREQUENCIES, `must be one of: ${ALERT_FREQUENCIES.join(', ')}`),
    [HONEYPOT_FIELD]: v.optional(v.string(), ''),
  });
}

export type SubscribeForm = v.InferOutput<ReturnType<typeof subscribeFormSchema>>;

/** A filled honeypot: the request is answered as any other and nothing is sent or kept. */
export const isRobot = (form: Pick<SubscribeForm, typeof HONEYPOT_FIELD>) => form[HONEYPOT_FIELD].trim() !== '';
