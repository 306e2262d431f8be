// Scheduled publication: how soon after a release's scheduled instant a partner's webhook has
// `release.published` and the feeds list it, on the local runtime (its scheduler engine
// invoking the publish-due handler, as EventBridge Scheduler does in AWS), and how a burst of
// releases due at the same second is published. Figures go to BENCHMARKS.md ("Scheduled
// publication"); nothing here is a test assertion.
//
//   BENCH_SCHEDULED=50       releases scheduled 3 s ahead, spread over 10 s
//   BENCH_BURST=200          releases due at the same second
import { startWebhookReceiver } from '../examples/webhook-receiver/receiver.ts';
import { PRESS, benchInput, command, log, machine, machineLoad, met, ms, quantile, sleep, writeSection } from './support/common.ts';
import { startRuntimeProcess } from './support/runtime-process.ts';
import { subscribeReceiver } from './support/subscribe-receiver.ts';

const SPREAD = Number(process.env.BENCH_SCHEDULED ?? 50);
const BURST = Number(process.env.BENCH_BURST ?? 200);
const COUNTRIES = ['KZ', 'RU', 'AZ', 'TR'];
const TIMEOUT_MS = 60_000;

const stats = (values: number[]) => ({ p50: quantile(values, 0.5), p95: quantile(values, 0.95), max: Math.max(...values) });

