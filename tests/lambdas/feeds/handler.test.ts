// The feeds handler invoked directly with Lambda-shaped stream batches, on the real engines
// of a local runtime: which records it reports when feeds cannot be written.
import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { handler } from '../../../lambdas/feeds/handler.ts';
import { ENTITY, keys } from '../../../lambdas/adapters/table-layout.ts';
import type { Runtime } from '../../../local/runtime.ts';
import { createAdapterContext } from '../../../lambdas/adapters/adapter-context.ts';
import type { AdapterSettings } from '../../../lambdas/adapters/settings.ts';
import { fixtureInput } from '../../support/fixture.ts';
import { api, PRESS_TOKEN, startTestRuntime } from '../../support/runtime.ts';

let runtime: Runtime;
let release: Record<string, unknown>;

beforeAll(async () => {
  runtime = await startTestRuntime();
  release = await (await api(runtime)('/v1/releases', { method: 'POST', token: PRESS_TOKEN, json: fixtureInput() })).json();
  await runtime.settled();
});
afterAll(() => runtime?.stop());

function record(sequenceNumber: string, item: Record<string, unknown>, old?: Record<string, unknown>): DynamoDBRecord {
  return {
    eventName: old ? 'MODIFY' : 'INSERT',
    eventSource: 'aws:dynamodb',
    dynamodb: {
      SequenceNumber: sequenceNumber,
      NewImage: marshall(item, { removeUndefinedValues: true }) as never,
      ...(old ? { OldImage: marshall(old, { removeUndefinedValues: true }) as never } : {}),
      StreamViewType: 'NEW_AND_OLD_IMAGES',
    },
  };
}

const releaseItem = (r: Record<string, unknown>) => ({ ...keys.release(String(r.id)), entity: ENTITY.release, ...r });

const batch = (): DynamoDBStreamEvent => ({
  Records: [
    record('100', releaseItem(release)),
    record('101', { ...keys.feedEntry('all', String(release.publishedAt), String(release.id)), entity: ENTITY.feedEntry, releaseId: release.id }),
    record('102', releaseItem({ ...release, version: 2, countries: ['TR'] }), releaseItem(release)),
    record('103', { ...keys.token('abc'), entity: ENTITY.token }),
  ],
});

test('a batch whose feeds are all written reports nothing', async () => {
  expect(await invoke(batch())).toEqual({ batchItemFailures: [] });
});

test('a batch with nothing but other items renders nothing and reports nothing', async () => {
  const only = batch();
  only.Records = [only.Records[1]!, only.Records[3]!];
  expect(await invoke(only)).toEqual({ batchItemFailures: [] });
});

test('when the feeds cannot be written, every release record that touched them is reported, and nothing else', async () => {
  await withSettings({ feedsBucket: 'no-such-bucket' }, async () => {
    const result = await handler(batch());
    expect(result.batchItemFailures.map((f) => f.itemIdentifier).sort()).toEqual(['100', '102']);
  });
});

test('when the table cannot be written (the language entries come first), the whole batch is reported', async () => {
  await withSettings({ tableName: 'no-such-table' }, async () => {
    const result = await handler(batch());
    expect(result.batchItemFailures.map((f) => f.itemIdentifier).sort()).toEqual(['100', '101', '102', '103']);
  });
});

test('a changed official re-renders every feed, and is retried with the rest when they fail', async () => {
  const official = { ...keys.official('maulen-ashimbayev'), entity: ENTITY.official, slug: 'maulen-ashimbayev', names: { az: 'Maulen Aşimbayev' }, role: {}, country: 'KZ' };
  const event: DynamoDBStreamEvent = { Records: [record('200', official, official), record('201', { ...keys.token('abc'), entity: ENTITY.token })] };
  expect(await invoke(event)).toEqual({ batchItemFailures: [] });
  await withSettings({ feedsBucket: 'no-such-bucket' }, async () => {
    expect(await handler(event)).toEqual({ batchItemFailures: [{ itemIdentifier: '200' }] });
  });
});

/** The handler as the runtime invokes it: inside the runtime's adapter context. */
const invoke = (event: DynamoDBStreamEvent) => runtime.adapters.run(() => handler(event));

/** Runs `run` with settings pointing somewhere broken, as a misconfigured or failing dependency would. */
async function withSettings(broken: Partial<AdapterSettings>, run: () => Promise<void>): Promise<void> {
  const context = createAdapterContext({ ...runtime.settings, ...broken });
  try {
    await context.run(run);
  } finally {
    context.destroy();
  }
}
