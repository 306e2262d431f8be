// The releases topic's public events, through the alert events queue (a raw SNS subscription
// whose filter policy lets in only what is mailed): each becomes the mail jobs of its
// followers. An event that cannot be fanned out now is handed back to the queue (batch item
// failure) and tried again, carrying on after its last finished step; one that is not a
// release event can never be, and is dropped with an error in the log.
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import * as v from 'valibot';
import { ReleaseEventSchema } from '../core/release-event.ts';
import { logger } from '../logger.ts';
import { fanOut } from '../alerts/fan-out.ts';

function readEvent(body: string) {
  try {
    const parsed = v.safeParse(ReleaseEventSchema, JSON.parse(body));
    return parsed.success ? parsed.output : undefined;
  } catch {
    return undefined;
  }
}

export async function handler(event: SQSEvent): Promise<SQSBatchResponse> {
  const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
  for (const record of event.Records) {
    const releaseEvent = readEvent(record.body);
    if (!releaseEvent) {
      logger.error('an alert event that is not a release event; dropped', { messageId: record.messageId });
      continue;
    }
    try {
      const recipients = await fanOut(releaseEvent, new Date());
      logger.info('alert fanned out', { eventId: releaseEvent.eventId, recipients });
    } catch (error) {
      logger.error('could not fan an alert out; the queue hands it over again', { eventId: releaseEvent.eventId, error: error as Error });
      batchItemFailures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures };
}
