// Partner endpoints as SNS HTTP/S subscriptions of the releases topic.
import {
  GetSubscriptionAttributesCommand,
  InvalidParameterException,
  NotFoundException,
  SubscribeCommand,
  UnsubscribeCommand,
} from '@aws-sdk/client-sns';
import type { FilterPolicy } from '../core/subscription-policy.ts';
import { DELIVERY_POLICY } from '../core/delivery-policy.ts';
import { adapterSettings } from './adapter-context.ts';
import { required } from './settings.ts';
import { snsClient, topicArn } from './sns-client.ts';

export type SubscriptionStatus = 'pending confirmation' | 'confirmed' | 'deleted';

/** SNS holds a subscription of this endpoint with other attributes (another filter policy). */
export class EndpointSubscribedOtherwise extends Error {
  override name = 'EndpointSubscribedOtherwise';
}

/** SNS refused the subscription's parameters (its message says which). */
export class SubscriptionRefused extends Error {
  override name = 'SubscriptionRefused';
}

const isInvalidParameter = (error: unknown) =>
  error instanceof InvalidParameterException || (error as Error).name === 'InvalidParameter';

/**
 * SNS keeps one subscription per topic, protocol and endpoint: subscribing it again with the
 * same attributes returns that subscription's ARN, with others is refused.
 */
export async function subscribeEndpoint(endpoint: string, filterPolicy: FilterPolicy): Promise<string> {
  try {
    return await subscribe(endpoint, filterPolicy);
  } catch (error) {
    if (!isInvalidParameter(error)) throw error;
    const message = (error as Error).message;
    if (/already exists/i.test(message)) throw new EndpointSubscribedOtherwise(message, { cause: error });
    throw new SubscriptionRefused(message, { cause: error });
  }
}

async function subscribe(endpoint: string, filterPolicy: FilterPolicy): Promise<string> {
  const { SubscriptionArn } = await snsClient().send(
    new SubscribeCommand({
      TopicArn: topicArn(),
      Protocol: new URL(endpoint).protocol === 'https:' ? 'https' : 'http',
      Endpoint: endpoint,
      Attributes: {
        FilterPolicy: JSON.stringify(filterPolicy),
        FilterPolicyScope: 'MessageAttributes',
        DeliveryPolicy: JSON.stringify(DELIVERY_POLICY),
        RedrivePolicy: JSON.stringify({ deadLetterTargetArn: required(adapterSettings(), 'deliveryDeadLetterArn') }),
      },
      // The real ARN even while confirmation is pending, so it can be looked up and removed.
      ReturnSubscriptionArn: true,
    }),
  );
  if (!SubscriptionArn) throw new Error('SNS returned no subscription ARN');
  return SubscriptionArn;
}

export async function subscriptionStatus(subscriptionArn: string): Promise<SubscriptionStatus> {
  try {
    const { Attributes } = await snsClient().send(new GetSubscriptionAttributesCommand({ SubscriptionArn: subscriptionArn }));
    return Attributes?.PendingConfirmation === 'true' ? 'pending confirmation' : 'confirmed';
  } catch (error) {
    if (error instanceof NotFoundException || (error as Error).name === 'NotFound') return 'deleted';
    throw error;
  }
}

export async function unsubscribe(subscriptionArn: string): Promise<void> {
  try {
    await snsClient().send(new UnsubscribeCommand({ SubscriptionArn: subscriptionArn }));
  } catch (error) {
    // Already gone (the partner unsubscribed through UnsubscribeURL): nothing left to do.
    if (!(error instanceof NotFoundException || (error as Error).name === 'NotFound')) throw error;
  }
}
