// End to end: the real SDK publishes to the local engine, which delivers over HTTP to real
// receivers on 127.0.0.1 that confirm and verify exactly as a partner would against AWS.
import { CreateTopicCommand, PublishCommand, SNSClient, SubscribeCommand, type MessageAttributeValue } from '@aws-sdk/client-sns';
import { createVerify } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DEFAULT_RETRY_POLICY, retryDelayMs, type DeliveryOutcome } from '../../../local/sns/http-delivery.ts';
import { startSnsEngine, type RunningSnsEngine } from '../../../local/sns/server.ts';
import { sdkConfig } from '../../../lambdas/adapters/sdk-client.ts';
import { startWebhookReceiver, type ReceivedRequest, type Responder, type WebhookReceiver } from './webhook-receiver.ts';

let engine: RunningSnsEngine;
let sns: SNSClient;
const receivers: WebhookReceiver[] = [];

beforeAll(async () => {
  engine = await startSnsEngine({
    // Fast retries and a short timeout keep the suite quick; the schedule itself is tested below.
    delivery: { retry: { immediateRetries: 1, minDelayMs: 50, maxDelayMs: 200, maxAttempts: 5 }, timeoutMs: 3_000 },
  });
  sns = new SNSClient(sdkConfig(engine.endpoint, engine.credentials));
});

afterAll(async () => {
  sns.destroy();
  await engine.stop();
  for (const receiver of receivers) await receiver.close();
});

async function receiver(respond?: Responder): Promise<WebhookReceiver> {
  const started = await startWebhookReceiver(respond);
  receivers.push(started);
  return started;
}

let topics = 0;
async function newTopic(): Promise<string> {
  return (await sns.send(new CreateTopicCommand({ Name: `deliveries-${++topics}` }))).TopicArn!;
}

/** Subscribes the receiver and confirms the way a partner does: a plain GET of SubscribeURL. */
async function subscribeAndConfirm(topicArn: string, partner: WebhookReceiver, attributes?: Record<string, string>): Promise<string> {
  await sns.send(new SubscribeCommand({ TopicArn: topicArn, Protocol: 'http', Endpoint: partner.url, ...(attributes ? { Attributes: attributes } : {}) }));
  const confirmation = await partner.waitFor((r) => r.json?.Type === 'SubscriptionConfirmation');
  const response = await fetch(confirmation.json!.SubscribeURL as string);
  expect(response.status).toBe(200);
  const arn = /<SubscriptionArn>([^<]+)<\/SubscriptionArn>/.exec(await response.text())?.[1];
  expect(arn).toMatch(new RegExp(`^${topicArn}:`));
  return arn!;
}

const certificates = new Map<string, string>();
/** What a receiver does: fetch the PEM at SigningCertURL, rebuild the string to sign, verify SHA256withRSA. */
async function verifiesAsAReceiverWould(envelope: Record<string, unknown>): Promise<boolean> {
  expect(envelope.SignatureVersion).toBe('2');
  const certUrl = envelope.SigningCertURL as string;
  if (!certificates.has(certUrl)) {
    const response = await fetch(certUrl);
    expect(response.status).toBe(200);
    certificates.set(certUrl, await response.text());
  }
  const keys =
    envelope.Type === 'Notification'
      ? ['Message', 'MessageId', 'Subject', 'Timestamp', 'TopicArn', 'Type']
      : ['Message', 'MessageId', 'SubscribeURL', 'Timestamp', 'Token', 'TopicArn', 'Type'];
  const stringToSign = keys
    .filter((key) => envelope[key] !== undefined)
    .map((key) => `${key}\n${String(envelope[key])}\n`)
    .join('');
  const verifier = createVerify('RSA-SHA256');
  verifier.update(stringToSign, 'utf8');
  return verifier.verify(certificates.get(certUrl)!, envelope.Signature as string, 'base64');
}

const kzRelease: Record<string, MessageAttributeValue> = {
  type: { DataType: 'String', StringValue: 'release.published' },
  countries: { DataType: 'String.Array', StringValue: '["KZ","RU","AZ"]' },
  officials: { DataType: 'String.Array', StringValue: '["sahibe-qafarova","maulen-ashimbayev"]' },
  language: { DataType: 'String', StringValue: 'az' },
};

const notifications = (partner: WebhookReceiver): ReceivedRequest[] =>
  partner.requests.filter((r) => r.headers['x-amz-sns-message-type'] === 'Notification');

