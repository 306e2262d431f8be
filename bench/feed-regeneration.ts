// `npm run bench:feeds`: what one release costs the feeds, with a small and a large archive
// side by side, and how long a posted release takes to show in the feeds of the local runtime.
// Figures go to BENCHMARKS.md ("Feed regeneration"); nothing here is a test assertion.
//
//   BENCH_SIZES=1000,100000   archive sizes compared (the first is the baseline)
//   BENCH_RUNS=40             measured releases per size (after BENCH_WARMUP=5)
//   BENCH_E2E=200             releases posted for the POST → feed measurement
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BatchWriteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { monotonicFactory } from 'ulid';
import { startDynamoDbLocal } from '../local/dynamodb-local.ts';
import { ensureTable, localDynamoClient } from '../local/table.ts';
import { newLocalCredentials } from '../local/credentials.ts';
import type { LocalCredentials } from '../lambdas/adapters/settings.ts';
import { startS3Engine } from '../local/s3-engine.ts';
import { startRuntime } from '../local/runtime.ts';
import { seedOfficials } from '../local/seed-officials.ts';
import { createAdapterContext, observeSdkClients, type AdapterContext } from '../lambdas/adapters/adapter-context.ts';
import { readSiteConfigFile } from '../lib/site-config-file.ts';
import { documentClient } from '../lambdas/adapters/dynamodb-client.ts';
import { createRelease, listFeed, storedItems } from '../lambdas/adapters/release-repository.ts';
import { languageEntryItem } from '../lambdas/adapters/language-feed-entries.ts';
import { languageEntryWrites } from '../lambdas/core/feeds/language-entries.ts';
import { feedKey } from '../lambdas/core/feed-keys.ts';
import { pagesToClose } from '../lambdas/core/feeds/archive.ts';
import { ENTITY, keys } from '../lambdas/adapters/table-layout.ts';
import { create } from '../lambdas/core/release-lifecycle.ts';
import type { Release } from '../lambdas/core/release.ts';
import { validateReleaseInput } from '../lambdas/core/validate-release.ts';
import { handler, rebuildAllFeeds } from '../lambdas/feeds/handler.ts';
import { fixtureInput } from '../tests/support/fixture.ts';
import { command, writeSection } from './support/common.ts';
import { feedWatcher } from './support/feed-watch.ts';

const SIZES = (process.env.BENCH_SIZES ?? '1000,100000').split(',').map(Number);
const RUNS = Number(process.env.BENCH_RUNS ?? 40);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 5);
const E2E = Number(process.env.BENCH_E2E ?? 200);
const COUNTRIES = ['KZ', 'RU', 'AZ', 'TR', 'GE', 'UZ', 'KG', 'TM', 'AM', 'DE'];
const OFFICIALS = seedOfficials.map((o) => o.slug);
const PRESS = 'bench-press-token-0123456789abcdef';
const FEED_SIZE = readSiteConfigFile().config.feedSize;

const ulid = monotonicFactory();
const log = (line: string) => console.log(`[bench] ${line}`);
const elapsed = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6;
const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
};
const ms = (value: number) => `${value.toFixed(1)} ms`;
const template = validateReleaseInput(fixtureInput(), new Set(OFFICIALS));

// A three-language site's archive: the releases take the site's languages in turn.
const LANGUAGES = readSiteConfigFile().config.languages;

/** A release as the API would make it, published at `at`, in the site's i-th language (in turn). */
function release(at: Date, i: number, countries: string[], officials: string[]): Release {
  const language = LANGUAGES[i % LANGUAGES.length]!;
  return create({ ...template, title: `${template.title} (${i})`, language, countries, officials, publishedAt: at.toISOString() }, ulid(at.getTime()), at);
}

/** What the API and then the feeds function write for a new release: its items and its language feeds' entries. */
function seedItems(release: Release): Record<string, unknown>[] {
  return [...storedItems(release), ...languageEntryWrites([{ next: release }], LANGUAGES).puts.map(languageEntryItem)];
}

