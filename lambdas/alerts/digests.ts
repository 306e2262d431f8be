// One digest instant's mails: for every feed with entries for it, the feed's daily followers,
// a page at a time, go into the mail queue as digest jobs; the sender reads the entries. Each
// finished page is recorded per feed, so a run tried again (or run twice) carries on after it.
import { parseFeedKey } from '../core/feed-keys.ts';
import { feedTitle } from '../core/feeds/feed-titles.ts';
import { digestJobs } from '../core/alerts/mail-job.ts';
import { recipientsOf } from '../core/alerts/recipients.ts';
import { digestFeeds } from '../adapters/digest-store.ts';
import { enqueueJobs } from '../adapters/mail-queue.ts';
import { officialsBySlug } from '../adapters/official-repository.ts';
import { site } from '../adapters/site-config.ts';
import { fanOutProgress, followersPage, saveFanOutProgress } from '../adapters/subscriber-store.ts';
import { FOLLOWERS_PER_STEP } from './fan-out.ts';

/** The recipients queued now for the digest at `due` (0 when it was sent already). */
export async function sendDigests(due: Date, now: Date): Promise<number> {
  const [current, officials, feeds] = await Promise.all([site(), officialsBySlug(), digestFeeds(due)]);
  const titleOf = (recipient: { feed: string; language: string }) => feedTitle(current, parseFeedKey(recipient.feed), officials, recipient.language);
  let queued = 0;
  for (const feed of feeds) {
    const runId = `digest ${due.toISOString()} ${feed}`;
    const progress = await fanOutProgress(runId);
    if (progress.done) continue;
    let after = progress.after;
    for (;;) {
      const page = await followersPage(feed, after, FOLLOWERS_PER_STEP);
      const recipients = recipientsOf(page.followers.filter((follow) => follow.frequency === 'daily'));
      await enqueueJobs(digestJobs(due, feed, recipients, titleOf));
      queued += recipients.length;
      if (page.next === undefined) break;
      after = page.next;
      await saveFanOutProgress(runId, { done: false, after }, now);
    }
    await saveFanOutProgress(runId, { done: true }, now);
  }
  return queued;
}
