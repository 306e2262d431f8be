// Feed burst: 1,000 releases posted at the API's saturation rate on the local runtime (the
// runtime `npm start` runs, in a process of its own), over four countries and three officials.
// Measured: how many times the `all` feed was rendered per release (the Queries of its
// partition, counted in the runtime), the time from the last 201 until every touched feed shows
// its final items, and the ingest rate with the stream consumers running against the same burst
// with them paused — alternated in one run. Figures go to BENCHMARKS.md ("Feed burst"); nothing
// here is a test assertion.
//
//   BENCH_BURST=1000          releases per burst
//   BENCH_BURST_CLIENTS=32    requests in flight (the rate they reach is the saturation rate)
//   BENCH_BURST_REPS=3        bursts of each kind, alternated (after one of each not counted)
import { readFileSync } from 'node:fs';
import { feedPath, feedsOf, type FeedRef } from '../lambdas/core/feed-keys.ts';
import { PRESS, benchInput, command, log, machine, machineLoad, median, met, sleep, writeSection } from './support/common.ts';
import { startRuntimeProcess, type RuntimeProcess } from './support/runtime-process.ts';

const RELEASES = Number(process.env.BENCH_BURST ?? 1000);
const CLIENTS = Number(process.env.BENCH_BURST_CLIENTS ?? 32);
const REPS = Number(process.env.BENCH_BURST_REPS ?? 3);
const COUNTRIES = ['KZ', 'RU', 'AZ', 'TR'];
const OFFICIALS = ['maulen-ashimbayev', 'sahibe-qafarova', 'ilham-aliyev'];
const FEED_SIZE = (JSON.parse(readFileSync(new URL('../pressroom.config.json', import.meta.url), 'utf8')) as { feedSize: number }).feedSize;
const FINAL_WITHIN_MS = 120_000;
const POLL_MS = 50;

interface Posted {
  id: string;
  publishedAt: string;
  feeds: FeedRef[];
}

/** Every release posted, for what each feed must finally list. */
const posted: Posted[] = [];

function inputOf(i: number) {
  return benchInput({
    title: `Burst release ${i}`,
    countries: [COUNTRIES[i % COUNTRIES.length]!, COUNTRIES[(i + 1) % COUNTRIES.length]!],
    officials: [OFFICIALS[i % OFFICIALS.length]!],
  });
}

/** Posts `count` releases with CLIENTS in flight; the rate and when the last 201 came. */
async function burst(runtime: RuntimeProcess, count: number): Promise<{ perSecond: number; lastCreated: number }> {
  let next = 0;
  let failed = 0;
  const started = performance.now();
  let lastCreated = started;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      const response = await fetch(`${runtime.url}/v1/releases`, {
        method: 'POST',
        headers: { authorization: `Bearer ${PRESS}`, 'content-type': 'application/json' },
        body: JSON.stringify(inputOf(posted.length + i)),
      });
      if (response.status !== 201) {
        failed++;
        await response.arrayBuffer();
        continue;
      }
      const release = (await response.json()) as Posted & { countries: string[]; officials: string[]; status: 'published' };
      posted.push({ id: release.id, publishedAt: release.publishedAt, feeds: feedsOf(release) });
      lastCreated = performance.now();
    }
  };
  await Promise.all(Array.from({ length: CLIENTS }, worker));
  if (failed > 0) throw new Error(`${failed} of ${count} POSTs were not 201`);
  return { perSecond: count / ((lastCreated - started) / 1000), lastCreated };
}

/** The ids each touched feed must list once every change is rendered: its newest FEED_SIZE, as the feed index sorts. */
function expectedFeeds(): Map<string, string[]> {
  const byFeed = new Map<string, Posted[]>();
  for (const release of posted) {
    for (const feed of release.feeds) {
      const path = feedPath(feed);
      byFeed.set(path, [...(byFeed.get(path) ?? []), release]);
    }
  }
  const newestFirst = (a: Posted, b: Posted) => (a.publishedAt === b.publishedAt ? (a.id < b.id ? 1 : -1) : a.publishedAt < b.publishedAt ? 1 : -1);
  return new Map([...byFeed].map(([path, releases]) => [path, releases.sort(newestFirst).slice(0, FEED_SIZE).map((r) => r.id)]));
}