async function seed(table: string, count: number): Promise<number> {
  for (const official of seedOfficials) {
    await documentClient().send(new PutCommand({ TableName: table, Item: { ...keys.official(official.slug), entity: ENTITY.official, ...official } }));
  }
  // An archive in the past (one release every 30 minutes up to a year ago), spread over ten
  // countries and the officials; the measured releases are newer, as new releases are.
  const end = Date.now() - 365 * 86_400_000;
  // Each feed's index entries in the order written (oldest first), for its archive below.
  const entries = new Map<string, string[]>();
  const items = function* () {
    for (let i = 0; i < count; i++) {
      const at = new Date(end - (count - i) * 1_800_000);
      for (const item of seedItems(release(at, i, [COUNTRIES[i % COUNTRIES.length]!], [OFFICIALS[i % OFFICIALS.length]!]))) {
        if (item.entity === ENTITY.feedEntry) {
          const list = entries.get(String(item.pk)) ?? [];
          list.push(String(item.sk));
          entries.set(String(item.pk), list);
        }
        yield item;
      }
    }
    // The archive the feeds function would have closed as these releases came (its files are
    // written when a change touches a page), and each feed's registration recording it.
    for (const [partition, sortKeys] of entries) {
      const key = partition.slice(keys.feedPartition('').length);
      const pages = pagesToClose(sortKeys, undefined, FEED_SIZE);
      for (const page of pages) yield { ...keys.archivePage(key, page.last), entity: ENTITY.archivePage, ...(page.after === undefined ? {} : { after: page.after }) };
      yield { ...keys.feedRegistration(key), entity: ENTITY.feedRegistration, listed: true, ...(pages.length > 0 ? { archivedThrough: pages.at(-1)!.last } : {}) };
    }
  };
  const source = items();
  let written = 0;
  let nextReport = 50_000;
  const started = Date.now();
  const worker = async () => {
    for (;;) {
      const chunk: Record<string, unknown>[] = [];
      while (chunk.length < 25) {
        const next = source.next();
        if (next.done) break;
        chunk.push(next.value);
      }
      if (chunk.length === 0) return;
      let pending = chunk.map((Item) => ({ PutRequest: { Item } }));
      for (let attempt = 0; pending.length > 0; attempt++) {
        if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, Math.min(50 * 2 ** attempt, 2_000)));
        const { UnprocessedItems } = await documentClient().send(new BatchWriteCommand({ RequestItems: { [table]: pending } }));
        pending = (UnprocessedItems?.[table] ?? []) as typeof pending;
      }
      written += chunk.length;
      if (written >= nextReport) {
        log(`  ${table}: ${written.toLocaleString('en')} items (${Math.round(written / ((Date.now() - started) / 1000))} items/s)`);
        nextReport += 50_000;
      }
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  log(`  ${table}: ${count.toLocaleString('en')} releases, ${written.toLocaleString('en')} items in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  return written;
}

// The requests the handler sends (to DynamoDB and S3), counted while it runs: what it costs in
// requests, which does not depend on the archive whatever the local engines' speed does.
let counting = false;
let requests = 0;
observeSdkClients((client) =>
  (client.middlewareStack as unknown as { add(m: (next: (a: unknown) => Promise<unknown>) => (a: unknown) => Promise<unknown>, o: { step: string; name: string }): void }).add(
    (next) => async (args) => {
      if (counting) requests++;
      return next(args);
    },
    { step: 'initialize', name: 'benchRequestCounter' },
  ),
);

let sequence = 1;
/** One new release through the real write path, then the feeds handler on its stream record. */
async function regenerateOnce(table: string): Promise<{ handler: number; query: number; requests: number }> {
  const fresh = release(new Date(), sequence, ['KZ'], ['maulen-ashimbayev']);
  await createRelease(fresh);
  const event: DynamoDBStreamEvent = {
    Records: [
      {
        eventName: 'INSERT',
        eventSource: 'aws:dynamodb',
        dynamodb: { SequenceNumber: String(sequence++), NewImage: marshall(storedItems(fresh)[0]!, { removeUndefinedValues: true }) as never },
      },
    ],
  };
  requests = 0;
  counting = true;
  const start = process.hrtime.bigint();
  const result = await handler(event).finally(() => {
    counting = false;
  });
  const handlerMs = elapsed(start);
  const sent = requests;
  if (result.batchItemFailures.length > 0) throw new Error(`the feeds handler reported failures on ${table}`);
  const queryStart = process.hrtime.bigint();
  const page = await listFeed('all', 50);
  const queryMs = elapsed(queryStart);
  if (page.items[0]?.id !== fresh.id) throw new Error(`the new release is not first in ${table}'s all feed`);
  const own = await listFeed(feedKey({ kind: 'all', language: fresh.language }), 1);
  if (own.items[0]?.id !== fresh.id) throw new Error(`the new release is not first in ${table}'s ${fresh.language} feed`);
  return { handler: handlerMs, query: queryMs, requests: sent };
}

async function regenerationBenchmark(endpoint: string, credentials: LocalCredentials) {
  const admin = localDynamoClient(endpoint, credentials);
  const s3 = await startS3Engine({ bucket: 'bench-feeds', credentials });
  // One adapter context per table, as a runtime per table would have: the handler and the
  // adapters then write to that table alone.
  const contexts = new Map<string, AdapterContext>();
  const on = <T>(table: string, work: () => Promise<T>): Promise<T> => {
    let context = contexts.get(table);
    if (!context) {
      context = createAdapterContext({
        tableName: table,
        feedsBucket: s3.bucket,
        publicBaseUrl: 'http://127.0.0.1:3000',
        apiBaseUrl: 'http://127.0.0.1:3000',
        endpointPolicy: 'local',
        siteConfig: readSiteConfigFile().json,
        endpoints: { dynamodb: endpoint, s3: s3.endpoint },
        localCredentials: credentials,
      });
      contexts.set(table, context);
    }
    return context.run(work);
  };
  const tables = SIZES.map((size) => ({ size, table: `bench-${size}` }));
  const seeded = new Map<string, number>();
  try {
    for (const { size, table } of tables) {
      await ensureTable(admin, table);
      log(`seeding ${table} with ${size.toLocaleString('en')} releases`);
      seeded.set(table, await on(table, () => seed(table, size)));
      await on(table, () => rebuildAllFeeds());
    }
    const samples = new Map(tables.map(({ table }) => [table, { handler: [] as number[], query: [] as number[], requests: [] as number[] }]));
    log(`measuring: ${WARMUP} warm-up and ${RUNS} measured releases per table, interleaved`);
    for (let run = 0; run < WARMUP + RUNS; run++) {
      for (const { table } of run % 2 === 0 ? tables : [...tables].reverse()) {
        const sample = await on(table, () => regenerateOnce(table));
        if (run < WARMUP) continue;
        samples.get(table)!.handler.push(sample.handler);
        samples.get(table)!.query.push(sample.query);
        samples.get(table)!.requests.push(sample.requests);
      }
    }
    return tables.map(({ size, table }) => {
      const { handler: h, query: q, requests: r } = samples.get(table)!;
      return { size, items: seeded.get(table)!, median: quantile(h, 0.5), p95: quantile(h, 0.95), queryMedian: quantile(q, 0.5), requests: quantile(r, 0.5) };
    });
  } finally {
    for (const context of contexts.values()) context.destroy();
    admin.destroy();
    await s3.stop();
  }
}

// Its own DynamoDB Local, as `npm start` has: DynamoDB Local keeps the stream records of all
// tables together, and reading one table's stream slows down next to 400,000 seeded records.
async function postToFeedBenchmark() {
  const runtime = await startRuntime({ port: 0, tableName: 'bench-e2e', pressToken: PRESS, log: () => undefined });
  const latencies: number[] = [];
  const shows = feedWatcher(runtime.url);
  try {
    log(`posting ${E2E} releases to the local runtime, polling their feeds every 10 ms`);
    for (let i = 0; i < E2E; i++) {
      const country = COUNTRIES[i % 4]!;
      const start = process.hrtime.bigint();
      const response = await fetch(`${runtime.url}/v1/releases`, {
        method: 'POST',
        headers: { authorization: `Bearer ${PRESS}`, 'content-type': 'application/json' },
        body: JSON.stringify(fixtureInput({ title: `Bench release ${i}`, countries: [country], publishedAt: undefined })),
      });
      if (response.status !== 201) throw new Error(`POST answered ${response.status}`);
      const { id } = (await response.json()) as { id: string };
      const waiting = new Set(['/feeds/all.json', `/feeds/countries/${country.toLowerCase()}.json`]);
      for (;;) {
        for (const path of [...waiting]) if (await shows(path, id)) waiting.delete(path);
        if (waiting.size === 0) break;
        if (elapsed(start) > 30_000) throw new Error(`release ${id} did not reach its feeds in 30 s`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      latencies.push(elapsed(start));
      if ((i + 1) % 50 === 0) log(`  ${i + 1} releases, p50 so far ${ms(quantile(latencies, 0.5))}`);
    }
    return { n: latencies.length, p50: quantile(latencies, 0.5), p95: quantile(latencies, 0.95), max: Math.max(...latencies) };
  } finally {
    await runtime.stop();
  }
}

type E2e = Awaited<ReturnType<typeof postToFeedBenchmark>>;
type Regeneration = Awaited<ReturnType<typeof regenerationBenchmark>>;

/**
 * Each part runs in a process of its own, as each would on its own machine: the adapters keep
 * one DynamoDB client per process, and the runtime and the seeded tables use different engines.
 */
async function inChild<T>(part: 'e2e' | 'regeneration'): Promise<T> {
  const out = join(mkdtempSync(join(tmpdir(), 'pressroom-bench-')), `${part}.json`);
  const child = spawn(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), part, out], { stdio: 'inherit' });
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  if (code !== 0) throw new Error(`the ${part} benchmark failed (exit ${code})`);
  return JSON.parse(readFileSync(out, 'utf8')) as T;
}

const [part, out] = process.argv.slice(2);
if (part === 'e2e') {
  const e2e = await postToFeedBenchmark();
  log(`POST → feed: p50 ${ms(e2e.p50)}, p95 ${ms(e2e.p95)}, max ${ms(e2e.max)} over ${e2e.n} releases`);
  writeFileSync(out!, JSON.stringify(e2e));
  process.exit(0);
} else if (part === 'regeneration') {
  const credentials = newLocalCredentials();
  const dynamo = await startDynamoDbLocal({ credentials });
  try {
    const regeneration = await regenerationBenchmark(dynamo.endpoint, credentials);
    for (const r of regeneration) log(`${r.size.toLocaleString('en')} releases: handler median ${ms(r.median)}, p95 ${ms(r.p95)}, ${r.requests} requests; all (50) ${ms(r.queryMedian)}`);
    writeFileSync(out!, JSON.stringify(regeneration));
  } finally {
    await dynamo.stop();
  }
  process.exit(0);
}

const e2e = await inChild<E2e>('e2e');
const regeneration = await inChild<Regeneration>('regeneration');
const base = regeneration[0]!;
const largest = regeneration.at(-1)!;
const ratio = largest.median / base.median;
const section = `## Feed regeneration

\`${command('npm run bench:feeds')}\` (bench/feed-regeneration.ts) — ${new Date().toISOString().slice(0, 10)}, ${availableParallelism()} CPUs (${cpus()[0]?.model.trim() ?? 'unknown'}), Node ${process.version}, DynamoDB Local 3.3 (in memory) and the fauxqs S3 engine on the same machine.

**Regeneration per release** — the feeds handler on the stream record of one new release (KZ,
Maulen Ashimbayev, in the site's languages in turn): its language feeds' entries written, its page
rendered and written, registry and officials Queries, then for each of its 6 feeds (3 of every language, the same 3 in its own)
one Query + one BatchGet for the newest 50, render RSS/Atom/JSON/HTML, 4 HeadObject, PutObject for
what changed. The tables are seeded with BatchWriteItem with the items the repository and the feeds
function write (release + index entries + its language's entries; 10 countries, 3 officials, the
${LANGUAGES.length} languages in turn); ${RUNS} measured releases per table (after ${WARMUP} warm-up), interleaved.

| releases in the table | handler median | handler p95 | Query + BatchGet of \`all\` (50), median |
| ---: | ---: | ---: | ---: |
${regeneration.map((r) => `| ${r.size.toLocaleString('en')} | ${ms(r.median)} | ${ms(r.p95)} | ${ms(r.queryMedian)} |`).join('\n')}

Ratio ${largest.size.toLocaleString('en')} / ${base.size.toLocaleString('en')} (medians): **${ratio.toFixed(2)}** (goal ≤ 1.2). Every request
the handler makes is bounded by the page (Query with Limit 51, BatchGet of 50, the touched
feeds' files), never by the archive; a Query with Limit 51 on DynamoDB Local took the same time
on a 1,000-item and a 30,000-item partition. What growth remains in the last column is DynamoDB
Local's own (its item lookups with 400,000 items in its JVM heap).

**POST → feed shows the release** on the local runtime (\`startRuntime\` with its own DynamoDB
Local, stream polled every 100 ms when idle): time from sending POST /v1/releases until both
/feeds/all.json and the release's country feed list it, polled every 10 ms with If-None-Match;
${e2e.n} releases, one at a time.

| releases | p50 | p95 | max |
| ---: | ---: | ---: | ---: |
| ${e2e.n} | ${ms(e2e.p50)} | ${ms(e2e.p95)} | ${ms(e2e.max)} |

Goal p95 ≤ 1.5 s: ${e2e.p95 <= 1_500 ? 'met' : '**missed**'}.
`;
writeSection('Feed regeneration', section);
console.log(`\n${section}`);
