// Who gets what for one release event: the followers of every feed the release is in, one
// entry per subscriber however many of those feeds they follow. A reader who follows
// everything and also Kazakhstan gets one alert for a release about Kazakhstan, at once if any
// of those follows is immediate (a digest the next morning would only repeat it), and the
// alert names the narrowest feed followed, which is the one that explains why it came. (A digest
// of another feed followed daily still lists the release: it is that feed's whole day.)
import { parseFeedKey } from '../feed-keys.ts';
import type { AlertFrequency } from './subscribe-form.ts';

export interface Follow {
  subscriberId: string;
  address: string;
  frequency: AlertFrequency;
  /** The language of the page the subscriber came from. */
  language: string;
  /** The feed (its key) this follow is of. */
  feed: string;
}

export interface Recipient {
  subscriberId: string;
  address: string;
  frequency: AlertFrequency;
  /** The feed the alert names, and whose language it is written in. */
  feed: string;
  language: string;
}

/** Narrower first: an official, a country, everything; a language section before the same topic in every language. */
function narrowness(feed: string): number {
  const ref = parseFeedKey(feed);
  const topic = ref.kind === 'official' ? 0 : ref.kind === 'country' ? 1 : 2;
  return topic * 2 + (ref.language === undefined ? 1 : 0);
}

const better = (a: Follow, b: Follow) =>
  a.frequency !== b.frequency ? (a.frequency === 'immediately' ? a : b) : narrowness(a.feed) <= narrowness(b.feed) ? a : b;

/** One recipient per subscriber among the follows of the release's feeds, in subscriber order. */
export function recipientsOf(follows: Iterable<Follow>): Recipient[] {
  const chosen = new Map<string, Follow>();
  for (const follow of follows) {
    const current = chosen.get(follow.subscriberId);
    chosen.set(follow.subscriberId, current === undefined ? follow : better(current, follow));
  }
  return [...chosen.values()]
    .sort((a, b) => (a.subscriberId < b.subscriberId ? -1 : a.subscriberId > b.subscriberId ? 1 : 0))
    .map(({ subscriberId, address, frequency, feed, language }) => ({
      subscriberId,
      address,
      frequency,
      feed,
      // A language section's alerts are in its language; the others in the subscriber's.
      language: parseFeedKey(feed).language ?? language,
    }));
}