/** Polls every touched feed's JSON Feed (conditionally, as a reader does) until each lists what it must; ms after `from`. */
async function untilFinal(runtime: RuntimeProcess, from: number): Promise<number> {
  const expected = expectedFeeds();
  const etags = new Map<string, string>();
  const pending = new Set(expected.keys());
  for (const by = performance.now() + FINAL_WITHIN_MS; pending.size > 0; await sleep(POLL_MS)) {
    if (performance.now() > by) throw new Error(`feeds not final ${FINAL_WITHIN_MS / 1000} s after the last 201: ${[...pending].join(', ')}`);
    await Promise.all(
      [...pending].map(async (path) => {
        const response = await fetch(`${runtime.url}/feeds/${path}.json`, { headers: etags.has(path) ? { 'if-none-match': etags.get(path)! } : {} });
        if (response.status !== 200) return void (await response.arrayBuffer());
        etags.set(path, response.headers.get('etag') ?? '');
        const ids = ((await response.json()) as { items: { id: string }[] }).items.map((item) => item.id.slice(item.id.lastIndexOf('/') + 1));
        if (JSON.stringify(ids) === JSON.stringify(expected.get(path))) pending.delete(path);
      }),
    );
  }
  return performance.now() - from;
}

async function main() {
  const load = await machineLoad();
  const runtime = await startRuntimeProcess({ tableName: 'bench-burst', meter: true });
  const running: Array<{ perSecond: number; final: number; allRenders: number; feedsInvocations: number }> = [];
  const paused: number[] = [];
  try {
    // Warm: every feed exists, and one burst of each kind has run (the JIT, the engine's first pages) uncounted.
    await burst(runtime, 20);
    await runtime.settle();
    await runtime.pauseStreams();
    await burst(runtime, RELEASES / 4);
    await runtime.resumeStreams();
    await burst(runtime, RELEASES / 4);
    await runtime.settle();
    for (let rep = 1; rep <= REPS; rep++) {
      await runtime.pauseStreams();
      const quiet = await burst(runtime, RELEASES);
      paused.push(quiet.perSecond);
      log(`rep ${rep}, stream consumers paused: ${quiet.perSecond.toFixed(0)} POST/s`);
      await runtime.resumeStreams();
      await runtime.settle();
      await runtime.meter();

      const busy = await burst(runtime, RELEASES);
      const final = await untilFinal(runtime, busy.lastCreated);
      await runtime.settle();
      const reading = await runtime.meter();
      running.push({ perSecond: busy.perSecond, final, allRenders: reading.allRenders, feedsInvocations: reading.invocations.feeds?.count ?? 0 });
      log(
        `rep ${rep}, stream consumers running: ${busy.perSecond.toFixed(0)} POST/s; all rendered ${reading.allRenders} times ` +
          `in ${reading.invocations.feeds?.count ?? 0} feeds invocations; every feed final ${(final / 1000).toFixed(2)} s after the last 201`,
      );
    }
  } finally {
    await runtime.stop();
  }

  const rendersPerRelease = median(running.map((r) => r.allRenders)) / RELEASES;
  const final = median(running.map((r) => r.final)) / 1000;
  const ratio = median(running.map((r) => r.perSecond)) / median(paused);
  const rows = running.map(
    (r, i) =>
      `| ${i + 1} | ${paused[i]!.toFixed(0)}/s | ${r.perSecond.toFixed(0)}/s | ${r.allRenders} (${(r.allRenders / RELEASES).toFixed(3)} per release) | ${r.feedsInvocations} | ${(r.final / 1000).toFixed(2)} s |`,
  );
  writeSection(
    'Feed burst',
    `## Feed burst

\`${command('npx tsx bench/feed-burst.ts')}\` — ${machine()}. ${load.report()}

${RELEASES} releases posted as fast as the API takes them (${CLIENTS} requests in flight) on the local runtime, each in
two of four countries and by one of three officials, so every burst touches \`all\`, four country feeds and three
officials' feeds. Bursts alternate: one with the stream consumers paused (the API alone; they catch up before the
next), one with them running. Renders of \`all\` are the Queries of its partition the feeds function made, counted in
the runtime process; "final" is the time from the last 201 until every touched feed's JSON Feed lists exactly the
newest ${FEED_SIZE} releases it must, polled every ${POLL_MS} ms.

| burst | POST/s, consumers paused | POST/s, consumers running | renders of \`all\` | feeds invocations | every feed final after the last 201 |
|---|---|---|---|---|---|
${rows.join('\n')}

| goal | measured (median) | |
|---|---|---|
| renders of \`all\` ÷ releases ≤ 0.1 | ${rendersPerRelease.toFixed(3)} | ${met(rendersPerRelease <= 0.1)} |
| last 201 → every touched feed final ≤ 3 s | ${final.toFixed(2)} s | ${met(final <= 3)} |
| ingest with the consumers running ÷ paused ≥ 0.95 | ${ratio.toFixed(2)} | ${met(ratio >= 0.95)} |

On this machine the API, the consumers and DynamoDB Local share two cores, so the running side pays for the
rendering in CPU the API would otherwise have; in AWS they are separate Lambdas and the API's rate does not depend on
them. The render lease is what keeps the renders few: an invocation that finds \`all\` being rendered counts a wish
and waits, and the holder renders once more for every wish it has not seen (lambdas/core/feeds/render-lease.ts).
`,
  );
}

await main();
