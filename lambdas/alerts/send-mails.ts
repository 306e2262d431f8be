// A batch of mail jobs sent as one paced stream: each recipient who still follows the feed at
// once gets the alert in their language, with their own unsubscribe and manage links, at this
// sender's share of the SES sending rate; the reads before it are one for the whole batch, so
// nothing but sending stands between one job's last mail and the next job's first. What SES
// refuses for good (a malformed address, a rejected message) is dropped; what it refuses for
// now (throttled, paused, unreachable) is answered back as unsent, job by job, for the jobs to
// be put back. No address is ever logged.
import { alertMessage } from '../core/alerts/alert-message.ts';
import { subscriberLinks } from '../core/alerts/alert-links.ts';
import type { JobRecipient, MailJob } from '../core/alerts/mail-job.ts';
import { onRefusal } from '../core/alerts/send-pace.ts';
import { alertKey } from '../adapters/alert-key.ts';
import { MailRefused, sendMail } from '../adapters/mailer.ts';
import { publicBaseUrl } from '../adapters/public-urls.ts';
import { site } from '../adapters/site-config.ts';
import { stillFollowing } from '../adapters/subscriber-store.ts';
import { logger } from '../logger.ts';
import { paced, type Pace } from './paced.ts';

export interface JobOutcome {
  sent: number;
  /** No longer following at once, or refused by SES for good. */
  skipped: number;
  /** Refused by SES for now: to be tried again. */
  unsent: JobRecipient[];
}

/** One outcome per job, in the jobs' order. */
export async function sendJobs(jobs: readonly MailJob[], pace: Pace): Promise<JobOutcome[]> {
  const [current, key, following] = await Promise.all([site(), alertKey(), stillFollowing(jobs.flatMap((job) => job.recipients))]);
  const sends = jobs.flatMap((job, index) =>
    job.recipients.filter((recipient) => following.has(`${recipient.feed} ${recipient.subscriberId}`)).map((recipient) => ({ index, job, recipient })),
  );
  const base = publicBaseUrl();
  const results = await paced(sends, pace, ({ job, recipient }) =>
    sendMail(
      recipient.address,
      alertMessage(current, {
        ...job.entry,
        feedTitle: recipient.feedTitle,
        language: recipient.language,
        links: subscriberLinks(base, key, recipient.subscriberId, recipient.language),
      }),
    ),
  );
  const outcomes: JobOutcome[] = jobs.map((job) => ({ sent: 0, skipped: job.recipients.length, unsent: [] }));
  let later: { count: number; first?: unknown } = { count: 0 };
  results.forEach((result, at) => {
    const { index, job, recipient } = sends[at]!;
    const outcome = outcomes[index]!;
    outcome.skipped--;
    if (result.status === 'fulfilled') {
      outcome.sent++;
      return;
    }
    const refusal = result.reason instanceof MailRefused ? result.reason.sesError : undefined;
    if (refusal !== undefined && onRefusal(refusal) === 'drop') {
      outcome.skipped++;
      logger.warn('SES refused an alert for good; not sent', { eventId: job.eventId, subscriberId: recipient.subscriberId, sesError: refusal });
      return;
    }
    outcome.unsent.push(recipient);
    later = { count: later.count + 1, first: later.first ?? result.reason };
  });
  if (later.count > 0) logger.warn('SES did not take some alerts now', { unsent: later.count, first: String(later.first) });
  return outcomes;
}
