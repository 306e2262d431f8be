// The SNS Query API of the local engine, driven by the unchanged @aws-sdk/client-sns.
import {
  BatchEntryIdsNotDistinctException,
  ConfirmSubscriptionCommand,
  CreateTopicCommand,
  DeleteTopicCommand,
  GetSubscriptionAttributesCommand,
  GetTopicAttributesCommand,
  InvalidParameterException,
  InvalidParameterValueException,
  ListSubscriptionsByTopicCommand,
  ListSubscriptionsCommand,
  ListTopicsCommand,
  NotFoundException,
  PublishBatchCommand,
  PublishCommand,
  SetSubscriptionAttributesCommand,
  SNSClient,
  SubscribeCommand,
  TooManyEntriesInBatchRequestException,
  UnsubscribeCommand,
  type MessageAttributeValue,
} from '@aws-sdk/client-sns';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startSnsEngine, type RunningSnsEngine } from '../../../local/sns/server.ts';
import { sdkConfig } from '../../../lambdas/adapters/sdk-client.ts';
import { SignatureV4 } from '@smithy/signature-v4';
import { NodeSha256 } from '../../../local/sigv4.ts';
import { startWebhookReceiver, type WebhookReceiver } from './webhook-receiver.ts';


let engine: RunningSnsEngine;
let receiver: WebhookReceiver;
let sns: SNSClient;

beforeAll(async () => {
  engine = await startSnsEngine();
  receiver = await startWebhookReceiver();
  sns = new SNSClient(sdkConfig(engine.endpoint, engine.credentials));
});

afterAll(async () => {
  sns.destroy();
  await engine.stop();
  await receiver.close();
});

let topicCount = 0;
async function newTopic(): Promise<string> {
  const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: `topic-${++topicCount}` }));
  return TopicArn!;
}

/** An endpoint on the test receiver that no other test uses, so subscriptions stay apart. */
let endpointCount = 0;
function endpoint(): string {
  return `${receiver.url}/${++endpointCount}`;
}

async function tokenSentTo(url: string): Promise<string> {
  const path = new URL(url).pathname;
  const confirmation = await receiver.waitFor((r) => r.path === path && r.json?.Type === 'SubscriptionConfirmation');
  return confirmation.json!.Token as string;
}

describe('topics', () => {
  test('CreateTopic is idempotent by name and builds the ARN from the credential scope region', async () => {
    const first = await sns.send(new CreateTopicCommand({ Name: 'releases' }));
    const again = await sns.send(new CreateTopicCommand({ Name: 'releases' }));
    expect(first.TopicArn).toBe('arn:aws:sns:us-east-1:000000000000:releases');
    expect(again.TopicArn).toBe(first.TopicArn);

    const frankfurt = new SNSClient({ ...sdkConfig(engine.endpoint, engine.credentials), region: 'eu-central-1' });
    const regional = await frankfurt.send(new CreateTopicCommand({ Name: 'releases' }));
    expect(regional.TopicArn).toBe('arn:aws:sns:eu-central-1:000000000000:releases');
    const listed = await frankfurt.send(new ListTopicsCommand({}));
    expect(listed.Topics).toEqual([{ TopicArn: regional.TopicArn }]);
    frankfurt.destroy();
  });

  test('ListTopics, GetTopicAttributes and DeleteTopic', async () => {
    const arn = await newTopic();
    const { Topics } = await sns.send(new ListTopicsCommand({}));
    expect(Topics).toContainEqual({ TopicArn: arn });
    const { Attributes } = await sns.send(new GetTopicAttributesCommand({ TopicArn: arn }));
    expect(Attributes).toMatchObject({ TopicArn: arn, Owner: '000000000000', SubscriptionsPending: '0' });

    await sns.send(new DeleteTopicCommand({ TopicArn: arn }));
    const after = await sns.send(new ListTopicsCommand({}));
    expect(after.Topics).not.toContainEqual({ TopicArn: arn });
    await expect(sns.send(new GetTopicAttributesCommand({ TopicArn: arn }))).rejects.toBeInstanceOf(NotFoundException);
  });

  test('an invalid topic name is an InvalidParameter', async () => {
    await expect(sns.send(new CreateTopicCommand({ Name: 'no spaces allowed' }))).rejects.toBeInstanceOf(InvalidParameterException);
  });
});

