// The DeliveryPolicy the subscriptions Lambda gives every partner: as many retries as SNS's
// one-hour cap allows, with back-off. The tests run it scaled down.
export const PARTNER_RETRY_POLICY = {
  minDelayTarget: 1,
  maxDelayTarget: 60,
  numRetries: 100,
  numNoDelayRetries: 3,
  numMinDelayRetries: 2,
  numMaxDelayRetries: 35,
  backoffFunction: 'exponential',
};
export const PARTNER_DELIVERY_POLICY = JSON.stringify({ healthyRetryPolicy: PARTNER_RETRY_POLICY });
