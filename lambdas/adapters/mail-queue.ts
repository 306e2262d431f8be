// The mail queue between the fan-out and the sender (SQS): jobs go in ten to a
// SendMessageBatch, as many as SQS's 256 KiB per batch allows. The local runtime points the
// client at its queue engine.
import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { MailJob } from '../core/alerts/mail-job.ts';
import { adapterContext, adapterSettings } from './adapter-context.ts';
import { sdkConfig } from './sdk-client.ts';
import { requiredAlerts } from './settings.ts';

const sqsClient = () => adapterContext().client('sqs', (settings) => new SQSClient(sdkConfig(settings.endpoints.sqs, settings.localCredentials)));

const MAX_ENTRIES = 10;
const MAX_BATCH_BYTES = 256 * 1024;

function queueUrl(): string {
  const url = requiredAlerts(adapterSettings()).mailQueueUrl;
  if (!url) throw new Error('ALERT_MAIL_QUEUE_URL is not set');
  return url;
}

/** Batches of bodies within SQS's limits, in order. */
function batches(bodies: readonly string[]): string[][] {
  const result: string[][] = [];
  let current: string[] = [];
  let bytes = 0;
  for (const body of bodies) {
    const size = Buffer.byteLength(body, 'utf8');
    if (current.length === MAX_ENTRIES || (current.length > 0 && bytes + size > MAX_BATCH_BYTES)) {
      result.push(current);
      current = [];
      bytes = 0;
    }
    current.push(body);
    bytes += size;
  }
  if (current.length > 0) result.push(current);
  return result;
}

/** Every job is in the queue when this resolves; an entry SQS did not take throws (the caller's message is tried again). */
export async function enqueueJobs(jobs: readonly MailJob[], delaySeconds = 0): Promise<void> {
  const url = queueUrl();
  for (const batch of batches(jobs.map((job) => JSON.stringify(job)))) {
    const { Failed } = await sqsClient().send(
      new SendMessageBatchCommand({
        QueueUrl: url,
        Entries: batch.map((body, index) => ({ Id: String(index), MessageBody: body, ...(delaySeconds > 0 ? { DelaySeconds: delaySeconds } : {}) })),
      }),
    );
    if (Failed?.length) throw new Error(`SQS did not take ${Failed.length} of ${batch.length} mail jobs: ${Failed.map((entry) => entry.Code).join(', ')}`);
  }
}
