// Ingest: POST /v1/releases on the local runtime (autocannon) against the same DynamoDB
// operations one POST issues, sent straight to the same DynamoDB Local by a raw client loop with
// the same concurrency — interleaved in one run, so both see the same machine and the same table.
// Figures go to BENCHMARKS.md ("Ingest"); nothing here is a test assertion.
//
//   BENCH_INGEST_SECONDS=10   length of each measured run
//   BENCH_INGEST_REPS=3       repetitions of each (side, load) pair; medians are reported
//   BENCH_INGEST_CLIENTS=50   concurrent clients on both sides
//   BENCH_PROFILE=<dir>       run the runtime under node --cpu-prof, the profile written to <dir>
import { readFileSync } from 'node:fs';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import autocannon, { type Result } from 'autocannon';
import { monotonicFactory } from 'ulid';
import { createAdapterContext, type AdapterContext } from '../lambdas/adapters/adapter-context.ts';
import { storedItems } from '../lambdas/adapters/release-repository.ts';
import { sdkConfig } from '../lambdas/adapters/sdk-client.ts';
import { ENTITY, keys } from '../lambdas/adapters/table-layout.ts';
import { sha256 } from '../lambdas/core/sha256.ts';
import { create } from '../lambdas/core/release-lifecycle.ts';
import { validateReleaseInput } from '../lambdas/core/validate-release.ts';
import { json } from '../lambdas/http/response.ts';
import { seedOfficials } from '../local/seed-officials.ts';
import { PRESS, benchInput, command, elapsed, log, machine, machineCpuSeconds, machineLoad, median, met, ms, perSecond, quantile, sleep, writeSection } from './support/common.ts';
import { startRuntimeProcess, type RuntimeProcess } from './support/runtime-process.ts';
import { ourFunctions, profilesIn, summariseProfile } from './support/cpu-profile.ts';

const SECONDS = Number(process.env.BENCH_INGEST_SECONDS ?? 10);
const REPS = Number(process.env.BENCH_INGEST_REPS ?? 3);
const CLIENTS = Number(process.env.BENCH_INGEST_CLIENTS ?? 50);
const WARMUP_SECONDS = Number(process.env.BENCH_INGEST_WARMUP ?? 10);
const PROFILE_DIR = process.env.BENCH_PROFILE;

interface Sample {
  ok: number;
  failed: number;
  seconds: number;
  latencies: number[];
  /** CPU seconds used during the run by the runtime process, DynamoDB Local's JVM and the load generator. */
  cpu: { runtime: number; dynamodb: number; generator: number; others: number };
}

const body = JSON.stringify(benchInput());
const tokenHash = sha256(PRESS);

// ---- our side: autocannon against the runtime ----------------------------------------------

/**
 * How a fixed rate is paced. `burst` is one autocannon instance with `overallRate` (as `-R` on the
 * command line): each connection gets floor(rate / clients) (+1 for the first rate % clients)
 * requests per second and sends them at once when its one-second timer renews — and all the
 * timers renew together, so every second starts with a burst of `clients` requests. `even` is
 * the same per-connection budgets with each connection's second starting 1000 / clients ms after
 * the previous one's (one autocannon instance per connection, started staggered), so arrivals
 * are spread over the second.
 */
type Pacing = 'burst' | 'even';

const budgetOf = (rate: number, i: number) => Math.floor(rate / CLIENTS) + (i + 1 <= rate % CLIENTS ? 1 : 0);