describe('subscriptions', () => {
  test('Subscribe answers "pending confirmation"; confirming with the token makes it a subscription', async () => {
    const topicArn = await newTopic();
    const url = endpoint();
    const subscribed = await sns.send(
      new SubscribeCommand({ TopicArn: topicArn, Protocol: 'http', Endpoint: url, Attributes: { FilterPolicy: '{"countries":["KZ"]}' } }),
    );
    expect(subscribed.SubscriptionArn).toBe('pending confirmation');

    const pending = await sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: topicArn }));
    expect(pending.Subscriptions).toEqual([
      { SubscriptionArn: 'PendingConfirmation', Owner: '000000000000', Protocol: 'http', Endpoint: url, TopicArn: topicArn },
    ]);

    const confirmed = await sns.send(new ConfirmSubscriptionCommand({ TopicArn: topicArn, Token: await tokenSentTo(url) }));
    expect(confirmed.SubscriptionArn).toMatch(new RegExp(`^${topicArn}:[0-9a-f-]{36}$`));

    const { Subscriptions } = await sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: topicArn }));
    expect(Subscriptions?.[0]?.SubscriptionArn).toBe(confirmed.SubscriptionArn);
    const all = await sns.send(new ListSubscriptionsCommand({}));
    expect(all.Subscriptions?.map((s) => s.SubscriptionArn)).toContain(confirmed.SubscriptionArn);

    const { Attributes } = await sns.send(new GetSubscriptionAttributesCommand({ SubscriptionArn: confirmed.SubscriptionArn }));
    expect(Attributes).toMatchObject({
      SubscriptionArn: confirmed.SubscriptionArn,
      TopicArn: topicArn,
      Protocol: 'http',
      Endpoint: url,
      PendingConfirmation: 'false',
      RawMessageDelivery: 'false',
      FilterPolicy: '{"countries":["KZ"]}',
      FilterPolicyScope: 'MessageAttributes',
    });
  });

  test('ReturnSubscriptionArn returns the ARN of a pending subscription', async () => {
    const topicArn = await newTopic();
    const { SubscriptionArn } = await sns.send(
      new SubscribeCommand({ TopicArn: topicArn, Protocol: 'http', Endpoint: endpoint(), ReturnSubscriptionArn: true }),
    );
    expect(SubscriptionArn).toMatch(new RegExp(`^${topicArn}:`));
    const { Attributes } = await sns.send(new GetSubscriptionAttributesCommand({ SubscriptionArn }));
    expect(Attributes?.PendingConfirmation).toBe('true');
  });

  test('Subscribe is idempotent for the same endpoint, and refuses other attributes for it', async () => {
    const topicArn = await newTopic();
    const url = endpoint();
    const first = await sns.send(new SubscribeCommand({ TopicArn: topicArn, Protocol: 'http', Endpoint: url, ReturnSubscriptionArn: true }));
    const again = await sns.send(new SubscribeCommand({ TopicArn: topicArn, Protocol: 'http', Endpoint: url, ReturnSubscriptionArn: true }));
    expect(again.SubscriptionArn).toBe(first.SubscriptionArn);
    await expect(
      sns.send(new SubscribeCommand({ TopicArn: topicArn, Protocol: 'http', Endpoint: url, Attributes: { RawMessageDelivery: 'true' } })),
    ).rejects.toThrow('Invalid parameter: Attributes Reason: Subscription already exists with different attributes');
  });

  test('SetSubscriptionAttributes changes the filter policy and raw delivery', async () => {
    const topicArn = await newTopic();
    const { SubscriptionArn } = await sns.send(
      new SubscribeCommand({ TopicArn: topicArn, Protocol: 'http', Endpoint: endpoint(), ReturnSubscriptionArn: true }),
    );
    await sns.send(new SetSubscriptionAttributesCommand({ SubscriptionArn, AttributeName: 'FilterPolicy', AttributeValue: '{"type":["release.retracted"]}' }));
    await sns.send(new SetSubscriptionAttributesCommand({ SubscriptionArn, AttributeName: 'RawMessageDelivery', AttributeValue: 'TRUE' }));
    const { Attributes } = await sns.send(new GetSubscriptionAttributesCommand({ SubscriptionArn }));
    expect(Attributes).toMatchObject({ FilterPolicy: '{"type":["release.retracted"]}', RawMessageDelivery: 'true' });

    const refused = sns.send(new SetSubscriptionAttributesCommand({ SubscriptionArn, AttributeName: 'FilterPolicy', AttributeValue: '{"type":"x"}' }));
    await expect(refused).rejects.toBeInstanceOf(InvalidParameterException);
    await expect(refused).rejects.toThrow('Invalid parameter: FilterPolicy: "type" must be an object or an array');

    await sns.send(new SetSubscriptionAttributesCommand({ SubscriptionArn, AttributeName: 'FilterPolicy', AttributeValue: '' }));
    const cleared = await sns.send(new GetSubscriptionAttributesCommand({ SubscriptionArn }));
    expect(cleared.Attributes?.FilterPolicy).toBeUndefined();
  });

  test('Subscribe refuses what AWS refuses', async () => {
    const topicArn = await newTopic();
    const invalidPolicy = sns.send(
      new SubscribeCommand({ TopicArn: topicArn, Protocol: 'http', Endpoint: endpoint(), Attributes: { FilterPolicy: '{"countries": [' } }),
    );
    await expect(invalidPolicy).rejects.toBeInstanceOf(InvalidParameterException);
    await expect(invalidPolicy).rejects.toThrow(/^Invalid parameter: Attributes Reason: FilterPolicy: failed to parse JSON/);

    const sixKeys = JSON.stringify({ a: ['1'], b: ['1'], c: ['1'], d: ['1'], e: ['1'], f: ['1'] });
    await expect(
      sns.send(new SubscribeCommand({ TopicArn: topicArn, Protocol: 'http', Endpoint: endpoint(), Attributes: { FilterPolicy: sixKeys } })),
    ).rejects.toThrow('Filter policy can not have more than 5 keys');
    await expect(
      sns.send(new SubscribeCommand({ TopicArn: topicArn, Protocol: 'https', Endpoint: 'http://127.0.0.1:9/x' })),
    ).rejects.toThrow('Invalid parameter: Endpoint must match the specified protocol');
    await expect(
      sns.send(new SubscribeCommand({ TopicArn: topicArn, Protocol: 'sqs', Endpoint: 'arn:aws:sqs:us-east-1:000000000000:q' })),
    ).rejects.toBeInstanceOf(InvalidParameterException);
    await expect(
      sns.send(new SubscribeCommand({ TopicArn: `${topicArn}-missing`, Protocol: 'http', Endpoint: endpoint() })),
    ).rejects.toBeInstanceOf(NotFoundException);
    await expect(sns.send(new ConfirmSubscriptionCommand({ TopicArn: topicArn, Token: 'f00d' }))).rejects.toBeInstanceOf(
      InvalidParameterException,
    );
  });

  test('Unsubscribe removes the subscription and is idempotent', async () => {
    const topicArn = await newTopic();
    const { SubscriptionArn } = await sns.send(
      new SubscribeCommand({ TopicArn: topicArn, Protocol: 'http', Endpoint: endpoint(), ReturnSubscriptionArn: true }),
    );
    await sns.send(new UnsubscribeCommand({ SubscriptionArn }));
    await sns.send(new UnsubscribeCommand({ SubscriptionArn }));
    const { Subscriptions } = await sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: topicArn }));
    expect(Subscriptions).toEqual([]);
    await expect(sns.send(new GetSubscriptionAttributesCommand({ SubscriptionArn }))).rejects.toBeInstanceOf(NotFoundException);
  });

  test('DeleteTopic removes its subscriptions', async () => {
    const topicArn = await newTopic();
    const { SubscriptionArn } = await sns.send(
      new SubscribeCommand({ TopicArn: topicArn, Protocol: 'http', Endpoint: endpoint(), ReturnSubscriptionArn: true }),
    );
    await sns.send(new DeleteTopicCommand({ TopicArn: topicArn }));
    await expect(sns.send(new GetSubscriptionAttributesCommand({ SubscriptionArn }))).rejects.toBeInstanceOf(NotFoundException);
  });
});

