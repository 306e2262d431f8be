// The archive of a 1,000-release table: releases written as the API writes them, straight into
// the table, in ten batches, which the stream hands to the feeds function as it would any
// writes. A subscriber of `all` and of a country's feed pages back from the subscription
// document to the first release in every format and finds every release exactly once.
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Runtime } from '../../../local/runtime.ts';
import { documentClient } from '../../../lambdas/adapters/dynamodb-client.ts';
import { storedItems } from '../../../lambdas/adapters/release-repository.ts';
import { create } from '../../../lambdas/core/release-lifecycle.ts';
import type { Release } from '../../../lambdas/core/release.ts';
import { validateReleaseInput } from '../../../lambdas/core/validate-release.ts';
import { monotonicFactory } from 'ulid';
import { seedOfficials } from '../../../local/seed-officials.ts';
import { fixtureInput } from '../../support/fixture.ts';
import { api, startTestRuntime } from '../../support/runtime.ts';
import { archiveWalker, expectEveryReleaseOnce } from '../../support/feed-archive-walk.ts';

const COUNT = 1_000;
const ulid = monotonicFactory();
const COUNTRIES = ['KZ', 'RU', 'TR', 'GE'];
let runtime: Runtime;
let walker: ReturnType<typeof archiveWalker>;
const releases: Release[] = [];

async function write(batch: Release[]): Promise<void> {
  const client = runtime.adapters.run(() => documentClient());
  const items = runtime.adapters.run(() => batch.flatMap(storedItems));
  for (let start = 0; start < items.length; start += 25) {
    let pending = items.slice(start, start + 25).map((Item) => ({ PutRequest: { Item } }));
    while (pending.length > 0) {
      const { UnprocessedItems } = await client.send(new BatchWriteCommand({ RequestItems: { [runtime.tableName]: pending } }));
      pending = (UnprocessedItems?.[runtime.tableName] ?? []) as typeof pending;
    }
  }
}

beforeAll(async () => {
  runtime = await startTestRuntime();
  walker = archiveWalker(api(runtime), runtime.url);
  // Partners are not what this is about: their notifications wait.
  runtime.pollers.notify.pause();
  const template = validateReleaseInput(fixtureInput({ url: undefined, officials: [], body: 'The committee met. It agreed the agenda.' }), new Set(seedOfficials.map((o) => o.slug)));
  // One release an hour, from the first of January 2023.
  const start = Date.parse('2023-01-01T00:00:00Z');
  for (let i = 0; i < COUNT; i++) {
    const at = new Date(start + i * 3_600_000);
    releases.push(create({ ...template, title: `Release ${i}`, countries: [COUNTRIES[i % COUNTRIES.length]!], publishedAt: at.toISOString() }, ulid(at.getTime()), at));
  }
  for (let batch = 0; batch < 10; batch++) {
    await write(releases.slice(batch * 100, (batch + 1) * 100));
    await runtime.pollers.feeds.drained();
  }
}, 300_000);
afterAll(() => runtime?.stop());

describe('the archive of a 1,000-release table', () => {
  test('all reaches the first release in RSS, Atom, JSON Feed and HTML, every release exactly once', async () => {
    const ids = releases.map((release) => release.id);
    const atom = await walker.walkXml('/feeds/all.atom');
    // Fifty a page: twenty pages; the subscription document is the last of them.
    expect(atom.pages).toHaveLength(20);
    expect(atom.pages.at(-1)!.ids.at(-1)).toBe(releases[0]!.id);
    expectEveryReleaseOnce(atom, ids);
    expectEveryReleaseOnce(await walker.walkXml('/feeds/all.rss'), ids);
    expectEveryReleaseOnce(await walker.walkJson('/feeds/all.json'), ids);
    expectEveryReleaseOnce(await walker.walkHtml('/feeds/all.html'), ids);
  }, 120_000);

  test('a country\'s feed and its language version reach their first release too', async () => {
    const kz = releases.filter((release) => release.countries.includes('KZ')).map((release) => release.id);
    const walked = await walker.walkXml('/feeds/countries/kz.atom');
    expect(walked.pages).toHaveLength(5);
    expectEveryReleaseOnce(walked, kz);
    expectEveryReleaseOnce(await walker.walkJson('/feeds/az/countries/kz.json'), kz);
  }, 120_000);
});
