// One mail job sent: each recipient who still follows the feed gets the alert in their
// language, with their own unsubscribe and manage links, paced at this sender's share of the
// SES sending rate. What SES refuses for good (a malformed address, a rejected message) is
// dropped; what it refuses for now (throttled, paused, unreachable) is answered back as unsent
// for the job to be put back. No address is ever logged.
import { alertMessage } from '../core/alerts/alert-message.ts';
import { subscriberLinks } from '../core/alerts/alert-links.ts';
import type { JobRecipient, MailJob } from '../core/alerts/mail-job.ts';
import { MAX_SENDS_IN_FLIGHT, onRefusal } from '../core/alerts/send-pace.ts';
import { alertKey } from '../adapters/alert-key.ts';
import { MailRefused, sendMail } from '../adapters/mailer.ts';
import { publicBaseUrl } from '../adapters/public-urls.ts';
import { site } from '../adapters/site-config.ts';
import { stillFollowing } from '../adapters/subscriber-store.ts';
import { logger } from '../logger.ts';
import { paced, type Pace } from './paced.ts';

export interface JobOutcome {
  sent: number;
  /** No longer following, or refused by SES for good. */
  skipped: number;
  /** Refused by SES for now: to be tried again. */
  unsent: JobRecipient[];
}

export async function sendJob(job: MailJob, pace: Pace): Promise<JobOutcome> {
  const [current, key, following] = await Promise.all([site(), alertKey(), stillFollowing(job.recipients)]);
  const recipients = job.recipients.filter((recipient) => following.has(`${recipient.feed} ${recipient.subscriberId}`));
  const base = publicBaseUrl();
  const results = await paced(recipients, pace, MAX_SENDS_IN_FLIGHT, (recipient) =>
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
  const unsent: JobRecipient[] = [];
  let sent = 0;
  let skipped = job.recipients.length - recipients.length;
  results.forEach((result, index) => {
    if (result.status === 'fulfilled') {
      sent++;
      return;
    }
    const refusal = result.reason instanceof MailRefused ? result.reason.sesError : 'Error';
    if (result.reason instanceof MailRefused && onRefusal(refusal) === 'drop') {
      skipped++;
      logger.warn('SES refused an alert for good; not sent', { eventId: job.eventId, subscriberId: recipients[index]!.subscriberId, sesError: refusal });
      return;
    }
    unsent.push(recipients[index]!);
  });
  if (unsent.length > 0) logger.warn('SES did not take some alerts now', { eventId: job.eventId, unsent: unsent.length, first: String((results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason) });
  return { sent, skipped, unsent };
}
