// The dead letters of partner deliveries (every subscription's RedrivePolicy names this queue):
// each is recorded against its subscription, where GET /v1/subscriptions/{id} shows it and from
// where it can be redelivered. A letter that cannot be recorded now is handed back to the
// queue (batch item failure) and tried again; one that can never be read goes, after the
// queue's receive limit, to the queue's own dead letters and its alarm.
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { readDeadLetter } from '../core/failed-delivery.ts';
import { recordFailedDelivery } from '../adapters/failed-deliveries.ts';
import { subscriptionIdOf } from '../adapters/subscription-repository.ts';
import { logger } from '../logger.ts';

export async function handler(event: SQSEvent): Promise<SQSBatchResponse> {
  const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
  for (const record of event.Records) {
    // When SNS gave up: the moment it put the letter in the queue.
    const letter = readDeadLetter(record.body, new Date(Number(record.attributes.SentTimestamp)));
    if ('problem' in letter) {
      logger.error('a dead letter that is not a Pressroom notification', { messageId: record.messageId, problem: letter.problem });
      batchItemFailures.push({ itemIdentifier: record.messageId });
      continue;
    }
    try {
      const subscriptionId = await subscriptionIdOf(letter.subscriptionArn);
      // Unsubscribed since: there is no one left to tell or to redeliver to.
      if (!subscriptionId) {
        logger.info('dead letter of a subscription that no longer exists', { subscriptionArn: letter.subscriptionArn, ...letter.failure });
        continue;
      }
      await recordFailedDelivery(subscriptionId, letter.failure);
      logger.warn('a partner delivery failed for good', { subscriptionId, ...letter.failure });
    } catch (error) {
      logger.error('could not record a failed delivery; the queue hands it over again', { messageId: record.messageId, error: error as Error });
      batchItemFailures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures };
}
