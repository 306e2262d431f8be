// What the fan-out hands the sender through the mail queue: one release's alert and up to
// JOB_RECIPIENTS of its recipients, each with what their mail needs that the release does not
// say (the feed followed, its title in their language). A job is small, so a queue message
// holds it whatever the release, and its recipients are paced through in one invocation.
import * as v from 'valibot';
import { ReleaseSchema } from '../release-schema.ts';
import { ALERT_KINDS } from './alert-kind.ts';
import { ALERT_RELEASE_FIELDS, type AlertEntry } from './alert-message.ts';
import type { Recipient } from './recipients.ts';

/** Recipients per job: a few seconds of sending at SES's usual rates, well inside the sender's timeout. */
export const JOB_RECIPIENTS = 50;

const RecipientSchema = v.object({
  subscriberId: v.string(),
  address: v.string(),
  /** The feed (its key) the alert names. */
  feed: v.string(),
  language: v.string(),
  feedTitle: v.string(),
});
export type JobRecipient = v.InferOutput<typeof RecipientSchema>;

export const MailJobSchema = v.object({
  type: v.literal('alert'),
  /** The release event the alert is about: what the sender's log lines name. */
  eventId: v.string(),
  entry: v.object({
    kind: v.picklist(ALERT_KINDS),
    release: v.pick(ReleaseSchema, ALERT_RELEASE_FIELDS),
    changeNote: v.optional(v.string()),
    pageUrl: v.string(),
  }),
  recipients: v.pipe(v.array(RecipientSchema), v.minLength(1), v.maxLength(JOB_RECIPIENTS)),
  /** How often the sender has put the job back for recipients SES did not take; absent at first. */
  retries: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1))),
});
export type MailJob = v.InferOutput<typeof MailJobSchema>;

/** The jobs of one release's alert, JOB_RECIPIENTS recipients at most in each. */
export function alertJobs(eventId: string, entry: AlertEntry, recipients: readonly Recipient[], titleOf: (recipient: Recipient) => string): MailJob[] {
  const jobs: MailJob[] = [];
  for (let start = 0; start < recipients.length; start += JOB_RECIPIENTS) {
    jobs.push({
      type: 'alert',
      eventId,
      entry,
      recipients: recipients.slice(start, start + JOB_RECIPIENTS).map((recipient) => ({
        subscriberId: recipient.subscriberId,
        address: recipient.address,
        feed: recipient.feed,
        language: recipient.language,
        feedTitle: titleOf(recipient),
      })),
    });
  }
  return jobs;
}

/** A job parsed from a queue message; undefined for one that is not a job (it can never be sent). */
export function parseMailJob(body: string): MailJob | undefined {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return undefined;
  }
  const parsed = v.safeParse(MailJobSchema, value);
  return parsed.success ? parsed.output : undefined;
}

/** The same job for the recipients still to be sent, one retry later. */
export const retryJob = (job: MailJob, unsent: readonly JobRecipient[]): MailJob => ({ ...job, recipients: [...unsent], retries: (job.retries ?? 0) + 1 });

/**
 * How long a job put back waits: doubling from 30 s up to SQS's most, 15 minutes; after
 * MAX_JOB_RETRIES (about 5 hours of SES refusing) it is left to the queue's redrive, which
 * keeps it in the dead-letter queue and raises the alarm.
 */
export const MAX_JOB_RETRIES = 24;
export const retryDelaySeconds = (retries: number) => Math.min(900, 30 * 2 ** Math.max(0, retries - 1));
