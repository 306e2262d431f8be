// A topic's SQS subscriptions on one machine, as SNS has them in one account: subscribed at
// once (no confirmation), filtered by their policy, and each matching message in the queue
// before Publish answers, raw or in SNS's signed envelope with its message attributes.
import { GetSubscriptionAttributesCommand, CreateTopicCommand, InvalidParameterException, PublishCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { sdkConfig } from '../../../lambdas/adapters/sdk-client.ts';
import { LocalQueue } from '../../../local/queues/local-queue.ts';
import { startSnsEngine, type RunningSnsEngine } from '../../../local/sns/server.ts';

const RAW_ARN = 'arn:aws:sqs:us-east-1:000000000000:raw-events';
const ENVELOPED_ARN = 'arn:aws:sqs:us-east-1:000000000000:enveloped-events';
const raw = new LocalQueue({ arn: RAW_ARN, log: () => undefined });
const enveloped = new LocalQueue({ arn: ENVELOPED_ARN, log: () => undefined });
let engine: RunningSnsEngine;
let sns: SNSClient;
let topicArn: string;

beforeAll(async () => {
  engine = await startSnsEngine({ delivery: { deadLetterQueues: [raw, enveloped] } });
  sns = new SNSClient(sdkConfig(engine.endpoint, engine.credentials));
  topicArn = (await sns.send(new CreateTopicCommand({ Name: 'events' }))).TopicArn!;
});

afterAll(async () => {
  sns.destroy();
  await engine.stop();
  await raw.close();
  await enveloped.close();
});

const audience = (value: string) => ({ audience: { DataType: 'String', StringValue: value } });

test('an SQS subscription is confirmed at once and receives what its filter policy matches, raw', async () => {
  const { SubscriptionArn } = await sns.send(
    new SubscribeCommand({
      TopicArn: topicArn,
      Protocol: 'sqs',
      Endpoint: RAW_ARN,
      Attributes: { RawMessageDelivery: 'true', FilterPolicy: JSON.stringify({ audience: ['public'] }) },
    }),
  );
  expect(SubscriptionArn).toMatch(/^arn:aws:sns:us-east-1:000000000000:events:/);
  const { Attributes } = await sns.send(new GetSubscriptionAttributesCommand({ SubscriptionArn }));
  expect(Attributes?.PendingConfirmation).toBe('false');

  await sns.send(new PublishCommand({ TopicArn: topicArn, Message: '{"type":"release.published"}', MessageAttributes: audience('public') }));
  await sns.send(new PublishCommand({ TopicArn: topicArn, Message: '{"type":"release.embargoed"}', MessageAttributes: audience('embargoed') }));
  // Kept before Publish answered: nothing to wait for.
  expect(raw.messages().map((message) => message.body)).toEqual(['{"type":"release.published"}']);
});

test('without raw delivery the queue gets the envelope, message attributes included', async () => {
  await sns.send(new SubscribeCommand({ TopicArn: topicArn, Protocol: 'sqs', Endpoint: ENVELOPED_ARN }));
  const { MessageId } = await sns.send(new PublishCommand({ TopicArn: topicArn, Message: 'hello', MessageAttributes: audience('public') }));
  const [message] = enveloped.messages();
  expect(JSON.parse(message!.body)).toMatchObject({
    Type: 'Notification',
    MessageId,
    TopicArn: topicArn,
    Message: 'hello',
    SignatureVersion: '2',
    MessageAttributes: { audience: { Type: 'String', Value: 'public' } },
  });
});

test('a queue that is not on this machine, or an endpoint that is not a queue ARN, cannot be subscribed', async () => {
  for (const Endpoint of ['arn:aws:sqs:us-east-1:000000000000:elsewhere', 'https://sqs.us-east-1.amazonaws.com/000000000000/raw-events']) {
    await expect(sns.send(new SubscribeCommand({ TopicArn: topicArn, Protocol: 'sqs', Endpoint }))).rejects.toBeInstanceOf(InvalidParameterException);
  }
});