describe('subscription confirmation', () => {
  test('is the first request an endpoint gets, signed, and a plain GET of SubscribeURL confirms it', async () => {
    const topicArn = await newTopic();
    const partner = await receiver();
    await sns.send(new SubscribeCommand({ TopicArn: topicArn, Protocol: 'http', Endpoint: partner.url }));

    // Nothing reaches an unconfirmed subscription.
    await sns.send(new PublishCommand({ TopicArn: topicArn, Message: 'too early' }));
    const confirmation = await partner.waitFor(() => true);
    expect(confirmation.method).toBe('POST');
    expect(confirmation.headers).toMatchObject({
      'x-amz-sns-message-type': 'SubscriptionConfirmation',
      'x-amz-sns-topic-arn': topicArn,
      'content-type': 'text/plain; charset=UTF-8',
      'user-agent': 'Amazon Simple Notification Service Agent',
      'content-length': String(Buffer.byteLength(confirmation.body)),
    });
    expect(confirmation.headers['transfer-encoding']).toBeUndefined();
    const envelope = confirmation.json!;
    expect(envelope).toMatchObject({ Type: 'SubscriptionConfirmation', TopicArn: topicArn, SignatureVersion: '2' });
    expect(confirmation.headers['x-amz-sns-message-id']).toBe(envelope.MessageId);
    expect(envelope.Token).toMatch(/^[0-9a-f]{64,}$/);
    expect(envelope.SubscribeURL).toBe(
      `${engine.endpoint}/?Action=ConfirmSubscription&TopicArn=${encodeURIComponent(topicArn)}&Token=${String(envelope.Token)}`,
    );
    expect(await verifiesAsAReceiverWould(envelope)).toBe(true);

    const response = await fetch(envelope.SubscribeURL as string);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('<ConfirmSubscriptionResponse');
    await engine.deliveries.idle();
    expect(notifications(partner)).toEqual([]);
  });
});

describe('notifications', () => {
  test('a matching message arrives signed and verifiable; a non-matching one does not arrive', async () => {
    const topicArn = await newTopic();
    const kz = await receiver();
    const tr = await receiver();
    const kzSubscription = await subscribeAndConfirm(topicArn, kz, { FilterPolicy: '{"countries":["KZ"]}' });
    await subscribeAndConfirm(topicArn, tr, { FilterPolicy: '{"countries":["TR"]}' });

    const message = JSON.stringify({ type: 'release.published', release: { id: '01J0000000000000000000000' } });
    const { MessageId } = await sns.send(
      new PublishCommand({ TopicArn: topicArn, Message: message, Subject: 'Milli Majlis', MessageAttributes: kzRelease }),
    );
    const delivered = await kz.waitFor((r) => r.json?.MessageId === MessageId);

    expect(delivered.headers).toMatchObject({
      'x-amz-sns-message-type': 'Notification',
      'x-amz-sns-message-id': MessageId,
      'x-amz-sns-topic-arn': topicArn,
      'x-amz-sns-subscription-arn': kzSubscription,
      'content-type': 'text/plain; charset=UTF-8',
      'user-agent': 'Amazon Simple Notification Service Agent',
      'content-length': String(Buffer.byteLength(delivered.body)),
    });
    const envelope = delivered.json!;
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
    expect(envelope).toMatchObject({ Type: 'Notification', TopicArn: topicArn, Subject: 'Milli Majlis', Message: message });
    expect(envelope.SigningCertURL).toBe(engine.certUrl);
    expect(envelope.MessageAttributes).toEqual({
      type: { Type: 'String', Value: 'release.published' },
      countries: { Type: 'String.Array', Value: '["KZ","RU","AZ"]' },
      officials: { Type: 'String.Array', Value: '["sahibe-qafarova","maulen-ashimbayev"]' },
      language: { Type: 'String', Value: 'az' },
    });
    expect(await verifiesAsAReceiverWould(envelope)).toBe(true);
    expect(await verifiesAsAReceiverWould({ ...envelope, Message: `${message} ` })).toBe(false);

    await engine.deliveries.idle();
    expect(notifications(tr)).toEqual([]);
    expect(notifications(kz)).toHaveLength(1);
  });

  test('a message without Subject is signed without it', async () => {
    const topicArn = await newTopic();
    const partner = await receiver();
    await subscribeAndConfirm(topicArn, partner);
    const { MessageId } = await sns.send(new PublishCommand({ TopicArn: topicArn, Message: 'plain' }));
    const delivered = await partner.waitFor((r) => r.json?.MessageId === MessageId);
    expect(delivered.json).not.toHaveProperty('Subject');
    expect(delivered.json).not.toHaveProperty('MessageAttributes');
    expect(await verifiesAsAReceiverWould(delivered.json!)).toBe(true);
  });

  test('raw message delivery posts the bare message', async () => {
    const topicArn = await newTopic();
    const partner = await receiver();
    await subscribeAndConfirm(topicArn, partner, { RawMessageDelivery: 'true' });
    const { MessageId } = await sns.send(new PublishCommand({ TopicArn: topicArn, Message: 'just the body' }));
    const delivered = await partner.waitFor((r) => r.headers['x-amz-sns-message-id'] === MessageId);
    expect(delivered.body).toBe('just the body');
    expect(delivered.headers['x-amz-sns-rawdelivery']).toBe('true');
  });

  test('a receiver answering 500 twice then 200 gets the message on a retry', async () => {
    const topicArn = await newTopic();
    let notificationsSeen = 0;
    const flaky = await receiver((request) => {
      if (request.json?.Type !== 'Notification') return 200;
      notificationsSeen++;
      return notificationsSeen <= 2 ? 500 : 200;
    });
    await subscribeAndConfirm(topicArn, flaky);
    const outcomes: DeliveryOutcome[] = [];
    engine.deliveries.on('delivered', (outcome) => outcomes.push(outcome));

    const { MessageId } = await sns.send(new PublishCommand({ TopicArn: topicArn, Message: 'retry me' }));
    await flaky.waitFor((r) => r.json?.MessageId === MessageId);
    await engine.deliveries.idle();

    const attempts = flaky.requests.filter((r) => r.json?.MessageId === MessageId);
    expect(attempts).toHaveLength(3);
    // Every attempt is the same signed message.
    expect(new Set(attempts.map((r) => r.body)).size).toBe(1);
    expect(outcomes.find((o) => o.request.messageId === MessageId)).toMatchObject({ delivered: true, attempts: 3, status: 200 });
  });

  test('a 4xx answer ends the delivery as SNS counts it, delivered: neither retried nor failed', async () => {
    const topicArn = await newTopic();
    const refusing = await receiver((request) => (request.json?.Type === 'Notification' ? 403 : 200));
    await subscribeAndConfirm(topicArn, refusing);
    const outcomes: DeliveryOutcome[] = [];
    engine.deliveries.on('delivered', (outcome) => outcomes.push(outcome));
    engine.deliveries.on('failed', (outcome) => outcomes.push(outcome));
    const { MessageId } = await sns.send(new PublishCommand({ TopicArn: topicArn, Message: 'no' }));
    await refusing.waitFor((r) => r.json?.MessageId === MessageId);
    await engine.deliveries.idle();
    expect(refusing.requests.filter((r) => r.json?.MessageId === MessageId)).toHaveLength(1);
    expect(outcomes.find((o) => o.request.messageId === MessageId)).toMatchObject({ delivered: true, attempts: 1, status: 403 });
  });

  test('a receiver that never answers does not hold up another one', async () => {
    // An engine of its own, so the hanging requests and their retries do not linger in the shared one.
    const isolated = await startSnsEngine({ delivery: { retry: { maxAttempts: 2, minDelayMs: 50 }, timeoutMs: 60_000 } });
    const client = new SNSClient(sdkConfig(isolated.endpoint, isolated.credentials));
    try {
      const { TopicArn } = await client.send(new CreateTopicCommand({ Name: 'silent-and-healthy' }));
      const silent = await receiver((request) => (request.json?.Type === 'Notification' ? 'hang' : 200));
      const healthy = await receiver();
      for (const partner of [silent, healthy]) {
        await client.send(new SubscribeCommand({ TopicArn, Protocol: 'http', Endpoint: partner.url }));
        const confirmation = await partner.waitFor((r) => r.json?.Type === 'SubscriptionConfirmation');
        expect((await fetch(confirmation.json!.SubscribeURL as string)).status).toBe(200);
      }

      const first = await client.send(new PublishCommand({ TopicArn, Message: 'one' }));
      const second = await client.send(new PublishCommand({ TopicArn, Message: 'two' }));
      await healthy.waitFor((r) => r.json?.MessageId === first.MessageId);
      await healthy.waitFor((r) => r.json?.MessageId === second.MessageId);
      // The silent receiver did get both requests; it just never answers them.
      await silent.waitFor((r) => r.json?.MessageId === second.MessageId);
      expect(isolated.deliveries.stats.inFlight).toBeGreaterThanOrEqual(2);
    } finally {
      client.destroy();
      await isolated.stop();
    }
    expect(isolated.deliveries.stats.inFlight).toBe(0);
  });
});

