// Feed reads on the local runtime: feed readers' conditional polls of unchanged feeds must all
// be 304s, and how many GET /feeds/all.rss the runtime serves per second, plain and gzip.
// Figures go to BENCHMARKS.md ("Feed reads"); nothing here is a test assertion.
//
//   BENCH_READS_SECONDS=10   length of each autocannon run
//   BENCH_READS_REPS=3       runs of each kind, interleaved (medians reported)
//   BENCH_POLLS=50           rounds of conditional polls over every feed file
import autocannon, { type Result } from 'autocannon';
import { PRESS, benchInput, command, log, machine, median, met, ms, perSecond, writeSection, machineLoad } from './support/common.ts';
import { startRuntimeProcess, type RuntimeProcess } from './support/runtime-process.ts';

const SECONDS = Number(process.env.BENCH_READS_SECONDS ?? 10);
const REPS = Number(process.env.BENCH_READS_REPS ?? 3);
const POLLS = Number(process.env.BENCH_POLLS ?? 50);
const CONNECTIONS = 50;
const RELEASES = 60;
const COUNTRIES = ['KZ', 'RU', 'AZ', 'TR'];

/** Enough releases that all.rss is a full page (feedSize 50 in pressroom.config.json) and several feeds exist. */
async function seed(runtime: RuntimeProcess) {
  for (let i = 0; i < RELEASES; i += 5) {
    await Promise.all(
      Array.from({ length: 5 }, async (_, j) => {
        const response = await fetch(`${runtime.url}/v1/releases`, {
          method: 'POST',
          headers: { authorization: `Bearer ${PRESS}`, 'content-type': 'application/json' },
          body: JSON.stringify(benchInput({ title: `Feed reads ${i + j}`, countries: [COUNTRIES[(i + j) % COUNTRIES.length]!] })),
        });
        if (response.status !== 201) throw new Error(`POST answered ${response.status}`);
        await response.arrayBuffer();
      }),
    );
  }
  await runtime.settle();
}

const FORMATS = ['rss', 'atom', 'json', 'html'];
const feedPaths = () => [
  '/feeds/',
  ...['all', 'countries/kz', 'countries/ru', 'countries/az', 'countries/tr', 'officials/maulen-ashimbayev'].flatMap((feed) =>
    FORMATS.map((format) => `/feeds/${feed}.${format}`),
  ),
];

interface Validators {
  etag: string;
  lastModified: string;
}

/** Every feed file, polled POLLS times each way a reader revalidates: the answers by status. */
async function conditionalPolls(runtime: RuntimeProcess) {
  const ways: Record<string, (v: Validators) => Record<string, string>> = {
    // fetch asks for gzip unless told otherwise: identity, as a reader without compression asks.
    'If-None-Match': (v) => ({ 'if-none-match': v.etag, 'accept-encoding': 'identity' }),
    'If-None-Match, gzip (weak ETag)': (v) => ({ 'if-none-match': `W/${v.etag}`, 'accept-encoding': 'gzip' }),
    'If-Modified-Since': (v) => ({ 'if-modified-since': v.lastModified, 'accept-encoding': 'identity' }),
  };
  const validators = new Map<string, Validators>();
  for (const path of feedPaths()) {
    const response = await fetch(`${runtime.url}${path}`, { headers: { 'accept-encoding': 'identity' } });
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`${path} answered ${response.status}`);
    validators.set(path, { etag: response.headers.get('etag')!, lastModified: response.headers.get('last-modified')! });
  }
  const results = Object.fromEntries(Object.keys(ways).map((way) => [way, { total: 0, notModified: 0, others: new Map<number, number>() }]));
  for (let round = 0; round < POLLS; round++) {
    for (const [path, v] of validators) {
      for (const [way, headers] of Object.entries(ways)) {
        const response = await fetch(`${runtime.url}${path}`, { headers: headers(v) });
        await response.arrayBuffer();
        const result = results[way]!;
        result.total++;
        if (response.status === 304) result.notModified++;
        else result.others.set(response.status, (result.others.get(response.status) ?? 0) + 1);
      }
    }
  }
  return { files: validators.size, results };
}

async function cannon(url: string, headers: Record<string, string>) {
  const statuses = new Map<number, number>();
  const result = await new Promise<Result>((resolve, reject) => {
    const instance = autocannon({ url, connections: CONNECTIONS, duration: SECONDS, headers, timeout: 10 }, (error, res) =>
      error ? reject(error) : resolve(res),
    );
    instance.on('response', (_client: unknown, status: number) => statuses.set(status, (statuses.get(status) ?? 0) + 1));
  });
  return { perSecond: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, bytes: result.throughput.average, statuses, errors: result.errors + result.timeouts };
}