async function api(runtime: RuntimeProcess, seconds: number, rate?: number, pacing: Pacing = 'burst'): Promise<Omit<Sample, 'cpu'>> {
  const latencies: number[] = [];
  let ok = 0;
  let failed = 0;
  const start = process.hrtime.bigint();
  const cannon = (connections: number, overallRate: number | undefined) =>
    new Promise<Result>((resolve, reject) => {
      const instance = autocannon(
        {
          url: `${runtime.url}/v1/releases`,
          method: 'POST',
          connections,
          duration: seconds,
          ...(overallRate ? { overallRate, ignoreCoordinatedOmission: true } : {}),
          // Every request its own Idempotency-Key, as a CMS sends it: the idempotency record is written.
          headers: { authorization: `Bearer ${PRESS}`, 'content-type': 'application/json', 'idempotency-key': 'bench-[<id>]' },
          idReplacement: true,
          body,
          timeout: 10,
        },
        (error, res) => (error ? reject(error) : resolve(res)),
      );
      // Our own samples (every 201), computed as the raw side's are. autocannon's coordinated-omission
      // correction is off: with a per-connection rate of 1–2/s it assumes a 1 ms interval.
      instance.on('response', (_client: unknown, status: number, _bytes: number, responseTime: number) => {
        if (status === 201) {
          ok++;
          latencies.push(responseTime);
        } else failed++;
      });
    });
  const results =
    rate && pacing === 'even'
      ? await Promise.all(
          Array.from({ length: CLIENTS }, async (_, i) => {
            const budget = budgetOf(rate, i);
            if (budget === 0) return undefined;
            await sleep((i * 1000) / CLIENTS);
            return cannon(1, budget);
          }),
        )
      : [await cannon(CLIENTS, rate)];
  for (const result of results) if (result) failed += result.errors + result.timeouts;
  return { ok, failed, seconds: elapsed(start) / 1000, latencies };
}

// ---- the ceiling: the same DynamoDB operations, straight to DynamoDB Local -------------------

/**
 * What one POST /v1/releases with an Idempotency-Key sends to DynamoDB (lambdas/releases/handler.ts
 * and its adapters): GetItem of the token (http/auth.ts → findToken), Query of the officials
 * partition (listOfficials → queryPartition, consistent, for validation), and one TransactWriteItems with the release (conditional),
 * its 4 index entries and the idempotency record (conditional, with the stored 201 response).
 */
function rawOperations(client: DynamoDBDocumentClient, table: string) {
  const input = validateReleaseInput(JSON.parse(body), new Set(seedOfficials.map((o) => o.slug)));
  const newId = monotonicFactory();
  let sequence = 0;
  return async () => {
    await client.send(new GetCommand({ TableName: table, Key: keys.token(tokenHash) }));
    await client.send(
      new QueryCommand({
        TableName: table,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.officialsPartition },
        ConsistentRead: true,
      }),
    );
    const release = create(input, newId(), new Date());
    const [item, ...entries] = storedItems(release);
    const key = `raw-${process.pid}-${sequence++}`;
    const response = json(201, release, { etag: `"${release.version}"`, location: `/v1/releases/${release.id}` });
    await client.send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName: table, Item: item, ConditionExpression: 'attribute_not_exists(pk)' } },
          ...entries.map((entry) => ({ Put: { TableName: table, Item: entry } })),
          {
            Put: {
              TableName: table,
              Item: {
                ...keys.idempotency(tokenHash, key),
                entity: ENTITY.idempotency,
                tokenHash,
                key,
                requestHash: sha256(body),
                response,
                expiresAt: Math.floor(Date.now() / 1000) + 86_400,
              },
              ConditionExpression: 'attribute_not_exists(pk) OR expiresAt < :now',
              ExpressionAttributeValues: { ':now': Math.floor(Date.now() / 1000) },
              ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
            },
          },
        ],
      }),
    );
  };
}

/**
 * CLIENTS workers, each one operation sequence at a time; with `rate`, paced exactly as the API
 * side (see Pacing): worker i's budget is budgetOf(rate, i) per second, its seconds starting
 * together (`burst`) or staggered by 1000 / CLIENTS ms (`even`).
 */
async function raw(operations: () => Promise<void>, seconds: number, rate?: number, pacing: Pacing = 'burst'): Promise<Omit<Sample, 'cpu'>> {
  const latencies: number[] = [];
  let ok = 0;
  let failed = 0;
  const start = process.hrtime.bigint();
  const worker = async (i: number) => {
    const budget = rate ? budgetOf(rate, i) : Infinity;
    if (budget === 0) return;
    if (rate && pacing === 'even') await sleep((i * 1000) / CLIENTS);
    const startedAt = Date.now();
    const deadline = startedAt + seconds * 1000;
    let second = 0;
    let used = 0;
    while (Date.now() < deadline) {
      if (used >= budget) {
        await sleep(Math.max(0, startedAt + (second + 1) * 1000 - Date.now()));
        second++;
        used = 0;
        continue;
      }
      used++;
      const begin = process.hrtime.bigint();
      try {
        await operations();
        latencies.push(elapsed(begin));
        ok++;
      } catch (error) {
        if (failed++ === 0) log(`raw: ${(error as Error).name}: ${(error as Error).message}`);
      }
    }
  };
  await Promise.all(Array.from({ length: CLIENTS }, (_, i) => worker(i)));
  return { ok, failed, seconds: elapsed(start) / 1000, latencies };
}

