// A dead letter as SNS leaves it in the queue a subscription's RedrivePolicy names: the
// notification it could not deliver, as the endpoint would have been sent it. Which
// subscription it was for is in its UnsubscribeURL (SNS puts the subscription's ARN there);
// which event, in the message (the body partners receive) and its eventId attribute.
import * as v from 'valibot';

export const FailedDeliverySchema = v.object({
  eventId: v.pipe(v.string(), v.description('The event that was not delivered: redeliver it with POST /v1/subscriptions/{id}/redeliver')),
  type: v.string(),
  messageId: v.pipe(v.string(), v.description('The SNS message id of the delivery that failed')),
  failedAt: v.pipe(v.string(), v.description('When SNS gave up (its retries spent, or an answer it does not retry)')),
});
export type FailedDelivery = v.InferOutput<typeof FailedDeliverySchema>;

const EnvelopeSchema = v.object({
  Type: v.literal('Notification'),
  MessageId: v.string(),
  Message: v.string(),
  UnsubscribeURL: v.pipe(v.string(), v.url()),
  MessageAttributes: v.optional(v.record(v.string(), v.object({ Type: v.string(), Value: v.string() }))),
});

const MessageSchema = v.object({ eventId: v.string(), type: v.string() });

export interface DeadLetter {
  subscriptionArn: string;
  failure: FailedDelivery;
}

/** What a dead letter says, or a reason it cannot be read (then it is logged and left to the queue's own dead letters). */
export function readDeadLetter(body: string, failedAt: Date): DeadLetter | { problem: string } {
  let envelope: v.InferOutput<typeof EnvelopeSchema>;
  let message: v.InferOutput<typeof MessageSchema>;
  try {
    envelope = v.parse(EnvelopeSchema, JSON.parse(body));
    message = v.parse(MessageSchema, JSON.parse(envelope.Message));
  } catch (error) {
    return { problem: `not an SNS notification of a Pressroom event: ${(error as Error).message}` };
  }
  const subscriptionArn = new URL(envelope.UnsubscribeURL).searchParams.get('SubscriptionArn');
  if (!subscriptionArn) return { problem: 'the notification names no subscription (no SubscriptionArn in UnsubscribeURL)' };
  return {
    subscriptionArn,
    failure: { eventId: message.eventId, type: message.type, messageId: envelope.MessageId, failedAt: failedAt.toISOString() },
  };
}
