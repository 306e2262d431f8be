// Any process or web page on the machine can reach the SNS engine's port, so it takes orders
// only signed (SigV4, service sns) with its own credentials. Plain GETs may only follow the
// links a receiver is sent (SubscribeURL, UnsubscribeURL) and fetch the certificate.
import { CreateTopicCommand, ListSubscriptionsCommand, PublishCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startSnsEngine, type RunningSnsEngine } from '../../../local/sns/server.ts';
import { sdkConfig } from '../../../lambdas/adapters/sdk-client.ts';
import { startWebhookReceiver, type WebhookReceiver } from './webhook-receiver.ts';

let engine: RunningSnsEngine;
let sns: SNSClient;
let partner: WebhookReceiver;
let topicArn: string;

beforeAll(async () => {
  engine = await startSnsEngine({ delivery: { retry: { maxAttempts: 1 }, timeoutMs: 3_000 } });
  sns = new SNSClient(sdkConfig(engine.endpoint, engine.credentials));
  partner = await startWebhookReceiver();
  topicArn = (await sns.send(new CreateTopicCommand({ Name: 'engine-auth' }))).TopicArn!;
  await sns.send(new SubscribeCommand({ TopicArn: topicArn, Protocol: 'http', Endpoint: partner.url }));
  const confirmation = await partner.waitFor((r) => r.json?.Type === 'SubscriptionConfirmation');
  // SubscribeURL stays a plain GET, as in SNS.
  expect((await fetch(confirmation.json!.SubscribeURL as string)).status).toBe(200);
});

afterAll(async () => {
  sns?.destroy();
  await engine?.stop();
  await partner?.close();
});

const get = (query: Record<string, string>) => fetch(`${engine.endpoint}/?${new URLSearchParams(query)}`);

test('a plain GET cannot publish, subscribe or list', async () => {
  const forged = JSON.stringify({ type: 'release.retracted', eventId: 'forged' });
  const publish = await get({ Action: 'Publish', TopicArn: topicArn, Message: forged });
  expect(publish.status).toBe(403);
  expect(await publish.text()).toContain('<Code>InvalidClientTokenId</Code>');

  const subscribe = await get({ Action: 'Subscribe', TopicArn: topicArn, Protocol: 'http', Endpoint: 'http://169.254.169.254/' });
  expect(subscribe.status).toBe(403);

  const list = await get({ Action: 'ListSubscriptions' });
  expect(list.status).toBe(403);
  expect(await list.text()).not.toContain(partner.url);

  await engine.deliveries.idle();
  expect(partner.requests.some((r) => r.body.includes('forged'))).toBe(false);
  const { Subscriptions } = await sns.send(new ListSubscriptionsCommand({}));
  expect(Subscriptions?.map((s) => s.Endpoint)).toEqual([partner.url]);
});

test('an unsigned POST, or one signed with other credentials, is refused', async () => {
  const unsigned = await fetch(engine.endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ Action: 'Publish', TopicArn: topicArn, Message: 'forged' }).toString(),
  });
  expect(unsigned.status).toBe(403);

  for (const credentials of [{ accessKeyId: 'local', secretAccessKey: 'local' }, { ...engine.credentials, secretAccessKey: 'guessed' }]) {
    const stranger = new SNSClient({ ...sdkConfig(engine.endpoint, credentials), maxAttempts: 1 });
    await expect(stranger.send(new PublishCommand({ TopicArn: topicArn, Message: 'forged' }))).rejects.toMatchObject({ name: 'InvalidClientTokenId' });
    await expect(stranger.send(new ListSubscriptionsCommand({}))).rejects.toMatchObject({ $metadata: { httpStatusCode: 403 } });
    stranger.destroy();
  }
});

test('a signature more than 15 minutes old is refused', async () => {
  const late = new SNSClient({ ...sdkConfig(engine.endpoint, engine.credentials), maxAttempts: 1, systemClockOffset: -20 * 60_000 });
  await expect(late.send(new ListSubscriptionsCommand({}))).rejects.toMatchObject({ $metadata: { httpStatusCode: 403 } });
  late.destroy();
});

test('the engine credentials publish, and the certificate and the links stay plain GETs', async () => {
  await sns.send(new PublishCommand({ TopicArn: topicArn, Message: 'signed' }));
  const notification = await partner.waitFor((r) => r.json?.Type === 'Notification' && r.json.Message === 'signed');
  expect((await fetch(notification.json!.SigningCertURL as string)).status).toBe(200);
  const unsubscribe = await fetch(notification.json!.UnsubscribeURL as string);
  expect(unsubscribe.status).toBe(200);
  expect((await sns.send(new ListSubscriptionsCommand({}))).Subscriptions).toEqual([]);
});
