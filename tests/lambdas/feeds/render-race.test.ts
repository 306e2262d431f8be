// Two feeds invocations racing on one feed, on the real engines: DynamoDB in AWS splits a
// busy stream into shards and Lambda runs one invocation per shard (more with a
// ParallelizationFactor), so the one that read the table first may write last. Here the
// earlier reader's connection to the object store is held (a slow network, nothing mocked)
// while a newer release goes through the runtime's own stream consumer; then it is let go.
// And a burst of releases through a poller with ParallelizationFactor 8 is rendered a few
// times, not once per concurrent batch.
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { handler } from '../../../lambdas/feeds/handler.ts';
import { createAdapterContext } from '../../../lambdas/adapters/adapter-context.ts';
import { readRenderLease } from '../../../lambdas/adapters/render-leases.ts';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '../../../lambdas/adapters/dynamodb-client.ts';
import { ENTITY, keys } from '../../../lambdas/adapters/table-layout.ts';
import type { Runtime } from '../../../local/runtime.ts';
import { allFeedIds, until } from '../../faults/support.ts';
import { fixtureInput } from '../../support/fixture.ts';
import { startGatedProxy, type GatedProxy } from '../../support/gated-proxy.ts';
import { api, PRESS_TOKEN, startTestRuntime, type Api } from '../../support/runtime.ts';
import { wholeStream } from '../../support/stream.ts';

let runtime: Runtime;
let call: Api;
let proxy: GatedProxy;

beforeAll(async () => {
  runtime = await startTestRuntime({ streams: { parallelization: 8 } });
  call = api(runtime);
  proxy = await startGatedProxy(runtime.settings.endpoints.s3!);
});
afterAll(async () => {
  await proxy?.stop();
  await runtime?.stop();
});

let minute = 0;
async function post(title: string): Promise<string> {
  // Distinct instants, newest last, so all.json's order is known.
  const publishedAt = new Date(Date.UTC(2024, 0, 1, 9, minute++)).toISOString();
  const response = await call('/v1/releases', { method: 'POST', token: PRESS_TOKEN, json: fixtureInput({ title, publishedAt }) });
  expect(response.status).toBe(201);
  return ((await response.json()) as { id: string }).id;
}

const lease = (document: string) => runtime.adapters.run(() => readRenderLease(document));

test('the invocation that read the table first and writes last does not leave the older feed', async () => {
  const first = await post('Read by the slow invocation');
  await runtime.settled();
  const wishesBefore = (await lease('all'))?.touches ?? 0;

  // The slow invocation: the first release's stream records again (as a retried batch or
  // another shard would bring them), with its object store connection held.
  const records = (await wholeStream(runtime)).filter((r) => r.dynamodb?.NewImage?.entity?.S === ENTITY.release);
  const event: DynamoDBStreamEvent = { Records: records };
  const slow = createAdapterContext({ ...runtime.settings, endpoints: { ...runtime.settings.endpoints, s3: proxy.url } });
  proxy.hold();
  try {
    const slowRun = slow.invoke('feeds', () => handler(event));
    // It has read the table and rendered `all` without the second release, and is writing.
    await proxy.holding();
    const second = await post('Committed while the slow one writes');
    // The stream consumer has rendered the second release, or (with the lease) is waiting for
    // the slow invocation's render.
    await Promise.race([runtime.settled(), until(async () => ((await lease('all'))?.touches ?? 0) >= wishesBefore + 2, 'a wish for all')]);
    proxy.release();
    expect(await slowRun).toEqual({ batchItemFailures: [] });
    await runtime.settled();
    expect((await allFeedIds(runtime))?.slice(0, 2)).toEqual([second, first]);
  } finally {
    proxy.release();
    slow.destroy();
  }
});

test('a burst of releases is rendered a few times, not once per concurrent batch, and all of it lands', async () => {
  const before = (await lease('all'))?.renders ?? 0;
  const BURST = 24;
  runtime.pollers.feeds.pause();
  const ids: string[] = [];
  try {
    for (let i = 0; i < BURST; i++) ids.push(await post(`Burst ${i + 1}`));
  } finally {
    runtime.pollers.feeds.resume();
  }
  await runtime.settled();
  const after = await lease('all');
  const renders = after!.renders - before;
  expect(renders).toBeGreaterThan(0);
  // Up to 8 concurrent batches touched `all` at once; one rendered, the others waited for it.
  // Each batch writes its releases' pages first, so batches reach `all` more spread out than
  // they did: fewer than one render per three releases, where one per release is the failure.
  expect(renders).toBeLessThan(BURST / 3);
  const listed = await allFeedIds(runtime);
  expect(listed?.slice(0, BURST)).toEqual(ids.toReversed());
  // Twenty-four posts and their stream batches: on a busy machine more than the default 30 s.
}, 120_000);

test('a holder that died with the lease does not leave the feed stale: the next invocation waits out the lease and renders', async () => {
  // What an invocation that crashed (or timed out) while rendering leaves behind: the lease held
  // by it, for a little longer.
  await runtime.adapters.run(() =>
    documentClient().send(
      new UpdateCommand({
        TableName: runtime.tableName,
        Key: keys.renderLease('all'),
        UpdateExpression: 'SET holder = :dead, leaseUntil = :until ADD touches :one',
        ExpressionAttributeValues: { ':dead': 'crashed-invocation', ':until': Date.now() + 2_000, ':one': 1 },
      }),
    ),
  );
  const id = await post('After a crashed holder');
  await runtime.settled();
  expect((await allFeedIds(runtime))?.[0]).toBe(id);
  const after = await lease('all');
  expect(after?.holder).toBeUndefined();
  expect(after!.rendered).toBe(after!.touches);
});

test('a release retracted while another invocation renders: the holder renders again without it, dated by the retraction', async () => {
  const kept = await post('Kept in the feed');
  const retracted = await post('Retracted while all is being rendered');
  await runtime.settled();
  const records = (await wholeStream(runtime)).filter((r) => r.dynamodb?.NewImage?.entity?.S === ENTITY.release);
  const slow = createAdapterContext({ ...runtime.settings, endpoints: { ...runtime.settings.endpoints, s3: proxy.url } });
  proxy.hold();
  try {
    const slowRun = slow.invoke('feeds', () => handler({ Records: records }));
    // It holds the lease of `all` and has rendered it with both releases.
    await proxy.holding();
    const retractedFrom = new Date();
    expect((await call(`/v1/releases/${retracted}`, { method: 'DELETE', token: PRESS_TOKEN })).status).toBe(200);
    // The consumer that took the retraction found `all` being rendered and left its removal with the lease.
    await until(async () => ((await lease('all'))?.removals.length ?? 0) > 0, 'a removal left with the lease of all');
    proxy.release();
    expect(await slowRun).toEqual({ batchItemFailures: [] });
    await runtime.settled();
    const ids = await allFeedIds(runtime);
    expect(ids).toContain(kept);
    expect(ids).not.toContain(retracted);
    // Every item is from 2024: nothing but the retraction can date the feed at or after it.
    const atom = await (await fetch(`${runtime.url}/feeds/all.atom`)).text();
    const updated = /<feed[\s\S]*?<updated>([^<]+)<\/updated>/.exec(atom)?.[1];
    expect(new Date(updated!).getTime()).toBeGreaterThanOrEqual(retractedFrom.getTime() - 1000);
    expect((await lease('all'))?.removals).toEqual([]);
  } finally {
    proxy.release();
    slow.destroy();
  }
});