// ---- proof that both sides send the same operations ------------------------------------------

type Recorded = string[];

/** Records each command a DocumentClient sends: its name, and for a transaction its items. */
function recordOperations(client: DynamoDBDocumentClient, into: Recorded) {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const input = args.input as { TransactItems?: Array<{ Put?: { ConditionExpression?: string } }>; Key?: { pk?: string }; ExpressionAttributeValues?: Record<string, unknown> };
      const items = input.TransactItems;
      const what = items
        ? `${items.length} items, ${items.filter((item) => item.Put?.ConditionExpression).length} conditional`
        : String(input.Key?.pk ?? input.ExpressionAttributeValues?.[':pk'] ?? '').replace(/#.*/, '#…');
      into.push(`${(context.commandName ?? "?").replace(/Command$/, '')} (${what})`);
      return next(args);
    },
    { step: 'initialize', name: 'benchRecorder' },
  );
}

/**
 * One POST through the releases handler itself, in this process, with the adapters' own client
 * recorded, and one raw sequence: the two lists must be equal, or the comparison is void.
 */
async function sameOperations(
  adapters: AdapterContext,
  operations: () => Promise<void>,
  rawClient: DynamoDBDocumentClient,
): Promise<string> {
  const { documentClient } = await import('../lambdas/adapters/dynamodb-client.ts');
  const { handler } = await import('../lambdas/releases/handler.ts');
  const ours: Recorded = [];
  const raws: Recorded = [];
  const post = (key: string) => ({
    version: '2.0',
    routeKey: 'POST /v1/releases',
    rawPath: '/v1/releases',
    rawQueryString: '',
    headers: { authorization: `Bearer ${PRESS}`, 'content-type': 'application/json', 'idempotency-key': key },
    body,
    isBase64Encoded: false,
    requestContext: { http: { method: 'POST', path: '/v1/releases' }, routeKey: 'POST /v1/releases', requestId: 'bench' },
  });
  const invoke = (event: unknown) =>
    adapters.run(() => (handler as unknown as (e: unknown, c: unknown) => Promise<{ statusCode: number }>)(event, { getRemainingTimeInMillis: () => 30_000 }));
  // A first POST records the token's use (written at most once a minute, so not part of the
  // steady state); the second is the one compared.
  await invoke(post(`bench-warm-${Date.now()}`));
  recordOperations(adapters.run(() => documentClient()), ours);
  recordOperations(rawClient, raws);
  const result = await invoke(post(`bench-check-${Date.now()}`));
  if (result.statusCode !== 201) throw new Error(`the releases handler answered ${result.statusCode}`);
  await operations();
  rawClient.middlewareStack.remove('benchRecorder');
  if (JSON.stringify(ours) !== JSON.stringify(raws)) {
    throw new Error(`the raw loop does not send what a POST sends:\n  POST: ${ours.join(', ')}\n  raw:  ${raws.join(', ')}`);
  }
  return ours.join(' → ');
}

// ---- CPU accounting: who used the two cores during a run -------------------------------------

const TICKS = 100; // getconf CLK_TCK
function cpuSecondsOf(pid: number | undefined): number {
  if (!pid) return 0;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS; // utime, stime
  } catch {
    return 0;
  }
}

async function measured(
  runtime: RuntimeProcess,
  dynamoPid: number | undefined,
  run: () => Promise<Omit<Sample, 'cpu'>>,
): Promise<Sample> {
  const before = { runtime: cpuSecondsOf(runtime.pid), dynamodb: cpuSecondsOf(dynamoPid), generator: process.cpuUsage(), machine: machineCpuSeconds() };
  const sample = await run();
  const generator = process.cpuUsage(before.generator);
  const cpu = {
    runtime: (cpuSecondsOf(runtime.pid) - before.runtime) / sample.seconds,
    dynamodb: (cpuSecondsOf(dynamoPid) - before.dynamodb) / sample.seconds,
    generator: (generator.user + generator.system) / 1e6 / sample.seconds,
    others: 0,
  };
  // Whatever else ran on the machine meanwhile (other people's tests, say): the evidence that a
  // run was disturbed.
  cpu.others = Math.max(0, (machineCpuSeconds() - before.machine) / sample.seconds - cpu.runtime - cpu.dynamodb - cpu.generator);
  return { ...sample, cpu };
}

