// A subscription's own DeliveryPolicy and RedrivePolicy, end to end: the real SDK subscribes,
// the engine delivers to real receivers on 127.0.0.1 under the partners' one-hour policy run
// 2,000 times faster, and what gives up lands in a local dead-letter queue whose consumer gets
// it as Lambda's SQS event.
import {
  CreateTopicCommand,
  InvalidParameterException,
  PublishCommand,
  SetSubscriptionAttributesCommand,
  SNSClient,
  SubscribeCommand,
  GetSubscriptionAttributesCommand,
} from '@aws-sdk/client-sns';
import type { SQSRecord } from 'aws-lambda';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { DeliveryAttempt, DeliveryOutcome } from '../../../local/sns/http-delivery.ts';
import { startSnsEngine, type RunningSnsEngine, type SnsEngineOptions } from '../../../local/sns/server.ts';
import { LocalQueue } from '../../../local/queues/local-queue.ts';
import { sdkConfig } from '../../../lambdas/adapters/sdk-client.ts';
import { PARTNER_DELIVERY_POLICY, PARTNER_RETRY_POLICY } from './partner-policy.ts';
import { startWebhookReceiver, type Responder, type WebhookReceiver } from './webhook-receiver.ts';

const QUEUE_ARN = 'arn:aws:sqs:us-east-1:000000000000:delivery-dead-letters';
const REDRIVE = JSON.stringify({ deadLetterTargetArn: QUEUE_ARN });
const logged: string[] = [];
const deliveryOptions = (queue: LocalQueue): SnsEngineOptions['delivery'] => ({
  // The partners' policy takes 2,691 s when nothing answers: 1.35 s here.
  timeScale: 0.0005,
  // The engine-wide curve, for confirmations: short, so a failing one gives up quickly.
  retry: { maxAttempts: 2, minDelayMs: 20 },
  timeoutMs: 3_000,
  deadLetterQueues: [queue],
  log: (line) => logged.push(line),
});

let engine: RunningSnsEngine;
let sns: SNSClient;
let queue: LocalQueue;
/** Every record the queue's consumer was handed. */
const consumed: SQSRecord[] = [];
const receivers: WebhookReceiver[] = [];

beforeAll(async () => {
  queue = new LocalQueue({ arn: QUEUE_ARN, retryBaseMs: 20 });
  queue.consume((event) => {
    consumed.push(...event.Records);
  });
  engine = await startSnsEngine({ delivery: deliveryOptions(queue) });
  sns = new SNSClient(sdkConfig(engine.endpoint, engine.credentials));
});

afterAll(async () => {
  sns.destroy();
  await engine.stop();
  await queue.close();
  for (const receiver of receivers) await receiver.close();
});

async function receiver(respond?: Responder, port?: number): Promise<WebhookReceiver> {
  const started = await startWebhookReceiver(respond, port === undefined ? {} : { port });
  receivers.push(started);
  return started;
}

let topics = 0;
async function newTopic(client = sns): Promise<string> {
  return (await client.send(new CreateTopicCommand({ Name: `redrive-${++topics}` }))).TopicArn!;
}

async function subscribeAndConfirm(topicArn: string, partner: WebhookReceiver, attributes: Record<string, string>, client = sns): Promise<string> {
  await client.send(new SubscribeCommand({ TopicArn: topicArn, Protocol: 'http', Endpoint: partner.url, Attributes: attributes }));
  const confirmation = await partner.waitFor((r) => r.json?.Type === 'SubscriptionConfirmation');
  const response = await fetch(confirmation.json!.SubscribeURL as string);
  expect(response.status).toBe(200);
  return /<SubscriptionArn>([^<]+)<\/SubscriptionArn>/.exec(await response.text())![1]!;
}

