// Costs: what one POST, one correction and one feed poll make the system do, counted on the
// local runtime (every SDK call and its DynamoDB capacity units, every invocation and its
// duration: bench/support/operation-meter.ts), and the memory each function is configured with
// and the alarms the stack creates, read from the synthesised CDK app. bench/support/cost-model.ts
// turns them into a monthly bill for three workloads at list prices. Figures go to
// BENCHMARKS.md ("Costs"); nothing here is a test assertion.
//
//   BENCH_COSTS=20   releases posted (and half as many corrected), one at a time
import { gzipSync } from 'node:zlib';
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { startWebhookReceiver } from '../examples/webhook-receiver/receiver.ts';
import { sdkConfig } from '../lambdas/adapters/sdk-client.ts';
import { pressroomFunctionNames } from '../lib/functions.ts';
import { synthesise } from '../tests/lib/synth.ts';
import { PRESS, benchInput, command, log, machine, sleep, writeSection } from './support/common.ts';
import { ASSUMPTIONS, PRICES, WORKLOADS, dominant, emailIfEveryRelease, monthlyCost, total, type Measured, type UnitCounts, type Workload } from './support/cost-model.ts';
import type { MeterReading } from './support/operation-meter.ts';
import { startRuntimeProcess, type RuntimeProcess } from './support/runtime-process.ts';
import { subscribeReceiver } from './support/subscribe-receiver.ts';

const COUNT = Number(process.env.BENCH_COSTS ?? 20);
/** Enough releases first that `all` is a full feed (feedSize 50), as in a running press room. */
const WARM = 60;
/** Sweeps the local runtime makes on its own; in AWS publish-due runs only for scheduled releases. */
const NOT_PER_RELEASE = new Set(['publish-due']);

const headers = { authorization: `Bearer ${PRESS}`, 'content-type': 'application/json' };

function configuredMemory(): Map<string, number> {
  const { stack, template } = synthesise({}, { bundle: false });
  const memory = new Map<string, number>();
  for (const name of pressroomFunctionNames) {
    memory.set(name, Number((stack.function(name).function.node.defaultChild as CfnFunction).memorySize ?? 128));
  }
  memory.set('alarms', Object.keys(template.findResources('AWS::CloudWatch::Alarm')).length);
  return memory;
}

async function tableBytes(runtime: RuntimeProcess): Promise<number> {
  const client = new DynamoDBClient(sdkConfig(runtime.dynamoEndpoint, runtime.credentials));
  try {
    return (await client.send(new DescribeTableCommand({ TableName: runtime.tableName }))).Table?.TableSizeBytes ?? 0;
  } finally {
    client.destroy();
  }
}

function unitCounts(reading: MeterReading, operations: number, memory: Map<string, number>, deliveries: number, storedBytes: number): UnitCounts {
  const per = (value: number) => value / operations;
  const functions = Object.entries(reading.invocations).filter(([fn]) => !NOT_PER_RELEASE.has(fn));
  const sumCalls = (pattern: RegExp) => Object.entries(reading.calls).reduce((sum, [key, n]) => (pattern.test(key) ? sum + n : sum), 0);
  const units = (record: Record<string, number>) => Object.entries(record).reduce((sum, [fn, n]) => (NOT_PER_RELEASE.has(fn) ? sum : sum + n), 0);
  return {
    lambdaInvocations: per(functions.reduce((sum, [, i]) => sum + i.count, 0)),
    lambdaSeconds: per(functions.reduce((sum, [, i]) => sum + i.billedMs / 1000, 0)),
    lambdaGbSeconds: per(functions.reduce((sum, [fn, i]) => sum + (i.billedMs / 1000) * ((memory.get(fn) ?? 1024) / 1024), 0)),
    dynamoReadUnits: per(units(reading.readUnits)),
    dynamoWriteUnits: per(units(reading.writeUnits)),
    snsPublishes: per(sumCalls(/ SNS\.Publish$/)),
    deliveriesPerPartner: per(deliveries),
    s3Puts: per(sumCalls(/ S3\.(PutObject|CopyObject|DeleteObject)$/)),
    s3Gets: per(sumCalls(/ S3\.(GetObject|HeadObject)$/)),
    apiRequests: 1,
    storedBytes: per(storedBytes),
  };
}