// ---- the run ---------------------------------------------------------------------------------

type Side = 'api' | 'raw';
type Runs = Record<Side, Sample[]>;
const throughput = (s: Sample) => s.ok / s.seconds;
const summary = (s: Sample) =>
  `${perSecond(throughput(s))}, p50 ${ms(quantile(s.latencies, 0.5))}, p99 ${ms(quantile(s.latencies, 0.99))}` +
  `${s.failed ? `, ${s.failed} failed` : ''} (CPU: runtime ${s.cpu.runtime.toFixed(2)}, JVM ${s.cpu.dynamodb.toFixed(2)}, generator ${s.cpu.generator.toFixed(2)}, others ${s.cpu.others.toFixed(2)})`;

let load: Awaited<ReturnType<typeof machineLoad>>;
let checked = '';

async function main() {
  load = await machineLoad();
  const runtime = await startRuntimeProcess({ tableName: 'bench-ingest', stopPollers: true, ...(PROFILE_DIR ? { profileDir: PROFILE_DIR } : {}) });
  const dynamoPid = await jvmPid(runtime.dynamoEndpoint);
  const client = DynamoDBDocumentClient.from(new DynamoDBClient(sdkConfig(runtime.dynamoEndpoint, runtime.credentials)), {
    marshallOptions: { removeUndefinedValues: true },
  });
  const adapters = createAdapterContext({ tableName: runtime.tableName, endpointPolicy: 'local', endpoints: { dynamodb: runtime.dynamoEndpoint }, localCredentials: runtime.credentials });
  const rawLoop = rawOperations(client, runtime.tableName);
  const operations = () => adapters.run(rawLoop); // storedItems() names the table in what it builds
  checked = await sameOperations(adapters, operations, client);
  log(`one POST sends, as the raw loop does: ${checked}`);
  const sides = {
    api: (seconds: number, rate?: number, pacing?: Pacing) => measured(runtime, dynamoPid, () => api(runtime, seconds, rate, pacing)),
    raw: (seconds: number, rate?: number, pacing?: Pacing) => measured(runtime, dynamoPid, () => raw(operations, seconds, rate, pacing)),
  };
  const order = (rep: number): Side[] => (rep % 2 === 0 ? ['raw', 'api'] : ['api', 'raw']);
  try {
    // DynamoDB Local's JVM needs tens of seconds of load before its throughput settles.
    log(`ingest: warming up (raw ${2 * WARMUP_SECONDS} s, API ${WARMUP_SECONDS} s, ${CLIENTS} clients)`);
    await sides.raw(2 * WARMUP_SECONDS);
    await sides.api(WARMUP_SECONDS);

    const saturation: Runs = { api: [], raw: [] };
    for (let rep = 0; rep < REPS; rep++) {
      for (const side of order(rep)) {
        const sample = await sides[side](SECONDS);
        saturation[side].push(sample);
        log(`saturation ${rep + 1}/${REPS} ${side}: ${summary(sample)}`);
        await sleep(1_000);
      }
    }
    const rawCeiling = median(saturation.raw.map(throughput));
    const rate = Math.max(1, Math.round(rawCeiling / 2));
    log(`fixed rate: ${rate}/s (half the raw ceiling, ${perSecond(rawCeiling)})`);
    const fixed: Record<Pacing, Runs> = { even: { api: [], raw: [] }, burst: { api: [], raw: [] } };
    for (let rep = 0; rep < REPS; rep++) {
      for (const pacing of ['even', 'burst'] as const) {
        for (const side of order(rep)) {
          const sample = await sides[side](SECONDS, rate, pacing);
          fixed[pacing][side].push(sample);
          log(`fixed (${pacing}) ${rep + 1}/${REPS} ${side}: ${summary(sample)}`);
          await sleep(1_000);
        }
      }
    }
    report(saturation, fixed, rate);
  } finally {
    client.destroy();
    await runtime.stop();
  }
  if (PROFILE_DIR) profileSection(PROFILE_DIR);
}