async function main() {
  const load = await machineLoad();
  const runtime = await startRuntimeProcess({ tableName: 'bench-scheduled' });
  /** When the partner had release.published, per release id (epoch ms, the clock publishedAt is on). */
  const arrivals = new Map<string, number>();
  const receiver = await startWebhookReceiver({
    topicArn: runtime.topicArn,
    allowLocalCertificates: true,
    log: () => undefined,
    onNotification: ({ event }) => {
      if (event.type === 'release.published') arrivals.set(String(event.release.id), Date.now());
    },
  });
  const api = (path: string, init: RequestInit & { token?: string } = {}) =>
    fetch(`${runtime.url}${path}`, {
      ...init,
      headers: { authorization: `Bearer ${init.token ?? PRESS}`, 'content-type': 'application/json', ...(init.headers ?? {}) },
    });

  /** Posts one release due at `due`; its id, instant and the feeds it will be in. */
  async function scheduleOne(i: number, due: number, title: string) {
    const country = COUNTRIES[i % COUNTRIES.length]!;
    const response = await api('/v1/releases', {
      method: 'POST',
      body: JSON.stringify(benchInput({ title: `${title} ${i}`, countries: [country], publishedAt: new Date(due).toISOString() })),
    });
    const body = (await response.json()) as { id: string; status: string };
    if (response.status !== 201 || body.status !== 'scheduled') throw new Error(`POST answered ${response.status}, status ${body.status}`);
    return { id: body.id, due, feeds: ['/feeds/all.json', `/feeds/countries/${country.toLowerCase()}.json`] };
  }

  /**
   * Polls the feeds every 20 ms (five files, conditionally: what a handful of eager readers
   * would do), from now until stopped, and notes when each release id first appears in each.
   */
  function watchFeeds() {
    const seen = new Map<string, Map<string, number>>();
    const paths = ['/feeds/all.json', ...COUNTRIES.map((c) => `/feeds/countries/${c.toLowerCase()}.json`)];
    const etags = new Map<string, string>();
    let running = true;
    const loop = (async () => {
      while (running) {
        await Promise.all(
          paths.map(async (path) => {
            const response = await fetch(`${runtime.url}${path}`, { headers: etags.has(path) ? { 'if-none-match': etags.get(path)! } : {} });
            if (response.status !== 200) return void (await response.arrayBuffer());
            etags.set(path, response.headers.get('etag') ?? '');
            const now = Date.now();
            const feed = (await response.json()) as { items: Array<{ id: string }> };
            for (const { id: entry } of feed.items) {
              const id = entry.slice(entry.lastIndexOf('/') + 1);
              const at = seen.get(id) ?? new Map<string, number>();
              if (!at.has(path)) at.set(path, now);
              seen.set(id, at);
            }
          }),
        );
        await sleep(20);
      }
    })();
    return {
      /** When the release was in all its feeds, once it is. */
      shownAt: (release: { id: string; feeds: string[] }) => {
        const at = seen.get(release.id);
        return at && release.feeds.every((path) => at.has(path)) ? Math.max(...release.feeds.map((path) => at.get(path)!)) : undefined;
      },
      stop: async () => {
        running = false;
        await loop;
      },
    };
  }

  /** When /feeds/all.json first lists `count` of these releases (polled every 10 ms). */
  async function feedFullOf(ids: Set<string>, count: number): Promise<number> {
    const deadline = Date.now() + TIMEOUT_MS;
    for (;;) {
      const feed = (await (await fetch(`${runtime.url}/feeds/all.json`)).json()) as { items: Array<{ id: string }> };
      const listed = feed.items.filter((item) => [...ids].some((id) => item.id.endsWith(id))).length;
      if (listed >= count) return Date.now();
      if (Date.now() > deadline) throw new Error(`all.json lists ${listed} of the burst after ${TIMEOUT_MS / 1000} s`);
      await sleep(10);
    }
  }

  /** The time of each release's publishing write (its updatedAt once published). */
  async function publishedWrites(releases: Array<{ id: string }>) {
    const writes = new Map<string, number>();
    for (const { id } of releases) {
      const release = (await (await api(`/v1/releases/${id}`)).json()) as { status: string; updatedAt: string };
      if (release.status !== 'published') throw new Error(`release ${id} is ${release.status}`);
      writes.set(id, Date.parse(release.updatedAt));
    }
    return writes;
  }

  let spread: { webhook: number[]; feeds: number[]; write: number[] };
  let burst: { due: number; lastWrite: number; lastWebhook: number; lastFeeds: number; early: number };
  try {
    await subscribeReceiver(runtime.url, receiver);

    log(`${SPREAD} releases, each scheduled 3 s ahead, their instants spread over 10 s`);
    const feeds = watchFeeds();
    const start = Date.now();
    const spreadReleases = [];
    for (let i = 0; i < SPREAD; i++) {
      await sleep(Math.max(0, start + (i * 10_000) / SPREAD - Date.now()));
      spreadReleases.push(await scheduleOne(i, Date.now() + 3_000, 'Scheduled'));
    }
    for (const by = Date.now() + TIMEOUT_MS; spreadReleases.some((r) => !arrivals.has(r.id) || feeds.shownAt(r) === undefined); await sleep(20)) {
      if (Date.now() > by) throw new Error('webhooks or feed entries missing');
    }
    await feeds.stop();
    const writes = await publishedWrites(spreadReleases);
    spread = {
      webhook: spreadReleases.map((r) => arrivals.get(r.id)! - r.due),
      feeds: spreadReleases.map((r) => feeds.shownAt(r)! - r.due),
      write: spreadReleases.map((r) => writes.get(r.id)! - r.due),
    };
    log(`  webhook p95 ${ms(stats(spread.webhook).p95)}, feeds p95 ${ms(stats(spread.feeds).p95)}`);

    await runtime.settle();
    log(`${BURST} releases due at the same second`);
    // Far enough ahead for the POSTs, and notify's schedules for them, to be done first (as they
    // are for releases scheduled hours ahead), on a whole second.
    const due = Math.ceil((Date.now() + 20_000 + BURST * 40) / 1000) * 1000;
    const burstReleases = [];
    for (let i = 0; i < BURST; i++) burstReleases.push(await scheduleOne(i, due, 'Burst'));
    if (Date.now() >= due) throw new Error('the burst was posted too slowly to be due at one second');
    // A feed lists its newest feedSize releases, fewer than the burst: the newest page of
    // all.json filling with them is when the feeds have caught up.
    const pageSize = Math.min(BURST, 50);
    const newest = await feedFullOf(new Set(burstReleases.map((r) => r.id)), pageSize);
    for (const by = Date.now() + TIMEOUT_MS; burstReleases.some((r) => !arrivals.has(r.id)); await sleep(20)) {
      if (Date.now() > by) throw new Error('webhooks missing');
    }
    const burstWrites = await publishedWrites(burstReleases);
    burst = {
      due,
      lastWrite: Math.max(...burstWrites.values()) - due,
      early: Math.min(...burstWrites.values()) - due,
      lastWebhook: Math.max(...burstReleases.map((r) => arrivals.get(r.id)!)) - due,
      lastFeeds: newest - due,
    };
  } finally {
    await receiver.stop();
    await runtime.stop();
  }
  const w = stats(spread.webhook);
  const f = stats(spread.feeds);
  const p = stats(spread.write);
  const section = `## Scheduled publication

\`${command('npx tsx bench/scheduled-publication.ts')}\` (bench/scheduled-publication.ts) — ${machine()}; the local runtime
(\`startRuntime\` in a process of its own: its DynamoDB Local in memory, the scheduler engine standing in for
EventBridge Scheduler and invoking the publish-due handler, the stream pollers, SNS and S3 engines). ${load.report()}

**${SPREAD} releases, each posted 3 s before its instant**, their instants spread over 10 s. From each release's
scheduled instant (its \`publishedAt\`) until its publishing write (the release's \`updatedAt\` once published), until the
partner's webhook receiver (examples/webhook-receiver, subscribed without a filter) has \`release.published\`, and until
both /feeds/all.json and the release's country feed list it (the five feed files polled every 20 ms with If-None-Match).

| scheduled instant → | releases | p50 | p95 | max | goal (p95) |
| --- | ---: | ---: | ---: | ---: | --- |
| published (the write) | ${spread.write.length} | ${ms(p.p50)} | ${ms(p.p95)} | ${ms(p.max)} | never before the instant: ${met(Math.min(...spread.write) >= 0)} (earliest ${ms(Math.min(...spread.write))}) |
| partner webhook received | ${spread.webhook.length} | ${ms(w.p50)} | ${ms(w.p95)} | ${ms(w.max)} | ≤ 1 s: ${met(w.p95 <= 1_000)} |
| both feeds show it | ${spread.feeds.length} | ${ms(f.p50)} | ${ms(f.p95)} | ${ms(f.max)} | ≤ 1.5 s: ${met(f.p95 <= 1_500)} |

**${BURST} releases due at the same second**: from that second until the first and the last of them is published (its
write), until the partner has the last \`release.published\`, and until /feeds/all.json (which lists the newest 50) is
full of them.

| due at one second → | releases | first write | last write | last webhook | all.json full of them | goal |
| --- | ---: | ---: | ---: | ---: | ---: | --- |
| ${BURST} releases | ${BURST} | ${ms(burst.early)} | ${ms(burst.lastWrite)} | ${ms(burst.lastWebhook)} | ${ms(burst.lastFeeds)} | all public within 3 s: ${met(burst.lastWrite <= 3_000 && burst.early >= 0)} |

In AWS, EventBridge Scheduler invokes a schedule anywhere within the minute after its time; each schedule is set a
minute ahead and publish-due waits for the instant (docs/DECISIONS.md, "Scheduled publication"), so these figures are
what the function's own work costs after the instant, not Scheduler's precision.
`;
  console.log(`\n${section}`);
  writeSection('Scheduled publication', section);
}

await main();
process.exit(0);