/** A backlog of releases written with the consumers paused, then drained: releases a second one shard's consumers take in. */
async function drainRate(runtime: RuntimeProcess, post: (i: number) => Promise<unknown>): Promise<number> {
  const backlog = 200;
  await runtime.pauseStreams();
  let next = 0;
  await Promise.all(Array.from({ length: 16 }, async () => {
    while (next < backlog) await post(10_000 + next++);
  }));
  const started = performance.now();
  await runtime.resumeStreams();
  await runtime.settle();
  await runtime.meter();
  return backlog / ((performance.now() - started) / 1000);
}

/** Bytes on the wire of a response: status line, headers and the body as CloudFront would send it compressed. */
async function pollBytes(runtime: RuntimeProcess): Promise<Measured['pollBytes']> {
  const full = await fetch(`${runtime.url}/feeds/all.rss`);
  const body = Buffer.from(await full.arrayBuffer());
  const headerBytes = (response: Response) => [...response.headers].reduce((sum, [k, v]) => sum + k.length + v.length + 4, 17);
  const notModified = await fetch(`${runtime.url}/feeds/all.rss`, { headers: { 'if-none-match': full.headers.get('etag') ?? '' } });
  await notModified.arrayBuffer();
  if (notModified.status !== 304) throw new Error(`a conditional poll answered ${notModified.status}`);
  return { full: headerBytes(full) + gzipSync(body).length, notModified: headerBytes(notModified) };
}

const dollars = (value: number) => (value >= 100 ? `$${value.toFixed(0)}` : value >= 1 ? `$${value.toFixed(2)}` : `$${value.toFixed(4)}`);
const round = (value: number, digits = 2) => Number(value.toFixed(digits)).toLocaleString('en-US');
/** Two significant figures, however small. */
const times = (value: number) => `${value >= 100 ? Math.round(value).toLocaleString('en-US') : Number(value.toPrecision(2))}×`;

async function main() {
  const memory = configuredMemory();
  const runtime = await startRuntimeProcess({ tableName: 'bench-costs', meter: true });
  let deliveries = 0;
  const receiver = await startWebhookReceiver({ topicArn: runtime.topicArn, allowLocalCertificates: true, log: () => undefined, onNotification: () => void deliveries++ });
  let measured: Measured;
  let readings: { post: MeterReading; correction: MeterReading };
  try {
    await subscribeReceiver(runtime.url, receiver);
    const post = async (i: number) => {
      const response = await fetch(`${runtime.url}/v1/releases`, { method: 'POST', headers, body: JSON.stringify(benchInput({ title: `Costs release ${i}` })) });
      if (response.status !== 201) throw new Error(`POST answered ${response.status}: ${await response.text()}`);
      return (await response.json()) as { id: string; version: number };
    };
    for (let i = 0; i < WARM; i++) await post(i);
    await runtime.settle();
    await runtime.meter();

    log(`posting ${COUNT} releases one at a time, each left to reach the feeds and the partner before the next`);
    deliveries = 0;
    let before = await tableBytes(runtime);
    const created = [];
    for (let i = 0; i < COUNT; i++) {
      created.push(await post(WARM + i));
      await runtime.settle();
    }
    const postReading = await runtime.meter();
    const postCounts = unitCounts(postReading, COUNT, memory, deliveries, (await tableBytes(runtime)) - before);

    const corrections = Math.max(1, Math.floor(COUNT / 2));
    log(`correcting ${corrections} of them, one at a time`);
    deliveries = 0;
    before = await tableBytes(runtime);
    for (const release of created.slice(0, corrections)) {
      const response = await fetch(`${runtime.url}/v1/releases/${release.id}`, {
        method: 'PUT',
        headers: { ...headers, 'if-match': `"${release.version}"` },
        body: JSON.stringify(benchInput({ title: `Corrected ${release.id}`, changeNote: 'The title is corrected.' })),
      });
      if (response.status !== 200) throw new Error(`PUT answered ${response.status}: ${await response.text()}`);
      await runtime.settle();
    }
    await sleep(100);
    const correctionReading = await runtime.meter();
    const correctionCounts = unitCounts(correctionReading, corrections, memory, deliveries, (await tableBytes(runtime)) - before);
    measured = {
      post: postCounts,
      correction: correctionCounts,
      pollBytes: await pollBytes(runtime),
      alarms: memory.get('alarms') ?? 0,
      shardReleasesPerSecond: await drainRate(runtime, post),
    };
    readings = { post: postReading, correction: correctionReading };
  } finally {
    await receiver.stop();
    await runtime.stop();
  }

  writeSection('Costs', render(measured, readings, memory));
}

