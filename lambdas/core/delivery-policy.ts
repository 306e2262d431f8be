// How SNS retries a partner's webhook. Without a policy SNS tries an HTTP/S endpoint 3 more
// times 20 s apart and then drops the message, so a partner down for two minutes loses it.
// SNS caps HTTP/S retries at 100 and at 3,600 s in all, by a back-off curve it does not
// publish: this policy stays within the hour even on the slowest (linear) curve, about 53
// minutes, quickly at first (a blip heals at once), then backing off to a minute apart so a
// partner that comes back after a long outage is found within a minute. What is still
// undelivered after the hour goes to the dead-letter queue and is recorded against the
// subscription; the event log and redelivery bring it back.
export const DELIVERY_POLICY = {
  healthyRetryPolicy: {
    minDelayTarget: 1,
    maxDelayTarget: 60,
    numRetries: 80,
    numNoDelayRetries: 3,
    numMinDelayRetries: 2,
    numMaxDelayRetries: 30,
    backoffFunction: 'exponential',
  },
} as const;