/** DynamoDB Local's java process: the one listening on the endpoint's port. */
async function jvmPid(endpoint: string): Promise<number | undefined> {
  const port = Number(new URL(endpoint).port);
  const hex = port.toString(16).toUpperCase().padStart(4, '0');
  const inode = ['/proc/net/tcp', '/proc/net/tcp6']
    .flatMap((file) => readFileSync(file, 'utf8').split('\n'))
    .map((line) => line.trim().split(/\s+/))
    .find((f) => f[1]?.endsWith(`:${hex}`) && f[3] === '0A')?.[9];
  if (!inode) return undefined;
  const { readdirSync, readlinkSync } = await import('node:fs');
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      for (const fd of readdirSync(`/proc/${pid}/fd`)) {
        if (readlinkSync(`/proc/${pid}/fd/${fd}`) === `socket:[${inode}]`) return Number(pid);
      }
    } catch {
      // not ours to read, or gone
    }
  }
  return undefined;
}

function report(saturation: Runs, fixed: Record<Pacing, Runs>, rate: number) {
  const med = (samples: Sample[], f: (s: Sample) => number) => median(samples.map(f));
  const p = (q: number) => (s: Sample) => quantile(s.latencies, q);
  const satApi = med(saturation.api, throughput);
  const satRaw = med(saturation.raw, throughput);
  const satRatio = satApi / satRaw;
  const cpu = (samples: Sample[]) =>
    `${med(samples, (s) => s.cpu.runtime).toFixed(2)} / ${med(samples, (s) => s.cpu.dynamodb).toFixed(2)} / ${med(samples, (s) => s.cpu.generator).toFixed(2)} / ${med(samples, (s) => s.cpu.others).toFixed(2)}`;
  const failures = (samples: Sample[]) => samples.reduce((sum, s) => sum + s.failed, 0);
  const row = (load: string, side: string, samples: Sample[]) =>
    `| ${load} | ${side} | ${perSecond(med(samples, throughput))} | ${samples.map((s) => throughput(s).toFixed(0)).join(', ')} | ${ms(med(samples, p(0.5)))} | ${ms(med(samples, p(0.99)))} | ${cpu(samples)} | ${failures(samples)} |`;
  const verdicts = (pacing: Pacing) => {
    const runs = fixed[pacing];
    const apiP50 = med(runs.api, p(0.5));
    const rawP50 = med(runs.raw, p(0.5));
    const apiP99 = med(runs.api, p(0.99));
    const rawP99 = med(runs.raw, p(0.99));
    return `- Fixed rate ${rate}/s, ${pacing} arrivals: API p50 ${ms(apiP50)}, p99 ${ms(apiP99)} (raw p99 ${ms(rawP99)}) — goal p99 ≤ 100 ms: ${met(apiP99 <= 100)}; API p50 ÷ raw p50 **${(apiP50 / rawP50).toFixed(2)}** (${ms(apiP50)} / ${ms(rawP50)}, per run: ${runs.api.map((s, i) => (p(0.5)(s) / p(0.5)(runs.raw[i]!)).toFixed(2)).join(', ')}) — goal ≤ 1.5: ${met(apiP50 / rawP50 <= 1.5)}.`;
  };
  const section = `## Ingest

\`${command('npx tsx bench/ingest.ts')}\` (bench/ingest.ts) — ${machine()}; DynamoDB Local 3.3 in memory, started by the
runtime under test (\`startRuntime\`, port 0) in a process of its own; autocannon 9 and the raw client loop in the bench's process.

**What is compared.** *API*: POST /v1/releases with a new \`Idempotency-Key\` each time, the fixture
release (2.6 KB Azerbaijani body) in KZ and RU by one official, from autocannon. *Raw*: the DynamoDB
operations that one such POST issues (lambdas/releases/handler.ts and its adapters), from a loop of
SDK clients (DocumentClient) sent to the same DynamoDB Local and table — GetItem of the token, Query
(consistent) of the officials partition, one TransactWriteItems of 6 items (the release with its condition, its 4
index entries, the idempotency record with its condition and the stored 201 response). Checked at
the start of the run: one POST through the releases handler, its DynamoDB client recorded, sent
\`${checked}\`, and one raw sequence the same.
${CLIENTS} concurrent clients on both sides, ${SECONDS} s per run, ${REPS} runs of each, raw and API interleaved
after a warm-up (raw ${2 * WARMUP_SECONDS} s, API ${WARMUP_SECONDS} s); figures are medians over the runs. The runtime's stream
pollers are stopped for this bench (\`runtime.pollers.*.stop()\`), so both sides measure the write path
alone (in AWS the stream consumers are other Lambdas); both write the same items to the same table,
whose stream stays on. Fixed rate = half the raw ceiling measured just before, at autocannon's
\`overallRate\` per-connection budgets, with two pacings: *burst* is one autocannon instance, as \`-R\`
runs — every connection's one-second timer renews at the same instant, so each second starts with
${CLIENTS} requests at once; *even* staggers the connections' seconds by ${(1000 / CLIENTS).toFixed(0)} ms (one 1-connection
instance each), spreading the same arrivals over the second. The raw loop copies each pacing.
Latency is per request (API) or per operation sequence (raw), every sample of a run, no
coordinated-omission correction. CPU is cores used during the run by the runtime process / DynamoDB
Local's JVM / the load generator / everything else on the machine, read from /proc (the machine has
${cpuCount()}; "others" is what other processes, not this bench, used meanwhile). ${load.report()}

| load | side | throughput (median) | per run | p50 | p99 | CPU runtime / JVM / generator / others | failed |
| --- | --- | ---: | --- | ---: | ---: | --- | ---: |
${row(`saturation, ${CLIENTS} clients`, 'raw', saturation.raw)}
${row(`saturation, ${CLIENTS} clients`, 'API', saturation.api)}
${row(`fixed ${rate}/s, even`, 'raw', fixed.even.raw)}
${row(`fixed ${rate}/s, even`, 'API', fixed.even.api)}
${row(`fixed ${rate}/s, burst`, 'raw', fixed.burst.raw)}
${row(`fixed ${rate}/s, burst`, 'API', fixed.burst.api)}

- Saturation: API ÷ raw throughput **${satRatio.toFixed(2)}** (${perSecond(satApi)} / ${perSecond(satRaw)}; per run: ${saturation.api.map((s, i) => (throughput(s) / throughput(saturation.raw[i]!)).toFixed(2)).join(', ')}) — goal ≥ 0.67: ${met(satRatio >= 0.67)}.
${verdicts('even')}
${verdicts('burst')}
`;
  console.log(`\n${section}`);
  if (PROFILE_DIR) {
    // Under the profiler the figures are not the runtime's own: kept beside the profile only.
    profiledFigures = section.split('\n').filter((line) => line.startsWith('| ') || line.startsWith('- ')).join('\n');
    return;
  }
  writeSection('Ingest', section);
}