function render(measured: Measured, readings: { post: MeterReading; correction: MeterReading }, memory: Map<string, number>): string {
  const corrections = Math.max(1, Math.floor(COUNT / 2));
  const perFunction = (reading: MeterReading, operations: number) =>
    Object.entries(reading.invocations)
      .filter(([fn]) => !NOT_PER_RELEASE.has(fn))
      .map(
        ([fn, i]) =>
          `| ${fn} | ${memory.get(fn) ?? '?'} MB | ${round(i.count / operations)} | ${round(i.billedMs / i.count, 0)} ms | ${round(
            (reading.readUnits[fn] ?? 0) / operations,
          )} | ${round((reading.writeUnits[fn] ?? 0) / operations)} | ${Object.entries(reading.calls)
            .filter(([key]) => key.startsWith(`${fn} `))
            .map(([key, n]) => `${key.slice(fn.length + 1)} ${round(n / operations)}`)
            .join(', ')} |`,
      )
      .join('\n');
  const unitRow = (name: string, u: UnitCounts) =>
    `| ${name} | ${round(u.lambdaInvocations)} | ${round(u.lambdaGbSeconds, 3)} | ${round(u.dynamoReadUnits)} | ${round(u.dynamoWriteUnits)} | ${round(u.snsPublishes)} | ${round(
      u.deliveriesPerPartner,
    )} | ${round(u.s3Puts)} / ${round(u.s3Gets)} | ${round(u.storedBytes / 1024, 1)} KB |`;
  const workloadRows = WORKLOADS.map((w) => {
    const lines = monthlyCost(measured, w);
    const top = dominant(lines);
    return `| ${w.name} | ${w.describe} | **${dollars(total(lines))}** | ${top.term} (${dollars(top.monthly)}, ${Math.round((100 * top.monthly) / total(lines))} %) | ${w.emailSubscribers > 0 ? dollars(emailIfEveryRelease(w)) : '— (none given)'} |`;
  });
  const termRows = monthlyCost(measured, WORKLOADS[0]!).map(
    (line, i) => `| ${line.term} | ${WORKLOADS.map((w) => dollars(monthlyCost(measured, w)[i]!.monthly)).join(' | ')} |`,
  );
  return `## Costs

\`${command('npx tsx bench/costs.ts')}\` — ${machine()}.

Counted on the local runtime (the handlers Lambda runs, on DynamoDB Local and the local SNS and S3 engines), with one
partner subscribed and \`all\` already a full feed: ${COUNT} releases posted one at a time, each left to reach the feeds
and the partner before the next, then ${corrections} of them corrected. Every SDK call each function made was counted,
with the DynamoDB capacity units the engine reported for it (a transaction's units doubled, as DynamoDB bills them),
and every invocation with its duration; memory is each function's in the synthesised CDK app. Durations are this
machine's, not Lambda's: the GB-seconds are an order of magnitude, the calls and units are exact.

### What one operation does

| per | Lambda invocations | GB-s | DynamoDB read units | write units | SNS publishes | deliveries per partner | S3 PUT / HEAD+GET | table grows by |
|---|---|---|---|---|---|---|---|---|
${unitRow('POST /v1/releases', measured.post)}
${unitRow('correction (PUT with a change note)', measured.correction)}

A feed poll is one CloudFront request; it sends ${measured.pollBytes.full.toLocaleString('en-US')} bytes when it gets the whole
\`all.rss\` (50 items, gzip) and ${measured.pollBytes.notModified} bytes when it gets a 304. The stack creates ${measured.alarms} CloudWatch alarms.

Per function, per POST:

| function | memory | invocations | billed duration each | read units | write units | calls |
|---|---|---|---|---|---|---|
${perFunction(readings.post, COUNT)}

Per function, per correction:

| function | memory | invocations | billed duration each | read units | write units | calls |
|---|---|---|---|---|---|---|
${perFunction(readings.correction, corrections)}

### A month, three workloads

| workload | | per month | the term that dominates | SES, were e-mail built (not in the total) |
|---|---|---|---|---|
${workloadRows.join('\n')}

| term | ${WORKLOADS.map((w) => w.name).join(' | ')} |
|---|${WORKLOADS.map(() => '---').join('|')}|
${termRows.join('\n')}

Prices: ${PRICES.region}, ${PRICES.asOf} (${PRICES.sources.join(', ')}), not re-read from this machine, which has no
internet: check them before quoting a figure. Free tiers are left out. Assumptions the workloads do not state:
${ASSUMPTIONS.correctionsPerRelease} corrections per release; every partner's filter matches every release (the most
deliveries a release can cause); ${Math.round(ASSUMPTIONS.notModifiedShare * 100)} % of polls are conditional and answered 304,
the rest get the whole feed. Not counted: CloudWatch Logs (the functions log at INFO in production), the partners' own \`GET /v1/events\`, the press office's reads, and e-mail (not built yet).
${limits(measured)}`;
}

