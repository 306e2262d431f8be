// One release event's alerts, composed of the core's decisions and the subscriber store: the
// followers of the release's feeds, read a step at a time (a page of each feed, merged so a
// reader is one recipient), go into the mail queue as jobs. Each finished step is recorded, so
// an event tried again carries on after it, and an event delivered twice is mailed once.
// Digest followers are not mailed here: the event's entry goes into the next digest of each of
// the release's feeds, which tells the day's releases at its hour (lambdas/alerts/digests.ts).
import { parseFeedKey } from '../core/feed-keys.ts';
import { feedTitle } from '../core/feeds/feed-titles.ts';
import { mergeStep } from '../core/alerts/follower-merge.ts';
import { alertJobs } from '../core/alerts/mail-job.ts';
import { recipientsOf } from '../core/alerts/recipients.ts';
import { releaseAlert } from '../core/alerts/release-alert.ts';
import type { ReleaseEvent } from '../core/release-event.ts';
import { enqueueJobs } from '../adapters/mail-queue.ts';
import { officialsBySlug } from '../adapters/official-repository.ts';
import { publicBaseUrl } from '../adapters/public-urls.ts';
import { site } from '../adapters/site-config.ts';
import { fanOutProgress, followersPage, saveFanOutProgress } from '../adapters/subscriber-store.ts';
import { recordDigestEntry } from '../adapters/digest-store.ts';
import { digestDueFor } from '../core/alerts/digest-time.ts';

/** Followers read from each feed a step: a step's jobs are queued before the next is read. */
export const FOLLOWERS_PER_STEP = 500;

/** The recipients queued now (0 for an event no alert is mailed for, or one already fanned out). */
export async function fanOut(event: ReleaseEvent, now: Date): Promise<number> {
  const current = await site();
  const alert = releaseAlert(event, current.config.languages, publicBaseUrl());
  if (!alert) return 0;
  const progress = await fanOutProgress(event.eventId);
  if (progress.done) return 0;
  // By when it is first fanned out, not when it happened: an event fanned out late goes into the
  // next digest rather than into one already sent, and a retry into the same one as before.
  const digestTime = current.config.alerts?.digestTime;
  let due = progress.due;
  if (digestTime && due === undefined) {
    due = digestDueFor(digestTime, current.config.timeZone, new Date()).toISOString();
    await saveFanOutProgress(event.eventId, { ...progress, due }, now);
  }
  if (due !== undefined) {
    const digest = new Date(due);
    await Promise.all(alert.feeds.map((feed) => recordDigestEntry(digest, feed, event.release.id, event.release.version, alert.entry)));
  }
  const kept = due === undefined ? {} : { due };
  const officials = await officialsBySlug();
  const titleOf = (recipient: { feed: string; language: string }) => feedTitle(current, parseFeedKey(recipient.feed), officials, recipient.language);
  let after = progress.after;
  let queued = 0;
  for (;;) {
    const pages = await Promise.all(
      alert.feeds.map(async (feed) => {
        const page = await followersPage(feed, after, FOLLOWERS_PER_STEP);
        return { followers: page.followers, more: page.next !== undefined };
      }),
    );
    const step = mergeStep(pages);
    const recipients = recipientsOf(step.follows).filter((recipient) => recipient.frequency === 'immediately');
    await enqueueJobs(alertJobs(event.eventId, alert.entry, recipients, titleOf));
    queued += recipients.length;
    if (step.after === undefined) break;
    after = step.after;
    await saveFanOutProgress(event.eventId, { done: false, after, ...kept }, now);
  }
  await saveFanOutProgress(event.eventId, { done: true, ...kept }, now);
  return queued;
}
