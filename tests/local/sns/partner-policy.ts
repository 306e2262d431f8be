// The DeliveryPolicy the subscriptions Lambda gives every partner (lambdas/core/delivery-policy.ts),
// as the SNS engine tests use it: as many retries as SNS's one-hour cap allows, with back-off.
import { DELIVERY_POLICY } from '../../../lambdas/core/delivery-policy.ts';

export const PARTNER_RETRY_POLICY = DELIVERY_POLICY.healthyRetryPolicy;
export const PARTNER_DELIVERY_POLICY = JSON.stringify(DELIVERY_POLICY);
