// The SNS engine checks the address it connects to at every delivery, not only what the API
// checked at subscribe time: a host that now resolves to an address we do not deliver to gets
// nothing, and the refusal counts as a failed attempt.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { networkInterfaces } from 'node:os';
import { CreateTopicCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startSnsEngine, type RunningSnsEngine } from '../../../local/sns/server.ts';
import type { DeliveryOutcome } from '../../../local/sns/http-delivery.ts';
import { sdkConfig } from '../../../lambdas/adapters/sdk-client.ts';

// An address of this machine that is not loopback: a receiver on every interface answers on it.
const nonLoopback = Object.values(networkInterfaces())
  .flat()
  .find((entry) => entry && entry.family === 'IPv4' && !entry.internal)?.address;

let engine: RunningSnsEngine;
let sns: SNSClient;
let receiver: Server;
const received: string[] = [];
const logged: string[] = [];

beforeAll(async () => {
  engine = await startSnsEngine({ delivery: { retry: { maxAttempts: 1 }, timeoutMs: 3_000, log: (line) => logged.push(line) } });
  sns = new SNSClient(sdkConfig(engine.endpoint, engine.credentials));
  receiver = createServer((req, res) => {
    received.push(req.headers['x-amz-sns-message-type'] as string);
    req.resume();
    res.end();
  });
  await new Promise<void>((resolve) => receiver.listen(0, '0.0.0.0', resolve));
});

afterAll(async () => {
  sns?.destroy();
  await engine?.stop();
  await new Promise((resolve) => receiver?.close(resolve));
});

async function subscribe(endpoint: string): Promise<DeliveryOutcome> {
  const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: `address-${received.length}-${logged.length}-${Date.now()}` }));
  const outcome = new Promise<DeliveryOutcome>((resolve) => {
    const settle = (o: DeliveryOutcome) => {
      if (o.request.endpoint !== endpoint) return;
      engine.deliveries.off('delivered', settle).off('failed', settle);
      resolve(o);
    };
    engine.deliveries.on('delivered', settle).on('failed', settle);
  });
  await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'http', Endpoint: endpoint }));
  return outcome;
}

test('plain http to a host name that resolves to loopback is delivered', async () => {
  const { port } = receiver.address() as AddressInfo;
  const outcome = await subscribe(`http://localhost:${port}/`);
  expect(outcome.delivered).toBe(true);
  expect(received).toEqual(['SubscriptionConfirmation']);
});

test.skipIf(!nonLoopback)('plain http to an address that is not loopback is refused without connecting', async () => {
  received.length = 0;
  const { port } = receiver.address() as AddressInfo;
  const endpoint = `http://${nonLoopback}:${port}/`;
  const outcome = await subscribe(endpoint);
  expect(outcome.delivered).toBe(false);
  expect(outcome.attempts).toBe(1);
  expect(outcome.error).toMatch(/^refused: /);
  expect(received).toEqual([]);
  expect(logged.some((line) => line.includes(endpoint) && line.includes('refused'))).toBe(true);
});
