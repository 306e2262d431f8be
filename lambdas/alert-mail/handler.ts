// The mail queue's jobs, a batch at a time, sent at this sender's share of the SES sending rate
// (the event source runs a fixed number of senders). Recipients SES did not take now go back
// into the queue as a smaller job after a back-off, before their job is let go, so nothing is
// lost to a throttled or paused SES; a job put back MAX_JOB_RETRIES times is handed back unsent
// instead, and the queue's redrive keeps it. A message that is not a job can never be sent, and
// is dropped with an error in the log.
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { MAX_JOB_RETRIES, jobName, parseMailJob, retryDelaySeconds, retryJob, type MailJob } from '../core/alerts/mail-job.ts';
import { adapterSettings } from '../adapters/adapter-context.ts';
import { enqueueJobs } from '../adapters/mail-queue.ts';
import { requiredAlerts } from '../adapters/settings.ts';
import { logger } from '../logger.ts';
import { Pace } from '../alerts/paced.ts';
import { sendJobs } from '../alerts/send-mails.ts';

/** SES's sandbox rate, for a sender that was given none. */
const DEFAULT_RATE = 1;
let pace: { rate: number; pace: Pace } | undefined;

/** One pace per sender, kept across its invocations. */
function senderPace(): Pace {
  const rate = requiredAlerts(adapterSettings()).sendRate ?? DEFAULT_RATE;
  if (pace?.rate !== rate) pace = { rate, pace: new Pace(rate) };
  return pace.pace;
}

export async function handler(event: SQSEvent): Promise<SQSBatchResponse> {
  const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
  const jobs: Array<{ messageId: string; job: MailJob }> = [];
  for (const record of event.Records) {
    const job = parseMailJob(record.body);
    if (!job) logger.error('a mail job that cannot be read; dropped', { messageId: record.messageId });
    // Retried for hours: handed back untouched, without sending, until the queue's redrive keeps it.
    else if ((job.retries ?? 0) >= MAX_JOB_RETRIES) {
      logger.error('a mail job SES kept refusing; left to the dead-letter queue', { job: jobName(job), recipients: job.recipients.length });
      batchItemFailures.push({ itemIdentifier: record.messageId });
    } else jobs.push({ messageId: record.messageId, job });
  }
  if (jobs.length === 0) return { batchItemFailures };
  let outcomes;
  try {
    outcomes = await sendJobs(
      jobs.map(({ job }) => job),
      senderPace(),
    );
  } catch (error) {
    logger.error('could not send a batch of mail jobs; the queue hands them over again', { error: error as Error });
    return { batchItemFailures: [...batchItemFailures, ...jobs.map(({ messageId }) => ({ itemIdentifier: messageId }))] };
  }
  for (const [index, { messageId, job }] of jobs.entries()) {
    const outcome = outcomes[index]!;
    logger.info('alert mails sent', { job: jobName(job), sent: outcome.sent, skipped: outcome.skipped, unsent: outcome.unsent.length });
    if (outcome.unsent.length === 0) continue;
    const again = retryJob(job, outcome.unsent);
    try {
      await enqueueJobs([again], retryDelaySeconds(again.retries ?? 1));
    } catch (error) {
      logger.error('could not put a mail job back; the queue hands it over again', { job: jobName(job), error: error as Error });
      batchItemFailures.push({ itemIdentifier: messageId });
    }
  }
  return { batchItemFailures };
}
