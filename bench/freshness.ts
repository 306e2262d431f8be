// Freshness: how long after POST /v1/releases a partner's webhook receives the release and the
// feeds list it, on the local runtime (its own DynamoDB Local, stream pollers, SNS and S3
// engines) — both measured on the same releases, one release at a time. Figures go to
// BENCHMARKS.md ("Freshness"); nothing here is a test assertion.
//
//   BENCH_FRESHNESS=200   releases posted
import { startWebhookReceiver } from '../examples/webhook-receiver/receiver.ts';
import { PRESS, benchInput, command, elapsed, log, machine, met, ms, quantile, sleep, writeSection, machineLoad } from './support/common.ts';
import { feedWatcher } from './support/feed-watch.ts';
import { startRuntimeProcess } from './support/runtime-process.ts';
import { subscribeReceiver } from './support/subscribe-receiver.ts';

const RELEASES = Number(process.env.BENCH_FRESHNESS ?? 200);
const COUNTRIES = ['KZ', 'RU', 'AZ', 'TR'];
const TIMEOUT_MS = 30_000;

async function main() {
  const load = await machineLoad();
  const runtime = await startRuntimeProcess({ tableName: 'bench-freshness' });
  const arrivals = new Map<string, bigint>();
  const receiver = await startWebhookReceiver({
    topicArn: runtime.topicArn,
    allowLocalCertificates: true,
    log: () => undefined,
    onNotification: ({ event }) => {
      if (event.type === 'release.published') arrivals.set(String(event.release.id), process.hrtime.bigint());
    },
  });
  const webhook: number[] = [];
  const feeds: number[] = [];
  try {
    await subscribeReceiver(runtime.url, receiver);
    const shows = feedWatcher(runtime.url);
    log(`posting ${RELEASES} releases one at a time; waiting for the webhook and for /feeds/all.json and the country's feed (polled every 10 ms)`);
    for (let i = 0; i < RELEASES; i++) {
      const country = COUNTRIES[i % COUNTRIES.length]!;
      const start = process.hrtime.bigint();
      const response = await fetch(`${runtime.url}/v1/releases`, {
        method: 'POST',
        headers: { authorization: `Bearer ${PRESS}`, 'content-type': 'application/json' },
        body: JSON.stringify(benchInput({ title: `Freshness ${i}`, countries: [country] })),
      });
      if (response.status !== 201) throw new Error(`POST answered ${response.status}`);
      const { id } = (await response.json()) as { id: string };
      const waiting = new Set(['/feeds/all.json', `/feeds/countries/${country.toLowerCase()}.json`]);
      let feedMs: number | undefined;
      for (;;) {
        for (const path of [...waiting]) if (await shows(path, id)) waiting.delete(path);
        if (waiting.size === 0 && feedMs === undefined) feedMs = elapsed(start);
        if (feedMs !== undefined && arrivals.has(id)) break;
        if (elapsed(start) > TIMEOUT_MS) throw new Error(`release ${id}: ${arrivals.has(id) ? '' : 'no webhook'} ${feedMs === undefined ? 'not in its feeds' : ''} after 30 s`);
        await sleep(10);
      }
      webhook.push(Number(arrivals.get(id)! - start) / 1e6);
      feeds.push(feedMs);
      if ((i + 1) % 50 === 0) log(`  ${i + 1} releases: webhook p50 ${ms(quantile(webhook, 0.5))}, feeds p50 ${ms(quantile(feeds, 0.5))}`);
    }
  } finally {
    await receiver.stop();
    await runtime.stop();
  }
  const stats = (values: number[]) => ({ p50: quantile(values, 0.5), p95: quantile(values, 0.95), max: Math.max(...values) });
  const w = stats(webhook);
  const f = stats(feeds);
  const section = `## Freshness

\`${command('npx tsx bench/freshness.ts')}\` (bench/freshness.ts) — ${machine()}; the local runtime (\`startRuntime\`, its
own DynamoDB Local in memory, stream polled every 100 ms when idle, local SNS and S3 engines) in a process of its own.

${RELEASES} releases posted one at a time (POST /v1/releases, the fixture release in one of ${COUNTRIES.length} countries).
For each, from sending the POST: until the partner's webhook receiver (examples/webhook-receiver,
subscribed through POST /v1/subscriptions without a filter, confirming and verifying every signature)
has the \`release.published\` notification, and until both /feeds/all.json and the release's country
feed list it (polled every 10 ms with If-None-Match, as bench/feed-regeneration.ts does). Both on the
same releases, side by side. ${load.report()}

| POST → | releases | p50 | p95 | max | goal (p95) |
| --- | ---: | ---: | ---: | ---: | --- |
| partner webhook received | ${webhook.length} | ${ms(w.p50)} | ${ms(w.p95)} | ${ms(w.max)} | ≤ 1 s: ${met(w.p95 <= 1_000)} |
| feeds show the release | ${feeds.length} | ${ms(f.p50)} | ${ms(f.p95)} | ${ms(f.max)} | ≤ 1.5 s: ${met(f.p95 <= 1_500)} |
`;
  console.log(`\n${section}`);
  writeSection('Freshness', section);
}

await main();
process.exit(0);