/** The outcome of the delivery of one message, once it is final. */
function outcomeOf(delivery: RunningSnsEngine['deliveries'], messageId: string): Promise<DeliveryOutcome> {
  return new Promise((resolve) => {
    const settle = (outcome: DeliveryOutcome) => {
      if (outcome.request.messageId !== messageId) return;
      delivery.off('delivered', settle);
      delivery.off('failed', settle);
      resolve(outcome);
    };
    delivery.on('delivered', settle);
    delivery.on('failed', settle);
  });
}

async function until<T>(find: () => T | undefined, what: string, ms = 10_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const found = find();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const lettersFor = (messageId: string) => consumed.filter((record) => (JSON.parse(record.body) as { MessageId?: string }).MessageId === messageId);

describe('policies are checked as SNS checks them', () => {
  test('a DeliveryPolicy over the limits is an InvalidParameter on Subscribe, and nothing is subscribed', async () => {
    const topicArn = await newTopic();
    const partner = await receiver();
    const tooMany = JSON.stringify({ healthyRetryPolicy: { minDelayTarget: 1, maxDelayTarget: 20, numRetries: 101 } });
    const error = await sns
      .send(new SubscribeCommand({ TopicArn: topicArn, Protocol: 'http', Endpoint: partner.url, Attributes: { DeliveryPolicy: tooMany } }))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidParameterException);
    expect((error as Error).message).toBe('Invalid parameter: Attributes Reason: DeliveryPolicy: healthyRetryPolicy.numRetries must be at most 100 for HTTP/S.');

    const overAnHour = JSON.stringify({ healthyRetryPolicy: { minDelayTarget: 60, maxDelayTarget: 60, numRetries: 61 } });
    await expect(
      sns.send(new SubscribeCommand({ TopicArn: topicArn, Protocol: 'http', Endpoint: partner.url, Attributes: { DeliveryPolicy: overAnHour } })),
    ).rejects.toThrow(/DeliveryPolicy: .*3660 seconds in total/);
    await expect(
      sns.send(new SubscribeCommand({ TopicArn: topicArn, Protocol: 'http', Endpoint: partner.url, Attributes: { RedrivePolicy: '{"deadLetterTargetArn":"nope"}' } })),
    ).rejects.toThrow(/RedrivePolicy: deadLetterTargetArn is not the ARN of an SQS queue/);
    await engine.deliveries.idle();
    expect(partner.requests).toEqual([]);
  });

  test('SetSubscriptionAttributes refuses a bad policy and keeps the one before; an empty one removes it', async () => {
    const topicArn = await newTopic();
    const partner = await receiver();
    const SubscriptionArn = await subscribeAndConfirm(topicArn, partner, { DeliveryPolicy: PARTNER_DELIVERY_POLICY, RedrivePolicy: REDRIVE });
    const set = (AttributeName: string, AttributeValue: string) =>
      sns.send(new SetSubscriptionAttributesCommand({ SubscriptionArn, AttributeName, AttributeValue }));

    const error = await set('DeliveryPolicy', JSON.stringify({ healthyRetryPolicy: { minDelayTarget: 0 } })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidParameterException);
    expect((error as Error).message).toBe('Invalid parameter: DeliveryPolicy: healthyRetryPolicy.minDelayTarget must be at least 1 second.');
    await expect(set('RedrivePolicy', '{"deadLetterTargetArn":"arn:aws:sqs:eu-west-1:000000000000:q"}')).rejects.toThrow(
      /RedrivePolicy: deadLetterTargetArn must be a queue in the subscription's own account and region/,
    );
    const kept = (await sns.send(new GetSubscriptionAttributesCommand({ SubscriptionArn }))).Attributes!;
    expect(kept.DeliveryPolicy).toBe(PARTNER_DELIVERY_POLICY);
    expect(kept.RedrivePolicy).toBe(REDRIVE);

    await set('RedrivePolicy', '');
    const after = (await sns.send(new GetSubscriptionAttributesCommand({ SubscriptionArn }))).Attributes!;
    expect(after).not.toHaveProperty('RedrivePolicy');
  });
});

