// Delivery you can see and repair, on the real engines: a subscription is made with a
// DeliveryPolicy and a RedrivePolicy; a message SNS gives up on lands in the dead-letter queue,
// the delivery-failures function records it against its subscription, GET shows it, and a
// redelivery of that eventId reaches the partner once it is back.
import { GetSubscriptionAttributesCommand, SNSClient } from '@aws-sdk/client-sns';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { sdkConfig } from '../../../lambdas/adapters/sdk-client.ts';
import { getSubscription } from '../../../lambdas/adapters/subscription-repository.ts';
import { DELIVERY_POLICY } from '../../../lambdas/core/delivery-policy.ts';
import type { Runtime } from '../../../local/runtime.ts';
import { startWebhookReceiver, type WebhookReceiver } from '../../local/sns/webhook-receiver.ts';
import { fixtureInput } from '../../support/fixture.ts';
import { ADMIN_TOKEN, PRESS_TOKEN, api, startTestRuntime, type Api } from '../../support/runtime.ts';

let runtime: Runtime;
let call: Api;
let partner: WebhookReceiver;
/** What the partner answers notifications with: 503 while it is down (SNS retries it, then gives up). */
let notificationStatus = 200;
let subscription: { id: string; token: string };

beforeAll(async () => {
  runtime = await startTestRuntime();
  call = api(runtime);
  partner = await startWebhookReceiver((request) => (request.json?.Type === 'Notification' ? notificationStatus : 200));
  const created = await call('/v1/subscriptions', { method: 'POST', token: ADMIN_TOKEN, json: { endpoint: partner.url } });
  expect(created.status).toBe(201);
  subscription = await created.json();
  const confirmation = await partner.waitFor((r) => r.json?.Type === 'SubscriptionConfirmation');
  expect((await fetch(String(confirmation.json!.SubscribeURL))).status).toBe(200);
});
afterAll(async () => {
  await partner?.close();
  await runtime?.stop();
});

test('every subscription is made with the delivery policy and the dead-letter queue', async () => {
  const sns = new SNSClient(sdkConfig(runtime.engines.sns.endpoint, runtime.settings.localCredentials!));
  try {
    const arn = (await runtime.adapters.run(() => getSubscription(subscription.id)))!.subscriptionArn;
    const { Attributes } = await sns.send(new GetSubscriptionAttributesCommand({ SubscriptionArn: arn }));
    expect(JSON.parse(Attributes!.DeliveryPolicy!)).toEqual(DELIVERY_POLICY);
    expect(JSON.parse(Attributes!.RedrivePolicy!)).toEqual({ deadLetterTargetArn: runtime.deliveryDeadLetterArn });
  } finally {
    sns.destroy();
  }
});

test('a delivery SNS gives up on is recorded against its subscription, and a redelivery repairs it', async () => {
  notificationStatus = 503;
  const release = await (await call('/v1/releases', { method: 'POST', token: PRESS_TOKEN, json: fixtureInput({ publishedAt: undefined }) })).json();
  const eventId = `${release.id}.1.published`;
  const deliveriesOf = () => partner.requests.filter((r) => r.json?.Type === 'Notification' && String(r.json.Message).includes(eventId));
  // Every attempt of the delivery policy (scaled down, as in every test), then the dead letter.
  await partner.waitFor(() => deliveriesOf().length === 1 + DELIVERY_POLICY.healthyRetryPolicy.numRetries, 30_000);
  await runtime.settled();
  await runtime.engines.sns.deliveries.idle();
  await runtime.engines.deadLetters.idle();

  const shown = await (await call(`/v1/subscriptions/${subscription.id}`, { token: subscription.token })).json();
  expect(shown.failedDeliveries).toEqual([{ eventId, type: 'release.published', messageId: expect.any(String), failedAt: expect.any(String) }]);
  expect(runtime.engines.deadLetters.messages()).toEqual([]);

  notificationStatus = 200;
  const attempts = deliveriesOf().length;
  const redelivered = await call(`/v1/subscriptions/${subscription.id}/redeliver`, {
    method: 'POST',
    token: ADMIN_TOKEN,
    json: { eventIds: shown.failedDeliveries.map((failure: { eventId: string }) => failure.eventId) },
  });
  expect(redelivered.status).toBe(202);
  await partner.waitFor(() => deliveriesOf().length === attempts + 1);
  const [first] = deliveriesOf();
  const again = deliveriesOf().at(-1);
  // The same event, signed anew by SNS as its own message.
  expect(again!.json!.Message).toBe(first!.json!.Message);
  expect(again!.json!.MessageId).not.toBe(first!.json!.MessageId);
  expect(again!.json!.Signature).toEqual(expect.any(String));
});