describe('publishing', () => {
  const release: Record<string, MessageAttributeValue> = {
    type: { DataType: 'String', StringValue: 'release.published' },
    countries: { DataType: 'String.Array', StringValue: '["KZ","RU","AZ"]' },
    officials: { DataType: 'String.Array', StringValue: '["sahibe-qafarova"]' },
    language: { DataType: 'String', StringValue: 'az' },
  };

  test('Publish returns a MessageId', async () => {
    const topicArn = await newTopic();
    const { MessageId } = await sns.send(new PublishCommand({ TopicArn: topicArn, Message: '{"type":"release.published"}', MessageAttributes: release }));
    expect(MessageId).toMatch(/^[0-9a-f-]{36}$/);
  });

  test('Publish validates like AWS: topic, attributes, size', async () => {
    const topicArn = await newTopic();
    await expect(sns.send(new PublishCommand({ TopicArn: `${topicArn}-missing`, Message: 'x' }))).rejects.toBeInstanceOf(NotFoundException);
    await expect(sns.send(new PublishCommand({ TopicArn: topicArn, Message: '' }))).rejects.toThrow('Invalid parameter: Empty message');

    const eleven = Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`a${i}`, { DataType: 'String', StringValue: 'x' }]));
    await expect(sns.send(new PublishCommand({ TopicArn: topicArn, Message: 'x', MessageAttributes: eleven }))).rejects.toBeInstanceOf(
      InvalidParameterException,
    );
    const ten = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`a${i}`, { DataType: 'String', StringValue: 'x' }]));
    await expect(sns.send(new PublishCommand({ TopicArn: topicArn, Message: 'x', MessageAttributes: ten }))).resolves.toHaveProperty('MessageId');

    await expect(sns.send(new PublishCommand({ TopicArn: topicArn, Message: 'x'.repeat(262_144) }))).resolves.toHaveProperty('MessageId');
    await expect(sns.send(new PublishCommand({ TopicArn: topicArn, Message: 'x'.repeat(262_145) }))).rejects.toThrow(
      'Invalid parameter: Message too long',
    );
    await expect(
      sns.send(new PublishCommand({ TopicArn: topicArn, Message: 'x'.repeat(262_140), MessageAttributes: { abc: { DataType: 'String', StringValue: 'x' } } })),
    ).rejects.toThrow('Invalid parameter: Message too long');

    await expect(
      sns.send(new PublishCommand({ TopicArn: topicArn, Message: 'x', MessageAttributes: { n: { DataType: 'Number', StringValue: 'many' } } })),
    ).rejects.toBeInstanceOf(InvalidParameterValueException);
    await expect(sns.send(new PublishCommand({ TopicArn: topicArn, Message: 'x', Subject: 'two\nlines' }))).rejects.toThrow(
      'Invalid parameter: Subject',
    );
  });

  test('PublishBatch returns one MessageId per entry and refuses bad batches', async () => {
    const topicArn = await newTopic();
    const { Successful, Failed } = await sns.send(
      new PublishBatchCommand({
        TopicArn: topicArn,
        PublishBatchRequestEntries: [
          { Id: 'first', Message: 'one', MessageAttributes: release },
          { Id: 'second', Message: 'two', Subject: 'Second' },
        ],
      }),
    );
    expect(Successful?.map((s) => s.Id)).toEqual(['first', 'second']);
    expect(new Set(Successful?.map((s) => s.MessageId)).size).toBe(2);
    expect(Failed).toEqual([]);

    const entries = Array.from({ length: 11 }, (_, i) => ({ Id: `e${i}`, Message: 'x' }));
    await expect(sns.send(new PublishBatchCommand({ TopicArn: topicArn, PublishBatchRequestEntries: entries }))).rejects.toBeInstanceOf(
      TooManyEntriesInBatchRequestException,
    );
    await expect(
      sns.send(new PublishBatchCommand({ TopicArn: topicArn, PublishBatchRequestEntries: [{ Id: 'a', Message: 'x' }, { Id: 'a', Message: 'y' }] })),
    ).rejects.toBeInstanceOf(BatchEntryIdsNotDistinctException);
  });
});

