// Helpers shared by the fault tests: bounded waits, partners (the example receiver and a
// misbehaving one), subscriptions, and reading what the table and the feeds hold.
import { SITE } from '../support/site.ts';
import { createServer, type ServerResponse } from 'node:http';
import { expect } from 'vitest';
import type { Runtime } from '../../local/runtime.ts';
import { logger } from '../../lambdas/logger.ts';
import { releaseIdFromEntryId } from '../../lambdas/core/feeds/entry-id.ts';
import { startWebhookReceiver, type ReceiverOptions, type RunningReceiver } from '../../examples/webhook-receiver/receiver.ts';
import { ADMIN_TOKEN, api, tableItems } from '../support/runtime.ts';

// The handlers log every failure they report, and these tests cause hundreds on purpose.
logger.setLogLevel('CRITICAL');

/** Polls `check` until it returns something truthy; no timing is asserted, the bound only stops a hang. */
export async function until<T>(check: () => T | undefined | false | Promise<T | undefined | false>, what: string, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Everything written so far has gone through both stream consumers and the SNS engine. */
export async function quiesce(runtime: Runtime): Promise<void> {
  await runtime.settled();
  await runtime.engines.sns.deliveries.idle();
  await runtime.settled();
}

/** The example receiver, confirmed on a subscription with the given filter. */
export async function subscribedPartner(
  runtime: Runtime,
  filter: Record<string, unknown> = {},
  onNotification?: ReceiverOptions['onNotification'],
): Promise<RunningReceiver> {
  const partner = await startWebhookReceiver({ topicArn: runtime.topicArn, log: () => undefined, allowLocalCertificates: true, ...(onNotification ? { onNotification } : {}) });
  try {
    await subscribe(runtime, partner.url, filter);
    await until(() => partner.confirmed, 'the partner to confirm its subscription');
    return partner;
  } catch (error) {
    await partner.stop();
    throw error;
  }
}

export async function subscribe(runtime: Runtime, endpoint: string, filter: Record<string, unknown> = {}): Promise<void> {
  const response = await api(runtime)('/v1/subscriptions', { method: 'POST', token: ADMIN_TOKEN, json: { endpoint, ...filter } });
  expect(response.status).toBe(201);
}

/** How many times the partner was told of each `<id> v<version> <type>`. */
export function notificationCounts(partner: RunningReceiver): Map<string, number> {
  const counts = new Map<string, number>();
  for (const { event } of partner.notifications) {
    const key = `${String(event.release.id)} v${String(event.release.version)} ${event.type}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

/** The release items of the runtime's table (a Scan: tests only). */
export async function storedReleases(runtime: Runtime): Promise<Array<{ id: string; title: string; version: number; status: string }>> {
  const items = await tableItems(runtime);
  return items
    .filter((item) => item.entity === 'release')
    .map((item) => ({ id: String(item.id), title: String(item.title), version: Number(item.version), status: String(item.status) }));
}

/** GET /v1/releases, every page: what the feed index entries list, newest first. */
export async function listedIds(runtime: Runtime): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | null = null;
  do {
    const response = await api(runtime)(`/v1/releases?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    expect(response.status).toBe(200);
    const page = await response.json();
    ids.push(...page.items.map((item: { id: string }) => item.id));
    cursor = page.nextCursor;
  } while (cursor);
  return ids;
}

/** The ids in /feeds/all.json, in order; undefined until the feed exists. */
export async function allFeedIds(runtime: Runtime): Promise<string[] | undefined> {
  const response = await fetch(`${runtime.url}/feeds/all.json`);
  if (response.status !== 200) return undefined;
  const feed = (await response.json()) as { items: Array<{ id: string }> };
  return feed.items.map((item) => releaseIdFromEntryId(SITE, item.id) ?? item.id);
}

export interface MisbehavingPartner {
  url: string;
  /** Arrival times (ms, performance.now()) of each notification attempt, by SNS MessageId. */
  attempts: Map<string, number[]>;
  /** Notifications answered 200, by MessageId. */
  delivered: Map<string, number>;
  confirmed: boolean;
  stop(): Promise<void>;
}

/**
 * A partner whose first `failures` attempts at each notification fail: answered 500, or left
 * without an answer (`hang`) so the delivery times out. Later attempts are answered 200. It
 * confirms its subscription like any partner; signatures are the example receiver's business.
 */
export async function startMisbehavingPartner(mode: '500' | 'hang', failures: number): Promise<MisbehavingPartner> {
  const hanging = new Set<ServerResponse>();
  const state: MisbehavingPartner = { url: '', attempts: new Map(), delivered: new Map(), confirmed: false, stop: async () => undefined };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      void (async () => {
        const envelope = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { Type: string; MessageId: string; SubscribeURL?: string };
        if (envelope.Type === 'SubscriptionConfirmation' && envelope.SubscribeURL) {
          state.confirmed = (await fetch(envelope.SubscribeURL)).ok;
          res.writeHead(200).end();
          return;
        }
        const seen = state.attempts.get(envelope.MessageId) ?? [];
        seen.push(performance.now());
        state.attempts.set(envelope.MessageId, seen);
        if (seen.length <= failures) {
          if (mode === '500') res.writeHead(500).end();
          else hanging.add(res);
          return;
        }
        state.delivered.set(envelope.MessageId, (state.delivered.get(envelope.MessageId) ?? 0) + 1);
        res.writeHead(200).end();
      })().catch(() => {
        if (!res.headersSent) res.writeHead(500).end();
      });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  state.url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/`;
  state.stop = () =>
    new Promise<void>((resolve) => {
      for (const res of hanging) res.destroy();
      server.close(() => resolve());
      server.closeAllConnections();
    });
  return state;
}
