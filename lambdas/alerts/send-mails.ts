// A batch of mail jobs sent as one paced stream: each recipient who still follows the feed as
// the job says (at once for an alert, daily for a digest) gets the alert or the digest in their
// language, with their own unsubscribe and manage links, at this
// sender's share of the SES sending rate; the reads before it are one for the whole batch, so
// nothing but sending stands between one job's last mail and the next job's first. What SES
// refuses for good (a malformed address, a rejected message) is dropped; what it refuses for
// now (throttled, paused, unreachable) is answered back as unsent, job by job, for the jobs to
// be put back. No address is ever logged.
import { alertMessage, type AlertEntry } from '../core/alerts/alert-message.ts';
import { digestMessage } from '../core/alerts/digest-message.ts';
import { subscriberLinks } from '../core/alerts/alert-links.ts';
import type { MailMessage } from '../core/alerts/mail-message.ts';
import { jobFrequency, jobName, type JobRecipient, type MailJob } from '../core/alerts/mail-job.ts';
import { digestEntries } from '../adapters/digest-store.ts';
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
/** Each digest's entries, read once however many of the batch's jobs are of it. */
async function entriesOf(jobs: readonly MailJob[]): Promise<Map<string, AlertEntry[]>> {
  const digests = [...new Set(jobs.flatMap((job) => (job.type === 'digest' ? [`${job.due} ${job.feed}`] : [])))];
  const read = await Promise.all(digests.map((name) => digestEntries(new Date(name.slice(0, name.indexOf(' '))), name.slice(name.indexOf(' ') + 1))));
  return new Map(digests.map((name, index) => [name, read[index]!]));
}

export async function sendJobs(jobs: readonly MailJob[], pace: Pace): Promise<JobOutcome[]> {
  const [current, key, following, entries] = await Promise.all([site(), alertKey(), stillFollowing(jobs.flatMap((job) => job.recipients)), entriesOf(jobs)]);
  const base = publicBaseUrl();
  const messageFor = (job: MailJob, recipient: JobRecipient): MailMessage | undefined => {
    const common = { feedTitle: recipient.feedTitle, language: recipient.language, links: subscriberLinks(base, key, recipient.subscriberId, recipient.language) };
    if (job.type === 'alert') return alertMessage(current, { ...job.entry, ...common });
    const told = entries.get(`${job.due} ${job.feed}`) ?? [];
    // Nothing left to tell (the entries expired with a digest retried too late): no mail.
    return told.length === 0 ? undefined : digestMessage(current, { ...common, at: new Date(job.due), entries: told });
  };
  const sends = jobs.flatMap((job, index) =>
    job.recipients.flatMap((recipient) => {
      if (following.get(`${recipient.feed} ${recipient.subscriberId}`) !== jobFrequency(job)) return [];
      const message = messageFor(job, recipient);
      return message === undefined ? [] : [{ index, job, recipient, message }];
    }),
  );
  const results = await paced(sends, pace, ({ recipient, message }) => sendMail(recipient.address, message));
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
      logger.warn('SES refused an alert for good; not sent', { job: jobName(job), subscriberId: recipient.subscriberId, sesError: refusal });
      return;
    }
    outcome.unsent.push(recipient);
    later = { count: later.count + 1, first: later.first ?? result.reason };
  });
  if (later.count > 0) logger.warn('SES did not take some alerts now', { unsent: later.count, first: String(later.first) });
  return outcomes;
}