describe('delivery under a subscription\'s own policy', () => {
  test('a receiver that is down for a while and comes back at its address gets the message, and nothing is dead-lettered', async () => {
    const topicArn = await newTopic();
    const first = await receiver();
    const port = Number(new URL(first.url).port);
    await subscribeAndConfirm(topicArn, first, { DeliveryPolicy: PARTNER_DELIVERY_POLICY, RedrivePolicy: REDRIVE });
    await first.close();

    // The receiver comes back once eight attempts have found nobody there.
    let back: Promise<WebhookReceiver> | undefined;
    let messageId: string | undefined;
    const refused: DeliveryAttempt[] = [];
    const watch = (attempt: DeliveryAttempt) => {
      if (attempt.request.messageId !== messageId) return;
      refused.push(attempt);
      if (refused.length === 8) back = receiver(undefined, port);
    };
    engine.deliveries.on('attempt', watch);
    const published = sns.send(new PublishCommand({ TopicArn: topicArn, Message: 'are you there?' }));
    messageId = (await published).MessageId!;
    const outcome = outcomeOf(engine.deliveries, messageId);
    const returned = await until(() => back, 'the receiver to come back');
    const partner = await returned;
    const delivered = await partner.waitFor((r) => r.json?.MessageId === messageId);
    engine.deliveries.off('attempt', watch);

    expect(delivered.json).toMatchObject({ Type: 'Notification', Message: 'are you there?' });
    expect(refused.slice(0, 8).every((attempt) => attempt.status === undefined && attempt.error !== undefined)).toBe(true);
    const final = await outcome;
    expect(final).toMatchObject({ delivered: true, status: 200 });
    expect(final.attempts).toBeGreaterThan(8);
    expect(final.deadLetter).toBeUndefined();
    await queue.idle();
    expect(lettersFor(messageId)).toEqual([]);
  });

  test('throttling (429) is a 4xx: SNS counts it delivered, so it is neither retried nor dead-lettered', async () => {
    const topicArn = await newTopic();
    const partner = await receiver((request) => (request.json?.Type === 'Notification' ? 429 : 200));
    await subscribeAndConfirm(topicArn, partner, { DeliveryPolicy: PARTNER_DELIVERY_POLICY, RedrivePolicy: REDRIVE });
    const { MessageId } = await sns.send(new PublishCommand({ TopicArn: topicArn, Message: 'slow down' }));
    const outcome = await outcomeOf(engine.deliveries, MessageId!);
    expect(outcome).toMatchObject({ delivered: true, attempts: 1, status: 429 });
    await queue.idle();
    expect(lettersFor(MessageId!)).toEqual([]);
  });
});

