// The JSON documents SNS POSTs to HTTP/S endpoints, with their signatures and headers,
// field for field as AWS sends them.
import { randomUUID } from 'node:crypto';
import type { DeliveryRequest } from './http-delivery.ts';
import { USER_AGENT } from './http-delivery.ts';
import type { MessageAttributes } from './message-attributes.ts';
import type { MessageSigner, SignableMessage } from './signing.ts';
import type { SnsProtocol, SubscriptionRecord } from './store.ts';

export interface EngineUrls {
  /** Where the engine answers, e.g. http://127.0.0.1:4575 — SubscribeURL and UnsubscribeURL point here. */
  baseUrl: string;
  certUrl: string;
}

/** A published message after validation, before it is fanned out. */
export interface PublishedMessage {
  messageId: string;
  topicArn: string;
  /** The body for a subscriber of this protocol (for MessageStructure=json: its entry, else "default"). */
  messageFor: (protocol: SnsProtocol) => string;
  subject?: string;
  attributes: MessageAttributes;
  timestamp: string;
}

export function subscribeUrl(urls: EngineUrls, topicArn: string, token: string): string {
  return `${urls.baseUrl}/?Action=ConfirmSubscription&TopicArn=${encodeURIComponent(topicArn)}&Token=${token}`;
}

export function unsubscribeUrl(urls: EngineUrls, subscriptionArn: string): string {
  return `${urls.baseUrl}/?Action=Unsubscribe&SubscriptionArn=${encodeURIComponent(subscriptionArn)}`;
}

export function confirmationDelivery(
  type: 'SubscriptionConfirmation' | 'UnsubscribeConfirmation',
  subscription: SubscriptionRecord,
  token: string,
  signer: MessageSigner,
  urls: EngineUrls,
): DeliveryRequest {
  const message =
    type === 'SubscriptionConfirmation'
      ? `You have chosen to subscribe to the topic ${subscription.topicArn}.\nTo confirm the subscription, visit the SubscribeURL included in this message.`
      : `You have chosen to deactivate subscription ${subscription.arn}.\nTo cancel this operation and restore the subscription, visit the SubscribeURL included in this message.`;
  const signable: SignableMessage = {
    Type: type,
    MessageId: randomUUID(),
    Token: token,
    TopicArn: subscription.topicArn,
    Message: message,
    SubscribeURL: subscribeUrl(urls, subscription.topicArn, token),
    Timestamp: new Date().toISOString(),
  };
  const envelope = {
    Type: signable.Type,
    MessageId: signable.MessageId,
    Token: signable.Token,
    TopicArn: signable.TopicArn,
    Message: signable.Message,
    SubscribeURL: signable.SubscribeURL,
    Timestamp: signable.Timestamp,
    SignatureVersion: '2',
    Signature: signer.sign(signable),
    SigningCertURL: urls.certUrl,
  };
  return {
    subscriptionArn: subscription.arn,
    topicArn: subscription.topicArn,
    endpoint: subscription.endpoint,
    messageType: type,
    messageId: signable.MessageId,
    body: JSON.stringify(envelope),
    headers: baseHeaders(type, signable.MessageId, subscription.topicArn),
  };
}

export function notificationDelivery(
  subscription: SubscriptionRecord,
  published: PublishedMessage,
  signer: MessageSigner,
  urls: EngineUrls,
): DeliveryRequest {
  const message = published.messageFor(subscription.protocol);
  const headers = {
    ...baseHeaders('Notification', published.messageId, published.topicArn),
    'x-amz-sns-subscription-arn': subscription.arn,
  };
  const request = {
    subscriptionArn: subscription.arn,
    topicArn: published.topicArn,
    endpoint: subscription.endpoint,
    messageType: 'Notification' as const,
    messageId: published.messageId,
  };
  if (subscription.attributes.RawMessageDelivery === 'true') {
    // Raw delivery sends the bare message: no envelope, so nothing to sign.
    return { ...request, body: message, headers: { ...headers, 'x-amz-sns-rawdelivery': 'true' } };
  }
  const signable: SignableMessage = {
    Type: 'Notification',
    MessageId: published.messageId,
    TopicArn: published.topicArn,
    Message: message,
    Timestamp: published.timestamp,
  };
  if (published.subject !== undefined) signable.Subject = published.subject;
  const envelope: Record<string, unknown> = {
    Type: 'Notification',
    MessageId: published.messageId,
    TopicArn: published.topicArn,
  };
  if (published.subject !== undefined) envelope.Subject = published.subject;
  Object.assign(envelope, {
    Message: message,
    Timestamp: published.timestamp,
    SignatureVersion: '2',
    Signature: signer.sign(signable),
    SigningCertURL: urls.certUrl,
    UnsubscribeURL: unsubscribeUrl(urls, subscription.arn),
  });
  const attributes = Object.entries(published.attributes);
  if (attributes.length > 0) {
    envelope.MessageAttributes = Object.fromEntries(
      attributes.map(([name, value]) => [
        name,
        { Type: value.DataType, Value: value.BinaryValue ?? value.StringValue ?? '' },
      ]),
    );
  }
  return { ...request, body: JSON.stringify(envelope), headers };
}

function baseHeaders(type: string, messageId: string, topicArn: string): Record<string, string> {
  return {
    'x-amz-sns-message-type': type,
    'x-amz-sns-message-id': messageId,
    'x-amz-sns-topic-arn': topicArn,
    'Content-Type': 'text/plain; charset=UTF-8',
    'User-Agent': USER_AGENT,
  };
}
