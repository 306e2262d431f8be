// The retry curve of a subscription's DeliveryPolicy, its limits, and the RedrivePolicy target.
import { describe, expect, test } from 'vitest';
import {
  parseDeliveryPolicy,
  parseRedrivePolicy,
  policyDelaySeconds,
  PolicyError,
  totalRetrySeconds,
  type HealthyRetryPolicy,
} from '../../../local/sns/delivery-policy.ts';
import { policyRetryDelayMs } from '../../../local/sns/http-delivery.ts';
import { PARTNER_RETRY_POLICY } from './partner-policy.ts';

const policy = (healthyRetryPolicy: Record<string, unknown>) => JSON.stringify({ healthyRetryPolicy });
const delays = (p: HealthyRetryPolicy) => Array.from({ length: p.numRetries + 1 }, (_, i) => policyDelaySeconds(p, i + 1));

describe('the four phases', () => {
  test('immediate, pre-backoff at the minimum, backoff from minimum to maximum, post-backoff at the maximum, then none', () => {
    const parsed = parseDeliveryPolicy(
      policy({ minDelayTarget: 2, maxDelayTarget: 10, numRetries: 9, numNoDelayRetries: 2, numMinDelayRetries: 1, numMaxDelayRetries: 1, backoffFunction: 'linear' }),
    )!;
    // 9 − 2 − 1 − 1 = 5 backoff retries, in equal steps from 2 to 10.
    expect(delays(parsed)).toEqual([0, 0, 2, 2, 4, 6, 8, 10, 10, undefined]);
    expect(totalRetrySeconds(parsed)).toBe(42);
  });

  test('each backoff function starts at the minimum, ends at the maximum and rises in between', () => {
    const curves = Object.fromEntries(
      (['linear', 'arithmetic', 'geometric', 'exponential'] as const).map((backoffFunction) => {
        const parsed = parseDeliveryPolicy(policy({ minDelayTarget: 1, maxDelayTarget: 100, numRetries: 11, backoffFunction }))!;
        return [backoffFunction, delays(parsed).slice(0, 11) as number[]];
      }),
    );
    for (const curve of Object.values(curves)) {
      expect(curve[0]).toBe(1);
      expect(curve[10]).toBeCloseTo(100, 9);
      for (let i = 1; i < curve.length; i++) expect(curve[i]!).toBeGreaterThan(curve[i - 1]!);
    }
    expect(curves.linear![5]).toBeCloseTo(50.5, 9);
    expect(curves.arithmetic![5]).toBeCloseTo(1 + 99 * 0.25, 9);
    expect(curves.geometric![5]).toBeCloseTo(10, 9);
    expect(curves.exponential![5]).toBeCloseTo(1 + (99 * 31) / 1023, 9);
  });

  test('SNS fills in what a policy leaves out: 3 retries 20 s apart, linear', () => {
    expect(parseDeliveryPolicy(policy({}))).toEqual({
      minDelayTarget: 20,
      maxDelayTarget: 20,
      numRetries: 3,
      numNoDelayRetries: 0,
      numMinDelayRetries: 0,
      numMaxDelayRetries: 0,
      backoffFunction: 'linear',
    });
    expect(parseDeliveryPolicy('')).toBeUndefined();
    expect(parseDeliveryPolicy('{"throttlePolicy":{"maxReceivesPerSecond":5}}')).toBeUndefined();
    expect(parseDeliveryPolicy(policy({ backoffFunction: 'EXPONENTIAL' }))!.backoffFunction).toBe('exponential');
  });

  test("the partners' policy fits within the hour, and its first retries come at once", () => {
    const parsed = parseDeliveryPolicy(policy(PARTNER_RETRY_POLICY))!;
    expect(totalRetrySeconds(parsed)).toBeLessThanOrEqual(3600);
    expect(delays(parsed).slice(0, 6)).toEqual([0, 0, 0, 1, 1, 1]);
    expect(totalRetrySeconds({ ...parsed, backoffFunction: 'linear' })).toBeLessThanOrEqual(3600);
    expect(policyDelaySeconds(parsed, parsed.numRetries)).toBe(60);
    expect(policyDelaySeconds(parsed, parsed.numRetries + 1)).toBeUndefined();
  });

  test('jitter only shortens a delay, by at most a fifth, and the time scale multiplies it', () => {
    const parsed = parseDeliveryPolicy(policy({ minDelayTarget: 10, maxDelayTarget: 10, numRetries: 1 }))!;
    expect(policyRetryDelayMs(1, parsed, 1, () => 0)).toBe(10_000);
    expect(policyRetryDelayMs(1, parsed, 1, () => 0.999_999)).toBe(8_000);
    expect(policyRetryDelayMs(1, parsed, 0.01, () => 0)).toBe(100);
    expect(policyRetryDelayMs(2, parsed, 1, () => 0)).toBeUndefined();
  });
});