/** A form POST signed as the SDK signs it, for requests the SDK would not send. */
async function signedPost(body: string): Promise<Response> {
  const url = new URL(engine.endpoint);
  const signer = new SignatureV4({ credentials: engine.credentials, region: 'us-east-1', service: 'sns', sha256: NodeSha256 });
  const request = await signer.sign({
    method: 'POST',
    protocol: 'http:',
    hostname: url.hostname,
    port: Number(url.port),
    path: '/',
    headers: { host: url.host, 'content-type': 'application/x-www-form-urlencoded' },
    body,
  });
  return fetch(engine.endpoint, { method: 'POST', headers: request.headers, body });
}

describe('wire format', () => {
  test('errors come back as AWS ErrorResponse XML with the right status', async () => {
    const response = await signedPost('Action=Publish&Version=2010-03-31&TopicArn=arn%3Aaws%3Asns%3Aus-east-1%3A000000000000%3Anope&Message=x');
    expect(response.status).toBe(404);
    const xml = await response.text();
    expect(xml).toContain('<ErrorResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/">');
    expect(xml).toContain('<Error><Type>Sender</Type><Code>NotFound</Code><Message>Topic does not exist</Message></Error>');
    expect(xml).toMatch(/<RequestId>[0-9a-f-]{36}<\/RequestId><\/ErrorResponse>/);
  });

  test('an unknown action is refused', async () => {
    const response = await signedPost('Action=CreatePlatformApplication&Version=2010-03-31');
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('<Code>InvalidAction</Code>');
  });
});