async function main() {
  const load = await machineLoad();
  const runtime = await startRuntimeProcess({ tableName: 'bench-feed-reads' });
  try {
    log(`posting ${RELEASES} releases and waiting for the feeds`);
    await seed(runtime);
    const sizes = await Promise.all(
      ['identity', 'gzip'].map(async (encoding) => {
        const response = await fetch(`${runtime.url}/feeds/all.rss`, { headers: { 'accept-encoding': encoding } });
        await response.arrayBuffer(); // fetch decompresses: the size on the wire is Content-Length
        return { bytes: Number(response.headers.get('content-length')), etag: response.headers.get('etag')! };
      }),
    );
    log(`${POLLS} rounds of conditional polls over every feed file`);
    const polls = await conditionalPolls(runtime);
    const url = `${runtime.url}/feeds/all.rss`;
    const kinds: Record<string, Record<string, string>> = {
      plain: {},
      'Accept-Encoding: gzip': { 'accept-encoding': 'gzip' },
      'If-None-Match (304)': { 'if-none-match': sizes[0]!.etag },
    };
    const runs: Record<string, Awaited<ReturnType<typeof cannon>>[]> = Object.fromEntries(Object.keys(kinds).map((k) => [k, []]));
    log(`GET /feeds/all.rss: ${REPS} × ${SECONDS} s of each kind, ${CONNECTIONS} connections, interleaved`);
    for (let rep = 0; rep < REPS; rep++) {
      const order = rep % 2 === 0 ? Object.keys(kinds) : Object.keys(kinds).reverse();
      for (const kind of order) {
        const run = await cannon(url, kinds[kind]!);
        runs[kind]!.push(run);
        log(`  ${kind}: ${perSecond(run.perSecond)}, p50 ${ms(run.p50)}, p99 ${ms(run.p99)}, statuses ${JSON.stringify(Object.fromEntries(run.statuses))}`);
      }
    }
    const expected: Record<string, number> = { plain: 200, 'Accept-Encoding: gzip': 200, 'If-None-Match (304)': 304 };
    const pollRows = Object.entries(polls.results).map(
      ([way, r]) =>
        `| ${way} | ${r.total} | ${r.notModified} | ${((100 * r.notModified) / r.total).toFixed(1)}% | ${r.others.size ? JSON.stringify(Object.fromEntries(r.others)) : '—'} |`,
    );
    const allPolls = Object.values(polls.results).reduce((a, r) => ({ total: a.total + r.total, notModified: a.notModified + r.notModified }), { total: 0, notModified: 0 });
    const rateRows = Object.entries(runs).map(([kind, list]) => {
      const unexpected = list.reduce((sum, run) => sum + run.errors + [...run.statuses].filter(([s]) => s !== expected[kind]).reduce((a, [, n]) => a + n, 0), 0);
      return `| ${kind} | ${perSecond(median(list.map((r) => r.perSecond)))} | ${list.map((r) => r.perSecond.toFixed(0)).join(', ')} | ${ms(median(list.map((r) => r.p50)))} | ${ms(median(list.map((r) => r.p99)))} | ${expected[kind]} | ${unexpected} |`;
    });
    const section = `## Feed reads

\`${command('npx tsx bench/feed-reads.ts')}\` (bench/feed-reads.ts) — ${machine()}; the local runtime (\`startRuntime\`, its own
DynamoDB Local in memory) in a process of its own, ${RELEASES} releases posted first; autocannon 9 in the bench's process.
The feeds are served by the runtime's feed server (local/feed-server.ts: GetObject from the embedded
fauxqs S3 engine per request, gzip per request) — what CloudFront does in AWS. ${load.report()}

**Conditional polls of unchanged feeds**: every feed file (${polls.files}: the directory and 4 formats of all, four
countries and one official) fetched once for its validators, then ${POLLS} rounds over all of them, each
way a reader revalidates.

| validator sent | polls | 304 | share | other answers |
| --- | ---: | ---: | ---: | --- |
${pollRows.join('\n')}

${allPolls.notModified} of ${allPolls.total} answered 304 — goal 100%: ${met(allPolls.notModified === allPolls.total)}.

**GET /feeds/all.rss** (50 items; ${(sizes[0]!.bytes / 1024).toFixed(1)} KB, ${(sizes[1]!.bytes / 1024).toFixed(1)} KB gzipped), ${CONNECTIONS} connections, ${SECONDS} s per run,
${REPS} runs of each kind interleaved; autocannon's requests/s (mean over the run's seconds) and latency,
medians over the runs.

| request | requests/s (median) | per run | p50 | p99 | expected status | other answers |
| --- | ---: | --- | ---: | ---: | ---: | ---: |
${rateRows.join('\n')}
`;
    console.log(`\n${section}`);
    writeSection('Feed reads', section);
  } finally {
    await runtime.stop();
  }
}

await main();
process.exit(0);