describe('dead letters', () => {
  test('a receiver that never comes back: after every retry of the policy the envelope lands in the queue, and its consumer gets it as an SQS event', async () => {
    const topicArn = await newTopic();
    const gone = await receiver();
    const subscriptionArn = await subscribeAndConfirm(topicArn, gone, { DeliveryPolicy: PARTNER_DELIVERY_POLICY, RedrivePolicy: REDRIVE });
    await gone.close();

    const message = JSON.stringify({ eventId: '01J00000000000000000000000', type: 'release.published' });
    const { MessageId } = await sns.send(
      new PublishCommand({
        TopicArn: topicArn,
        Message: message,
        Subject: 'Milli Majlis',
        MessageAttributes: { type: { DataType: 'String', StringValue: 'release.published' } },
      }),
    );
    const outcome = await outcomeOf(engine.deliveries, MessageId!);
    // The first attempt and the policy's 100 retries.
    expect(outcome).toMatchObject({ delivered: false, attempts: 1 + PARTNER_RETRY_POLICY.numRetries });
    expect(outcome.deadLetter?.queueArn).toBe(QUEUE_ARN);

    const [record] = await until(() => (lettersFor(MessageId!).length > 0 ? lettersFor(MessageId!) : undefined), 'the dead letter');
    expect(record).toMatchObject({
      messageId: outcome.deadLetter!.messageId,
      eventSource: 'aws:sqs',
      eventSourceARN: QUEUE_ARN,
      awsRegion: 'us-east-1',
      messageAttributes: {},
      attributes: { ApproximateReceiveCount: '1' },
    });
    expect(record!.receiptHandle).toEqual(expect.any(String));
    const envelope = JSON.parse(record!.body) as Record<string, unknown>;
    expect(Object.keys(envelope)).toEqual([
      'Type',
      'MessageId',
      'TopicArn',
      'Subject',
      'Message',
      'Timestamp',
      'SignatureVersion',
      'Signature',
      'SigningCertURL',
      'UnsubscribeURL',
      'MessageAttributes',
    ]);
    expect(envelope).toMatchObject({ Type: 'Notification', MessageId, TopicArn: topicArn, Subject: 'Milli Majlis', Message: message });
    // What the recorder reads: whose delivery failed, and which event it carried.
    expect(new URL(envelope.UnsubscribeURL as string).searchParams.get('SubscriptionArn')).toBe(subscriptionArn);
    expect((JSON.parse(envelope.Message as string) as { eventId: string }).eventId).toBe('01J00000000000000000000000');
    expect(queue.messages().some((m) => m.messageId === record!.messageId)).toBe(false);
  });

  test('retries spent on 5xx: the letter goes to the queue; a subscription without RedrivePolicy drops it', async () => {
    const topicArn = await newTopic();
    const failing: Responder = (request) => (request.json?.Type === 'Notification' ? 500 : 200);
    const withQueue = await receiver(failing);
    const withoutQueue = await receiver(failing);
    await subscribeAndConfirm(topicArn, withQueue, { DeliveryPolicy: PARTNER_DELIVERY_POLICY, RedrivePolicy: REDRIVE });
    const droppingArn = await subscribeAndConfirm(topicArn, withoutQueue, { DeliveryPolicy: PARTNER_DELIVERY_POLICY });
    const failed: DeliveryOutcome[] = [];
    const collect = (outcome: DeliveryOutcome) => failed.push(outcome);
    engine.deliveries.on('failed', collect);

    const { MessageId } = await sns.send(new PublishCommand({ TopicArn: topicArn, Message: 'server error' }));
    await until(() => (failed.filter((o) => o.request.messageId === MessageId).length === 2 ? true : undefined), 'both deliveries to give up', 60_000);
    engine.deliveries.off('failed', collect);
    for (const outcome of failed) expect(outcome).toMatchObject({ attempts: 1 + PARTNER_RETRY_POLICY.numRetries, status: 500 });
    expect(failed.find((o) => o.request.subscriptionArn === droppingArn)!.deadLetter).toBeUndefined();

    const letters = await until(() => (lettersFor(MessageId!).length > 0 ? lettersFor(MessageId!) : undefined), 'the dead letter');
    await queue.idle();
    expect(lettersFor(MessageId!)).toHaveLength(1);
    expect(new URL(String((JSON.parse(letters[0]!.body) as Record<string, unknown>).UnsubscribeURL)).searchParams.get('SubscriptionArn')).not.toBe(droppingArn);
  });

  test('a confirmation that cannot be delivered is never dead-lettered', async () => {
    const topicArn = await newTopic();
    const partner = await receiver(() => 500);
    const failed: DeliveryOutcome[] = [];
    const collect = (outcome: DeliveryOutcome) => failed.push(outcome);
    engine.deliveries.on('failed', collect);
    await sns.send(new SubscribeCommand({ TopicArn: topicArn, Protocol: 'http', Endpoint: partner.url, Attributes: { RedrivePolicy: REDRIVE } }));
    const outcome = await until(() => failed.find((o) => o.request.topicArn === topicArn), 'the confirmation to give up');
    engine.deliveries.off('failed', collect);
    expect(outcome).toMatchObject({ request: { messageType: 'SubscriptionConfirmation' }, attempts: 2, status: 500 });
    expect(outcome.deadLetter).toBeUndefined();
    await queue.idle();
    expect(consumed.filter((record) => record.body.includes(topicArn))).toEqual([]);
  });

  test('a RedrivePolicy naming a queue this machine does not have: the message is lost, and the log says so', async () => {
    const topicArn = await newTopic();
    const partner = await receiver((request) => (request.json?.Type === 'Notification' ? 500 : 200));
    const elsewhere = 'arn:aws:sqs:us-east-1:000000000000:not-here';
    const oneRetry = JSON.stringify({ healthyRetryPolicy: { minDelayTarget: 1, maxDelayTarget: 1, numRetries: 1 } });
    await subscribeAndConfirm(topicArn, partner, { DeliveryPolicy: oneRetry, RedrivePolicy: JSON.stringify({ deadLetterTargetArn: elsewhere }) });
    const { MessageId } = await sns.send(new PublishCommand({ TopicArn: topicArn, Message: 'nowhere to go' }));
    const outcome = await outcomeOf(engine.deliveries, MessageId!);
    expect(outcome).toMatchObject({ delivered: false, status: 500, attempts: 2 });
    expect(outcome.deadLetter).toBeUndefined();
    expect(logged.some((line) => line.includes(MessageId!) && line.includes(elsewhere))).toBe(true);
  });
});