describe('unsubscribing', () => {
  test('a GET of UnsubscribeURL ends deliveries and sends an UnsubscribeConfirmation', async () => {
    const topicArn = await newTopic();
    const partner = await receiver();
    await subscribeAndConfirm(topicArn, partner);
    const { MessageId } = await sns.send(new PublishCommand({ TopicArn: topicArn, Message: 'last one' }));
    const delivered = await partner.waitFor((r) => r.json?.MessageId === MessageId);

    const response = await fetch(delivered.json!.UnsubscribeURL as string);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('<UnsubscribeResponse');
    const goodbye = await partner.waitFor((r) => r.json?.Type === 'UnsubscribeConfirmation');
    expect(await verifiesAsAReceiverWould(goodbye.json!)).toBe(true);

    await sns.send(new PublishCommand({ TopicArn: topicArn, Message: 'after' }));
    await engine.deliveries.idle();
    expect(notifications(partner)).toHaveLength(1);
  });
});

describe('retry schedule', () => {
  test('immediate retries first, then exponential backoff from minDelay up to maxDelay', () => {
    const policy = { ...DEFAULT_RETRY_POLICY, jitter: false };
    const delays = Array.from({ length: policy.maxAttempts - 1 }, (_, i) => retryDelayMs(i + 1, policy));
    expect(delays).toEqual([0, 0, 0, 500, 1000, 2000, 4000, 8000, 16000]);
    expect(retryDelayMs(20, policy)).toBe(20_000);
  });
});
