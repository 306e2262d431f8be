// What the fan-out and the digest run hand the sender through the mail queue: jobs of up to
// JOB_RECIPIENTS recipients, each with what their mail needs that is not the same for all (the
// feed followed, its title in their language). An alert job carries its release's entry; a
// digest job names the digest (its instant and feed), whose entries the sender reads once per
// batch. A job is small, so a queue message holds it whatever the release or the day.
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
  /** The feed (its key) the mail is about. */
  feed: v.string(),
  language: v.string(),
  feedTitle: v.string(),
});
export type JobRecipient = v.InferOutput<typeof RecipientSchema>;

/** One release as an alert or a digest tells it (AlertEntry): also what a digest entry stores. */
export const AlertEntrySchema = v.object({
  kind: v.picklist(ALERT_KINDS),
  release: v.pick(ReleaseSchema, ALERT_RELEASE_FIELDS),
  changeNote: v.optional(v.string()),
  pageUrl: v.string(),
});

const jobParts = {
  recipients: v.pipe(v.array(RecipientSchema), v.minLength(1), v.maxLength(JOB_RECIPIENTS)),
  /** How often the sender has put the job back for recipients SES did not take; absent at first. */
  retries: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1))),
};

export const MailJobSchema = v.variant('type', [
  v.object({
    type: v.literal('alert'),
    /** The release event the alert is about: what the sender's log lines name. */
    eventId: v.string(),
    entry: AlertEntrySchema,
    ...jobParts,
  }),
  v.object({
    type: v.literal('digest'),
    /** The digest instant (ISO): its entries are those recorded for it. */
    due: v.pipe(v.string(), v.isoTimestamp()),
    /** The feed (its key) whose digest it is; every recipient follows it daily. */
    feed: v.string(),
    ...jobParts,
  }),
]);
export type MailJob = v.InferOutput<typeof MailJobSchema>;
export type AlertJob = Extract<MailJob, { type: 'alert' }>;
export type DigestJob = Extract<MailJob, { type: 'digest' }>;

/** What a job's log lines name it by: its event, or its digest. */
export const jobName = (job: MailJob) => (job.type === 'alert' ? job.eventId : `digest ${job.due} ${job.feed}`);

/** How often a job's recipients follow its feed: what the sender checks again before sending. */
export const jobFrequency = (job: MailJob) => (job.type === 'alert' ? 'immediately' : 'daily');

function chunks(recipients: readonly Recipient[], titleOf: (recipient: Recipient) => string): JobRecipient[][] {
  const result: JobRecipient[][] = [];
  for (let start = 0; start < recipients.length; start += JOB_RECIPIENTS) {
    result.push(
      recipients.slice(start, start + JOB_RECIPIENTS).map((recipient) => ({
        subscriberId: recipient.subscriberId,
        address: recipient.address,
        feed: recipient.feed,
        language: recipient.language,
        feedTitle: titleOf(recipient),
      })),
    );
  }
  return result;
}

/** The jobs of one release's alert, JOB_RECIPIENTS recipients at most in each. */
export const alertJobs = (eventId: string, entry: AlertEntry, recipients: readonly Recipient[], titleOf: (recipient: Recipient) => string): MailJob[] =>
  chunks(recipients, titleOf).map((part) => ({ type: 'alert', eventId, entry, recipients: part }));

/** The jobs of one feed's digest, JOB_RECIPIENTS recipients at most in each. */
export const digestJobs = (due: Date, feed: string, recipients: readonly Recipient[], titleOf: (recipient: Recipient) => string): MailJob[] =>
  chunks(recipients, titleOf).map((part) => ({ type: 'digest', due: due.toISOString(), feed, recipients: part }));

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
