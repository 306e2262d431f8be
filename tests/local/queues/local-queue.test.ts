// The local queue and its consumer, as Lambda's SQS event source mapping with
// ReportBatchItemFailures drives a function: batches of at most ten, partial failures kept
// and handed back, a throw retrying the whole batch, and messages kept across a restart.
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { LocalQueue, type QueueHandler } from '../../../local/queues/local-queue.ts';

const ARN = 'arn:aws:sqs:eu-central-1:000000000000:letters';
const queues: LocalQueue[] = [];
afterEach(async () => {
  for (const queue of queues.splice(0)) await queue.close();
});
function newQueue(file?: string): LocalQueue {
  const queue = new LocalQueue({ arn: ARN, retryBaseMs: 10, log: () => undefined, ...(file ? { file } : {}) });
  queues.push(queue);
  return queue;
}

/** A consumer that records every event and answers with what `answer` returns. */
function recording(answer: (event: SQSEvent, call: number) => ReturnType<QueueHandler> = () => undefined) {
  const events: SQSEvent[] = [];
  const waiters: Array<() => void> = [];
  const handler: QueueHandler = (event) => {
    events.push(event);
    for (const wake of waiters.splice(0)) wake();
    return answer(event, events.length);
  };
  const until = async (check: () => boolean, ms = 5_000) => {
    const deadline = Date.now() + ms;
    while (!check()) {
      if (Date.now() > deadline) throw new Error(`timed out after ${events.length} events`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 50);
        waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  };
  const bodies = () => events.flatMap((event) => event.Records.map((record) => record.body));
  return { events, handler, until, bodies };
}

describe('consuming', () => {
  test('a message arrives as a Lambda SQS record and is deleted once the handler returns', async () => {
    const queue = newQueue();
    const consumer = recording();
    queue.consume(consumer.handler);
    const before = Date.now();
    const messageId = queue.send('{"Type":"Notification"}');
    await consumer.until(() => consumer.events.length === 1);
    const [record] = consumer.events[0]!.Records;
    expect(record).toEqual({
      messageId,
      receiptHandle: expect.any(String),
      body: '{"Type":"Notification"}',
      attributes: {
        ApproximateReceiveCount: '1',
        SentTimestamp: expect.any(String),
        SenderId: '000000000000',
        ApproximateFirstReceiveTimestamp: expect.any(String),
      },
      messageAttributes: {},
      md5OfBody: createHash('md5').update('{"Type":"Notification"}').digest('hex'),
      eventSource: 'aws:sqs',
      eventSourceARN: ARN,
      awsRegion: 'eu-central-1',
    });
    expect(Number(record!.attributes.SentTimestamp)).toBeGreaterThanOrEqual(before);
    await queue.idle();
    expect(queue.messages()).toEqual([]);
  });

  test('batches hold at most ten records', async () => {
    const queue = newQueue();
    for (let i = 0; i < 23; i++) queue.send(`letter ${i}`);
    const consumer = recording();
    queue.consume(consumer.handler);
    await consumer.until(() => consumer.bodies().length === 23);
    expect(consumer.events.map((event) => event.Records.length)).toEqual([10, 10, 3]);
    expect(consumer.bodies()).toEqual(Array.from({ length: 23 }, (_, i) => `letter ${i}`));
  });

  test('the records named in batchItemFailures stay and come back, with a higher receive count; the others are deleted', async () => {
    const queue = newQueue();
    const ids = ['a', 'b', 'c'].map((body) => ({ body, id: queue.send(body) }));
    const consumer = recording((event, call): SQSBatchResponse => {
      // The first time, b fails; after that everything succeeds.
      if (call > 1) return { batchItemFailures: [] };
      return { batchItemFailures: event.Records.filter((r) => r.body === 'b').map((r) => ({ itemIdentifier: r.messageId })) };
    });
    queue.consume(consumer.handler);
    await consumer.until(() => consumer.events.length === 2);
    expect(consumer.events[0]!.Records.map((r) => r.body)).toEqual(['a', 'b', 'c']);
    const [again] = consumer.events[1]!.Records;
    expect(again).toMatchObject({ body: 'b', messageId: ids[1]!.id, attributes: { ApproximateReceiveCount: '2' } });
    expect(again!.receiptHandle).not.toBe(consumer.events[0]!.Records[1]!.receiptHandle);
    await queue.idle();
    expect(queue.messages()).toEqual([]);
    expect(queue.stats).toMatchObject({ batches: 2, failures: 1, deleted: 3 });
  });

  test('a handler that throws gets the whole batch again', async () => {
    const queue = newQueue();
    queue.send('one');
    queue.send('two');
    const consumer = recording((_event, call) => {
      if (call === 1) throw new Error('recorder down');
    });
    queue.consume(consumer.handler);
    await consumer.until(() => consumer.events.length === 2);
    expect(consumer.events[1]!.Records.map((r) => [r.body, r.attributes.ApproximateReceiveCount])).toEqual([
      ['one', '2'],
      ['two', '2'],
    ]);
  });

  test('an itemIdentifier that is not in the batch fails the whole batch, as Lambda reads it', async () => {
    const queue = newQueue();
    queue.send('one');
    queue.send('two');
    const consumer = recording((_event, call) => (call === 1 ? { batchItemFailures: [{ itemIdentifier: 'no-such-message' }] } : undefined));
    queue.consume(consumer.handler);
    await consumer.until(() => consumer.events.length === 2);
    expect(consumer.events[1]!.Records.map((r) => r.body)).toEqual(['one', 'two']);
  });
});

describe('durability', () => {
  test('a letter not consumed yet, or handed back, is still there after a restart of the queue', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pressroom-queue-'));
    const file = join(dir, 'queues', 'letters.json');
    try {
      const first = newQueue(file);
      const waiting = first.send('never consumed');
      const failing = recording((event) => ({ batchItemFailures: event.Records.map((r) => ({ itemIdentifier: r.messageId })) }));
      first.consume(failing.handler);
      await failing.until(() => failing.events.length >= 1);
      await first.close();
      const received = failing.events.length;
      expect(first.messages().map((m) => [m.messageId, m.receiveCount])).toEqual([[waiting, received]]);

      const second = newQueue(file);
      expect(second.messages().map((m) => m.body)).toEqual(['never consumed']);
      const consumer = recording();
      second.consume(consumer.handler);
      await consumer.until(() => consumer.events.length === 1);
      expect(consumer.events[0]!.Records[0]).toMatchObject({ messageId: waiting, body: 'never consumed', attributes: { ApproximateReceiveCount: String(received + 1) } });
      await second.idle();
      expect(newQueue(file).messages()).toEqual([]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