/** Each limit against each workload's demand at peak (headroom = limit ÷ demand); the smallest binds first. */
function limits(measured: Measured): string {
  const limitsOf = (w: Workload) => {
    const peakReleasesPerSecond = (w.releasesPerMonth / (730 * 3600)) * ASSUMPTIONS.peakOverAverage;
    const peakEventsPerSecond = peakReleasesPerSecond * (1 + ASSUMPTIONS.correctionsPerRelease);
    return [
      {
        // Every release writes its entry in `feed#all` inside the POST's transaction (a small item:
        // 1 unit, doubled); renders of `all` write only its lease item, a partition of its own.
        limit: '`all` feed partition: 1,000 write units/s',
        headroom: 1000 / (2 * peakReleasesPerSecond),
        design: 'entries are small and written once; renders are coalesced under one lease, so they do not grow with the rate',
      },
      {
        limit: 'event log sequence item: 1,000 write units/s',
        headroom: 1000 / (2 * peakEventsPerSecond),
        design: 'one conditional append per event; past that, the log would take positions per shard',
      },
      {
        limit: `one stream shard: ${round(measured.shardReleasesPerSecond, 0)} releases/s (its consumers draining a backlog here)`,
        headroom: measured.shardReleasesPerSecond / peakEventsPerSecond,
        design: 'DynamoDB splits the stream into more shards as the table grows; a batch coalesces its releases into one render per feed',
      },
      {
        limit: 'SNS publishes: 30,000/s (us-east-1 quota)',
        headroom: 30_000 / (peakEventsPerSecond * measured.post.snsPublishes),
        design: 'one publish per event; SNS fans it out to the partners',
      },
      {
        limit: 'Lambda concurrency: 1,000 per account (default quota)',
        headroom: 1000 / (peakEventsPerSecond * measured.post.lambdaSeconds),
        design: 'short functions; a quota increase is a support request',
      },
      {
        limit: 'SES sending: 50,000 a day (a new production account)',
        headroom: w.emailSubscribers > 0 ? 50_000 / ((w.releasesPerMonth / (730 / 24)) * w.emailSubscribers) : Number.POSITIVE_INFINITY,
        design: 'e-mail is not built; one e-mail per release per subscriber needs a raised quota or a digest',
      },
    ];
  };
  const table = WORKLOADS.map(limitsOf);
  const firsts = table.map((rows) => rows.reduce((a, b) => (b.headroom < a.headroom ? b : a)).limit);
  const cell = (value: number, first: boolean) => (Number.isFinite(value) ? (first ? `**${times(value)}**` : times(value)) : '—');
  const rows = table[0]!.map(
    (row, i) => `| ${row.limit} | ${table.map((rows, w) => cell(rows[i]!.headroom, firsts[w] === rows[i]!.limit)).join(' | ')} | ${row.design} |`,
  );
  return `
### The first limit that would bind

Headroom is the limit ÷ the demand at ${ASSUMPTIONS.peakOverAverage}× the month's average rate; the first to bind, in bold,
is the smallest.

| limit | ${WORKLOADS.map((w) => w.name).join(' | ')} | what the design does about it |
|---|${WORKLOADS.map(() => '---').join('|')}|---|
${rows.join('\n')}
`;
}

await main();
