// A partner down for a while: on the local runtime with the delivery policy as deployed (real
// time, no scaling), a partner's webhook receiver goes down, releases are posted during the
// outage, and the receiver comes back on the same address. It then does what the README tells
// a partner to do: reads GET /v1/events with its partner token after the cursor it stored
// before the outage, and deduplicates everything on eventId. Measured: whether webhooks plus
// the log cover every event, how many arrived twice (and were dropped by eventId), and how long
// SNS's retries took to deliver the outage's events after recovery. Figures go to
// BENCHMARKS.md ("Partner outage"); nothing here is a test assertion.
//
//   BENCH_OUTAGE_SECONDS=300   how long the partner is down
//   BENCH_OUTAGE_RELEASES=100  releases posted while it is down, evenly spread
import { startWebhookReceiver, type RunningReceiver } from '../examples/webhook-receiver/receiver.ts';
import { PRESS, benchInput, command, log, machine, met, sleep, writeSection, machineLoad } from './support/common.ts';
import { startRuntimeProcess } from './support/runtime-process.ts';
import { subscribeReceiver } from './support/subscribe-receiver.ts';

const OUTAGE_S = Number(process.env.BENCH_OUTAGE_SECONDS ?? 300);
const RELEASES = Number(process.env.BENCH_OUTAGE_RELEASES ?? 100);
/** How long after recovery SNS's retries are waited for (the policy's delays reach a minute). */
const RETRY_WAIT_MS = 180_000;

async function main() {
  const load = await machineLoad();
  const runtime = await startRuntimeProcess({ tableName: 'bench-partner-outage' });
  // The partner's own bookkeeping, kept across its restart: what it has processed, by eventId.
  const processed = new Set<string>();
  const byWebhook = new Set<string>();
  let webhookDeliveries = 0;
  let droppedAsSeen = 0;
  const onNotification = ({ event }: { event: { eventId?: string } }) => {
    const eventId = String(event.eventId);
    webhookDeliveries++;
    byWebhook.add(eventId);
    if (processed.has(eventId)) droppedAsSeen++;
    else processed.add(eventId);
  };
  const receiverOptions = { topicArn: runtime.topicArn, allowLocalCertificates: true, log: () => undefined, onNotification };
  let receiver: RunningReceiver = await startWebhookReceiver(receiverOptions);
  const port = Number(new URL(receiver.url).port);
  const posted: string[] = [];
  let fromLog = 0;
  let logOverlap = 0;
  let recoveredAt = 0;
  let allByWebhookMs: number | undefined;
  try {
    const { token } = await subscribeReceiver(runtime.url, receiver);
    const events = async (cursor: string) => {
      const response = await fetch(`${runtime.url}/v1/events?limit=100${cursor ? `&after=${cursor}` : ''}`, { headers: { authorization: `Bearer ${token}` } });
      if (response.status !== 200) throw new Error(`GET /v1/events answered ${response.status}`);
      return (await response.json()) as { items: Array<{ eventId: string }>; nextCursor: string };
    };
    // What the partner stored when it last polled, before it went down.
    let cursor = (await events('')).nextCursor;

    log(`the partner goes down for ${OUTAGE_S} s; ${RELEASES} releases are posted meanwhile`);
    await receiver.stop();
    const outageStart = Date.now();
    for (let i = 0; i < RELEASES; i++) {
      const response = await fetch(`${runtime.url}/v1/releases`, {
        method: 'POST',
        headers: { authorization: `Bearer ${PRESS}`, 'content-type': 'application/json' },
        body: JSON.stringify(benchInput({ title: `Outage ${i}` })),
      });
      if (response.status !== 201) throw new Error(`POST answered ${response.status}`);
      posted.push(`${((await response.json()) as { id: string }).id}.1.published`);
      await sleep(Math.max(0, outageStart + ((i + 1) * OUTAGE_S * 1000) / RELEASES - Date.now()));
    }
    await sleep(Math.max(0, outageStart + OUTAGE_S * 1000 - Date.now()));

    receiver = await startWebhookReceiver({ ...receiverOptions, port });
    recoveredAt = Date.now();
    log('the partner is back: it reads the log after its stored cursor');
    for (;;) {
      const page = await events(cursor);
      for (const { eventId } of page.items) {
        fromLog++;
        if (processed.has(eventId)) logOverlap++;
        else processed.add(eventId);
      }
      cursor = page.nextCursor;
      if (page.items.length < 100) break;
    }
    log(`  ${fromLog} events read from the log; waiting up to ${RETRY_WAIT_MS / 1000} s for SNS's retries`);
    while (Date.now() - recoveredAt < RETRY_WAIT_MS) {
      if (posted.every((id) => byWebhook.has(id))) {
        allByWebhookMs = Date.now() - recoveredAt;
        break;
      }
      await sleep(100);
    }
  } finally {
    await receiver.stop();
    await runtime.stop();
  }
  const covered = posted.filter((id) => processed.has(id)).length;
  const viaWebhook = posted.filter((id) => byWebhook.has(id)).length;
  const coverage = (100 * covered) / posted.length;
  const section = `## Partner outage

\`${command('npx tsx bench/partner-outage.ts')}\` (bench/partner-outage.ts) — ${machine()}; the local runtime in a process of its
own, with every subscription's delivery policy as deployed (lambdas/core/delivery-policy.ts, real time, not scaled).

A partner (examples/webhook-receiver, subscribed without a filter, verifying every signature) stores its
event-log cursor, goes down for ${OUTAGE_S} s, and ${posted.length} releases are posted meanwhile, evenly spread. It comes
back on the same address and does what the README's catch-up walkthrough says: reads \`GET /v1/events\` with its
partner token after its stored cursor, and processes each eventId once, whether it came by webhook or from the
log. ${load.report()}

| measure | figure | goal |
| --- | ---: | --- |
| events posted during the outage | ${posted.length} | |
| covered by webhook or log, after deduplicating on eventId | ${covered} (${coverage.toFixed(1)} %) | 100 %: ${met(covered === posted.length)} |
| processed twice after deduplicating | 0 (each eventId processed once, by construction of the partner) | 0 |
| read from the log at recovery | ${fromLog} | |
| delivered by SNS's retries after recovery | ${viaWebhook} of ${posted.length} | |
| webhook deliveries in all | ${webhookDeliveries} | |
| seen twice and dropped by eventId | ${droppedAsSeen + logOverlap} (${logOverlap} log items already had by webhook, ${droppedAsSeen} webhooks already read from the log or delivered before) | |
| recovery → every outage event delivered by webhook | ${allByWebhookMs === undefined ? `not within ${RETRY_WAIT_MS / 1000} s` : `${(allByWebhookMs / 1000).toFixed(1)} s`} | within the policy's longest delay (60 s) |

With SNS's default policy (3 retries 20 s apart) every message of a five-minute outage would be dropped after
a minute; the log alone would then have to bring them back.
`;
  console.log(`\n${section}`);
  writeSection('Partner outage', section);
}

await main();
process.exit(0);
