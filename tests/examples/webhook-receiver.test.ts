// The example partner receiver against the local SNS engine: it accepts its own topic only,
// refuses stale or future-dated messages, and handles a redelivered event once.
import { CreateTopicCommand, PublishCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startSnsEngine, type RunningSnsEngine } from '../../local/sns/server.ts';
import {
  envelopeProblem,
  startWebhookReceiver,
  type RunningReceiver,
  type SnsEnvelope,
} from '../../examples/webhook-receiver/receiver.ts';

let engine: RunningSnsEngine;
let sns: SNSClient;
let ours: string;
let other: string;
let receiver: RunningReceiver;

async function until(check: () => boolean, what: string, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

beforeAll(async () => {
  engine = await startSnsEngine();
  sns = new SNSClient({ endpoint: engine.endpoint, region: 'us-east-1', credentials: engine.credentials });
  ours = (await sns.send(new CreateTopicCommand({ Name: 'pressroom-releases' }))).TopicArn!;
  other = (await sns.send(new CreateTopicCommand({ Name: 'somebody-else' }))).TopicArn!;
  receiver = await startWebhookReceiver({ topicArn: ours, allowLocalCertificates: true, log: () => undefined });
});

afterAll(async () => {
  await receiver?.stop();
  sns?.destroy();
  await engine?.stop();
});

test('a subscription to another topic is refused, not confirmed, although SNS signed it', async () => {
  await sns.send(new SubscribeCommand({ TopicArn: other, Protocol: 'http', Endpoint: receiver.url }));
  await until(() => receiver.rejected === 1, 'the confirmation from the other topic to be refused');
  expect(receiver.confirmed).toBe(false);
});

test('its own topic is confirmed and its events are handled once, however often they arrive', async () => {
  await sns.send(new SubscribeCommand({ TopicArn: ours, Protocol: 'http', Endpoint: receiver.url }));
  await until(() => receiver.confirmed, 'the confirmation of our topic');
  const event = { eventId: 'evt-1', type: 'release.published', release: { title: 'T', version: 1 }, feeds: {} };
  await sns.send(new PublishCommand({ TopicArn: ours, Message: JSON.stringify(event) }));
  await until(() => receiver.notifications.length === 1, 'the notification');

  // The same event published again (a resend after a crash) has a new MessageId and signature.
  await sns.send(new PublishCommand({ TopicArn: ours, Message: JSON.stringify(event) }));
  await until(() => receiver.duplicates === 1, 'the resend to be recognised');
  // And the very same delivery replayed byte for byte.
  const [first] = receiver.notifications;
  const replay = await fetch(receiver.url, { method: 'POST', body: JSON.stringify(first!.envelope) });
  expect(replay.status).toBe(200);
  expect(receiver.duplicates).toBe(2);
  expect(receiver.notifications).toHaveLength(1);
  expect(receiver.rejected).toBe(1);
});

describe('envelopeProblem', () => {
  const now = Date.parse('2026-12-01T12:00:00Z');
  const envelope = (over: Partial<SnsEnvelope>) => ({ TopicArn: 'arn:t', Timestamp: '2026-12-01T11:59:00.000Z', ...over }) as SnsEnvelope;
  const hour = 60 * 60_000;

  test('a fresh message of the pinned topic is accepted', () => {
    expect(envelopeProblem(envelope({}), 'arn:t', hour, now)).toBeUndefined();
  });
  test.each([
    ['another topic', { TopicArn: 'arn:other' }, /another topic/],
    ['older than the window', { Timestamp: '2026-12-01T10:59:59.000Z' }, /stale/],
    ['dated in the future beyond clock skew', { Timestamp: '2026-12-01T12:06:00.000Z' }, /future/],
    ['a Timestamp that is no date', { Timestamp: 'yesterday' }, /not a date/],
  ] as const)('%s is refused', (_name, over, reason) => {
    expect(envelopeProblem(envelope(over), 'arn:t', hour, now)).toMatch(reason);
  });
});
