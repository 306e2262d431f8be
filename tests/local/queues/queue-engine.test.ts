// The local SQS on a port, through the unchanged @aws-sdk/client-sqs: what the Lambdas send
// reaches the local queue's consumer as Lambda's SQS records; a delay holds a message back;
// SQS's limits and errors are AWS's; an unsigned or wrongly signed request changes nothing.
import { createHash } from 'node:crypto';
import { GetQueueUrlCommand, QueueDoesNotExist, SendMessageBatchCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { SQSRecord } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { sdkConfig } from '../../../lambdas/adapters/sdk-client.ts';
import { newLocalCredentials } from '../../../local/credentials.ts';
import { LocalQueue } from '../../../local/queues/local-queue.ts';
import { startQueueEngine, type RunningQueueEngine } from '../../../local/queues/server.ts';

const credentials = newLocalCredentials();
const queue = new LocalQueue({ arn: 'arn:aws:sqs:us-east-1:000000000000:jobs', log: () => undefined });
const received: Array<{ record: SQSRecord; at: number }> = [];
let engine: RunningQueueEngine;
let sqs: SQSClient;
let queueUrl: string;

beforeAll(async () => {
  queue.consume((event) => {
    for (const record of event.Records) received.push({ record, at: Date.now() });
  });
  engine = await startQueueEngine({ credentials, queues: [queue] });
  sqs = new SQSClient(sdkConfig(engine.endpoint, credentials));
  queueUrl = engine.urlOf(queue);
});

afterAll(async () => {
  sqs.destroy();
  await engine.stop();
  await queue.close();
});

async function until(check: () => boolean, ms = 5_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const bodies = () => received.map(({ record }) => record.body);

describe('sending', () => {
  test('GetQueueUrl names the queue, and SendMessage puts a message the consumer gets as an SQS record', async () => {
    const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: 'jobs' }));
    expect(QueueUrl).toBe(queueUrl);
    const body = JSON.stringify({ job: 'one', text: 'Азербайджан' });
    const { MessageId, MD5OfMessageBody } = await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: body }));
    expect(MD5OfMessageBody).toBe(createHash('md5').update(body, 'utf8').digest('hex'));
    await until(() => bodies().includes(body));
    const { record } = received.find((entry) => entry.record.body === body)!;
    expect(record.messageId).toBe(MessageId);
    expect(record.eventSourceARN).toBe(queue.arn);
  });

  test('SendMessageBatch sends each entry and answers per entry; DelaySeconds holds an entry back', async () => {
    const sentAt = Date.now();
    const { Successful, Failed } = await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: queueUrl,
        Entries: [
          { Id: 'now', MessageBody: 'batch now' },
          { Id: 'later', MessageBody: 'batch later', DelaySeconds: 1 },
          { Id: 'bad', MessageBody: 'bad \u0000 character' },
        ],
      }),
    );
    expect(Successful?.map((entry) => entry.Id).sort()).toEqual(['later', 'now']);
    expect(Failed).toEqual([expect.objectContaining({ Id: 'bad', Code: 'InvalidMessageContents', SenderFault: true })]);
    await until(() => bodies().includes('batch later'));
    const now = received.find((entry) => entry.record.body === 'batch now')!;
    const later = received.find((entry) => entry.record.body === 'batch later')!;
    expect(now.at - sentAt).toBeLessThan(later.at - sentAt);
    expect(later.at - sentAt).toBeGreaterThanOrEqual(1000);
    expect(bodies()).not.toContain('bad \u0000 character');
  });
});

describe('refusals', () => {
  test("a queue that is not on this machine is SQS's QueueDoesNotExist", async () => {
    await expect(sqs.send(new SendMessageCommand({ QueueUrl: `${engine.endpoint}/000000000000/missing`, MessageBody: 'x' }))).rejects.toBeInstanceOf(
      QueueDoesNotExist,
    );
  });

  test('more than ten entries, repeated ids or a batch over 256 KiB send nothing', async () => {
    const before = queue.stats.sent;
    const entries = (n: number) => Array.from({ length: n }, (_, i) => ({ Id: `e${i}`, MessageBody: `entry ${i}` }));
    await expect(sqs.send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: entries(11) }))).rejects.toThrow(/Maximum number of entries/);
    await expect(
      sqs.send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: [{ Id: 'a', MessageBody: '1' }, { Id: 'a', MessageBody: '2' }] })),
    ).rejects.toThrow(/same Id/);
    const big = 'x'.repeat(130 * 1024);
    await expect(
      sqs.send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: [{ Id: 'a', MessageBody: big }, { Id: 'b', MessageBody: big }] })),
    ).rejects.toThrow(/cannot be longer/);
    expect(queue.stats.sent).toBe(before);
  });

  test('a request signed with other credentials, or not signed, is refused and sends nothing', async () => {
    const before = queue.stats.sent;
    const stranger = new SQSClient(sdkConfig(engine.endpoint, newLocalCredentials()));
    await expect(stranger.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'forged' }))).rejects.toThrow(/refused/);
    stranger.destroy();
    const unsigned = await fetch(engine.endpoint, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-amz-json-1.0', 'X-Amz-Target': 'AmazonSQS.SendMessage' },
      body: JSON.stringify({ QueueUrl: queueUrl, MessageBody: 'unsigned' }),
    });
    expect(unsigned.status).toBe(403);
    expect(queue.stats.sent).toBe(before);
  });
});
