// The runtime's dead-letter queue for partner deliveries: a subscription whose RedrivePolicy
// names runtime.deliveryDeadLetterArn has what it refuses put into runtime.engines.deadLetters,
// kept in the data folder across a restart until a consumer takes it as an SQS event.
import { GetSubscriptionAttributesCommand, ListSubscriptionsByTopicCommand, PublishCommand, SetSubscriptionAttributesCommand, SNSClient } from '@aws-sdk/client-sns';
import type { SQSEvent } from 'aws-lambda';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { sdkConfig } from '../../lambdas/adapters/sdk-client.ts';
import type { Runtime } from '../../local/runtime.ts';
import { ADMIN_TOKEN, api, startTestRuntime } from '../support/runtime.ts';
import { startWebhookReceiver } from './sns/webhook-receiver.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'pressroom-dead-letters-'));
let runtime: Runtime | undefined;
const partner = await startWebhookReceiver((request) => (request.json?.Type === 'Notification' ? 410 : 200));
afterAll(async () => {
  await runtime?.stop();
  await partner.close();
  rmSync(dataDir, { recursive: true, force: true });
});

test('a refused notification waits in the runtime\'s dead-letter queue across a restart, then reaches its consumer', { timeout: 120_000 }, async () => {
  runtime = await startTestRuntime({ dataDir });
  expect(runtime.engines.deadLetters.arn).toBe(runtime.deliveryDeadLetterArn);
  const created = await api(runtime)('/v1/subscriptions', { method: 'POST', token: ADMIN_TOKEN, json: { endpoint: partner.url } });
  expect(created.status).toBe(201);
  const confirmation = await partner.waitFor((r) => r.json?.Type === 'SubscriptionConfirmation');
  expect((await fetch(String(confirmation.json!.SubscribeURL))).status).toBe(200);

  const sns = new SNSClient(sdkConfig(runtime.engines.sns.endpoint, runtime.settings.localCredentials!));
  let messageId: string;
  let subscriptionArn: string;
  try {
    const listed = await sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: runtime.topicArn }));
    subscriptionArn = listed.Subscriptions!.find((s) => s.Endpoint === partner.url)!.SubscriptionArn!;
    // Every message, whatever the partner's filter: this test is about where a refused one goes.
    await sns.send(new SetSubscriptionAttributesCommand({ SubscriptionArn: subscriptionArn, AttributeName: 'FilterPolicy', AttributeValue: '' }));
    await sns.send(
      new SetSubscriptionAttributesCommand({
        SubscriptionArn: subscriptionArn,
        AttributeName: 'RedrivePolicy',
        AttributeValue: JSON.stringify({ deadLetterTargetArn: runtime.deliveryDeadLetterArn }),
      }),
    );
    expect((await sns.send(new GetSubscriptionAttributesCommand({ SubscriptionArn: subscriptionArn }))).Attributes?.RedrivePolicy).toContain(
      runtime.deliveryDeadLetterArn,
    );
    messageId = (await sns.send(new PublishCommand({ TopicArn: runtime.topicArn, Message: '{"eventId":"e-1"}' }))).MessageId!;
    await partner.waitFor((r) => r.json?.MessageId === messageId);
    await runtime.engines.sns.deliveries.idle();
  } finally {
    sns.destroy();
  }
  expect(runtime.engines.deadLetters.messages()).toHaveLength(1);
  await runtime.stop();
  runtime = undefined;

  runtime = await startTestRuntime({ dataDir });
  const events: SQSEvent[] = [];
  runtime.engines.deadLetters.consume((event) => {
    events.push(event);
  });
  await runtime.engines.deadLetters.idle();
  expect(events).toHaveLength(1);
  const [record] = events[0]!.Records;
  expect(record!.eventSourceARN).toBe(runtime.deliveryDeadLetterArn);
  const envelope = JSON.parse(record!.body) as Record<string, string>;
  expect(envelope).toMatchObject({ Type: 'Notification', MessageId: messageId, Message: '{"eventId":"e-1"}' });
  expect(new URL(envelope.UnsubscribeURL!).searchParams.get('SubscriptionArn')).toBe(subscriptionArn);
  expect(runtime.engines.deadLetters.messages()).toEqual([]);
});