describe('limits', () => {
  test.each([
    [{ numRetries: 101 }, /numRetries must be at most 100/],
    [{ minDelayTarget: 0 }, /minDelayTarget must be at least 1/],
    [{ minDelayTarget: 1, maxDelayTarget: 3601 }, /maxDelayTarget must be at most 3600/],
    [{ minDelayTarget: 30, maxDelayTarget: 10 }, /minDelayTarget must not exceed maxDelayTarget/],
    [{ numRetries: 3, numNoDelayRetries: 2, numMinDelayRetries: 1, numMaxDelayRetries: 1 }, /together must not exceed numRetries/],
    [{ minDelayTarget: 1, maxDelayTarget: 60, numRetries: 100, numMaxDelayRetries: 61 }, /at most 3600 are allowed/],
    // Within the hour on this engine's exponential curve, over it on the linear one, which bounds whatever curve SNS uses.
    [{ minDelayTarget: 1, maxDelayTarget: 60, numRetries: 100, numNoDelayRetries: 3, numMinDelayRetries: 2, numMaxDelayRetries: 35, backoffFunction: 'exponential' }, /3932 seconds in total/],
    [{ numRetries: 2.5 }, /numRetries must be a whole number/],
    [{ numRetries: '3' }, /numRetries must be a whole number/],
    [{ backoffFunction: 'cubic' }, /backoffFunction must be one of/],
    [{ retries: 3 }, /Unknown key healthyRetryPolicy.retries/],
  ])('%j is refused', (healthy, message) => {
    expect(() => parseDeliveryPolicy(policy(healthy))).toThrow(PolicyError);
    expect(() => parseDeliveryPolicy(policy(healthy))).toThrow(message);
  });

  test('a policy that is not a JSON object, or has keys SNS does not know, is refused', () => {
    expect(() => parseDeliveryPolicy('[1]')).toThrow('failed to parse JSON');
    expect(() => parseDeliveryPolicy('{"healthyRetryPolicy":')).toThrow('failed to parse JSON');
    expect(() => parseDeliveryPolicy('{"retryPolicy":{}}')).toThrow('Unknown key retryPolicy');
    expect(() => parseDeliveryPolicy('{"throttlePolicy":{"maxReceivesPerSecond":0}}')).toThrow('maxReceivesPerSecond');
  });
});

describe('RedrivePolicy', () => {
  const scope = { region: 'us-east-1', account: '000000000000' };
  test('names an SQS queue of the same account and region', () => {
    const arn = 'arn:aws:sqs:us-east-1:000000000000:pressroom-delivery-dead-letters';
    expect(parseRedrivePolicy(JSON.stringify({ deadLetterTargetArn: arn }), scope)).toBe(arn);
    expect(parseRedrivePolicy('', scope)).toBeUndefined();
  });

  test.each([
    ['{}', /deadLetterTargetArn is required/],
    ['{"deadLetterTargetArn":"arn:aws:sns:us-east-1:000000000000:topic"}', /not the ARN of an SQS queue/],
    ['{"deadLetterTargetArn":"https://sqs.us-east-1.amazonaws.com/000000000000/q"}', /not the ARN of an SQS queue/],
    ['{"deadLetterTargetArn":"arn:aws:sqs:eu-west-1:000000000000:q"}', /own account and region/],
    ['{"deadLetterTargetArn":"arn:aws:sqs:us-east-1:111111111111:q"}', /own account and region/],
    ['{"deadLetterTargetArn":"arn:aws:sqs:us-east-1:000000000000:q","maxReceiveCount":5}', /Unknown key maxReceiveCount/],
    ['"arn:aws:sqs:us-east-1:000000000000:q"', /failed to parse JSON/],
  ])('%s is refused', (text, message) => {
    expect(() => parseRedrivePolicy(text, scope)).toThrow(message);
  });
});