describe('persistence', () => {
  test('topics and subscriptions survive a restart when a data directory is given', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'sns-engine-'));
    try {
      const first = await startSnsEngine({ dataDir });
      const client = new SNSClient(sdkConfig(first.endpoint, first.credentials));
      const { TopicArn } = await client.send(new CreateTopicCommand({ Name: 'kept' }));
      const url = endpoint();
      await client.send(new SubscribeCommand({ TopicArn, Protocol: 'http', Endpoint: url, Attributes: { FilterPolicy: '{"countries":["KZ"]}' } }));
      const { SubscriptionArn } = await client.send(new ConfirmSubscriptionCommand({ TopicArn, Token: await tokenSentTo(url) }));
      client.destroy();
      await first.stop();

      const second = await startSnsEngine({ dataDir, port: first.port });
      const again = new SNSClient(sdkConfig(second.endpoint, second.credentials));
      expect((await again.send(new ListTopicsCommand({}))).Topics).toEqual([{ TopicArn }]);
      const { Attributes } = await again.send(new GetSubscriptionAttributesCommand({ SubscriptionArn }));
      expect(Attributes).toMatchObject({ PendingConfirmation: 'false', FilterPolicy: '{"countries":["KZ"]}', Endpoint: url });
      again.destroy();
      await second.stop();
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  test('without a data directory a new engine starts empty', async () => {
    const fresh = await startSnsEngine();
    const client = new SNSClient(sdkConfig(fresh.endpoint, fresh.credentials));
    expect((await client.send(new ListTopicsCommand({}))).Topics).toEqual([]);
    client.destroy();
    await fresh.stop();
  });
});