describe('restart', () => {
  test('a pending delivery carries on after a restart with its subscription\'s policy and dead-letter queue', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'pressroom-redrive-'));
    const letters = new LocalQueue({ arn: QUEUE_ARN });
    // The engine-wide curve would try 50 times; the subscription's policy allows 3 retries.
    const options = (): SnsEngineOptions => ({
      dataDir,
      delivery: { ...deliveryOptions(letters), timeScale: 0.2, retry: { maxAttempts: 50, minDelayMs: 10, maxDelayMs: 10 } },
    });
    const failing = await receiver((request) => (request.json?.Type === 'Notification' ? 500 : 200));
    let first: RunningSnsEngine | undefined = await startSnsEngine(options());
    let second: RunningSnsEngine | undefined;
    const client = new SNSClient(sdkConfig(first.endpoint, first.credentials));
    try {
      const topicArn = await newTopic(client);
      const policy = JSON.stringify({ healthyRetryPolicy: { minDelayTarget: 1, maxDelayTarget: 1, numRetries: 3 } });
      await subscribeAndConfirm(topicArn, failing, { DeliveryPolicy: policy, RedrivePolicy: REDRIVE }, client);

      // Stopped right after the second attempt, while it waits (200 ms scaled) for the third.
      let stopped: Promise<void> | undefined;
      const engine = first;
      engine.deliveries.on('attempt', (attempt) => {
        if (attempt.request.messageType === 'Notification' && attempt.attempt === 2) stopped = engine.stop();
      });
      const { MessageId } = await client.send(new PublishCommand({ TopicArn: topicArn, Message: 'across a restart' }));
      await until(() => stopped, 'the second attempt');
      await stopped;
      first = undefined;
      const notifications = () => failing.requests.filter((r) => r.json?.MessageId === MessageId);
      expect(notifications()).toHaveLength(2);

      second = await startSnsEngine({ ...options(), credentials: engine.credentials });
      const outcome = await outcomeOf(second.deliveries, MessageId!);
      expect(outcome).toMatchObject({ delivered: false, attempts: 4, status: 500 });
      expect(notifications()).toHaveLength(4);
      expect(letters.messages().map((m) => (JSON.parse(m.body) as { MessageId: string }).MessageId)).toEqual([MessageId]);
    } finally {
      client.destroy();
      await first?.stop();
      await second?.stop();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