let profiledFigures = '';

/** Where the runtime's CPU went during a profiled run: "Ingest profile" in BENCHMARKS.md. */
function profileSection(dir: string) {
  const main = profilesIn(dir)[0];
  if (!main) throw new Error(`no .cpuprofile in ${dir}`);
  const settings = ['BENCH_PROFILE', 'BENCH_INGEST_SECONDS', 'BENCH_INGEST_REPS', 'BENCH_INGEST_WARMUP', 'BENCH_INGEST_CLIENTS']
    .filter((name) => process.env[name] !== undefined)
    .map((name) => `${name}=${name === 'BENCH_PROFILE' ? dir.replace(/^.*?(bench\/out\/)/, '$1') : process.env[name]}`)
    .join(' ');
  const section = `## Ingest profile

\`${settings} ${command('npx tsx bench/ingest.ts')}\` — ${machine()}: the ingest bench with the runtime
process under \`node --cpu-prof\` (the profile's main thread summarised by bench/support/cpu-profile.ts;
self time, idle left out). The figures of this run (slowed by the profiler, not the ones above):

${profiledFigures}

${summariseProfile(main, 15).replace(/^Profile \S+/, 'Profile')}

${ourFunctions(main)}
`;
  console.log(`\n${section}`);
  writeSection('Ingest profile', section);
}

function cpuCount() {
  return `${readFileSync('/proc/cpuinfo', 'utf8').split('\n').filter((l) => l.startsWith('processor')).length} CPUs`;
}

await main();
process.exit(0);
