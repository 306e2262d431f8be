// Alert sending: 10,000 confirmed readers of `all` (seeded straight into the subscribers'
// table), one release posted through the API, and the time until the local SES engine has
// accepted every alert, read from the engine's own store (its /store?since, whole seconds);
// then the same readers switched to the daily digest, and its run at the digest time.
// The path is the one AWS runs: the topic's SQS subscription, alert-fanout, the mail queue,
// alert-mail paced at the configured rate. Figures go to BENCHMARKS.md ("Alert sending");
// nothing here is a test assertion.
//
//   BENCH_ALERT_READERS=10000   confirmed readers of everything
//   BENCH_ALERT_RATE=100        the sending rate the sender is given (mails a second)
import { readFileSync, writeFileSync } from 'node:fs';
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { documentClient } from '../lambdas/adapters/dynamodb-client.ts';
import { subscriberKeys } from '../lambdas/adapters/subscriber-store.ts';
import { startRuntime } from '../local/runtime.ts';
import { lastDigestAt, nextDigestAt } from '../lambdas/core/alerts/digest-time.ts';
import { digestEntries, recordDigestEntry } from '../lambdas/adapters/digest-store.ts';
import { readSiteConfigFile } from '../lib/site-config-file.ts';
import { PRESS, benchInput, command, log, machine, machineLoad, met, sleep, writeSection } from './support/common.ts';

const READERS = Number(process.env.BENCH_ALERT_READERS ?? 10_000);
const RATE = Number(process.env.BENCH_ALERT_RATE ?? 100);
const GOAL = 0.9;
const TIMEOUT_MS = Math.max(120_000, (READERS / RATE) * 3_000);

const status = () => readFileSync('/proc/self/status', 'utf8');
const rssMb = (field: 'VmRSS' | 'VmHWM') => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status())![1]) / 1024;
/** Linux resets the peak (VmHWM) to the current RSS when 5 is written to clear_refs. */
const resetPeak = () => writeFileSync('/proc/self/clear_refs', '5');

interface StoredMail {
  subject: string;
  destination: { to: string[] };
  /** Epoch seconds. */
  at: number;
}

const load = await machineLoad();
const runtime = await startRuntime({ port: 0, tableName: 'bench-alerts', pressToken: PRESS, alerts: { sendRate: RATE }, log: () => undefined });
try {
  const table = runtime.settings.alerts!.subscribersTable;
  log(`seeding ${READERS} confirmed readers of all`);
  const seededAt = Date.now();
  const ids = Array.from({ length: READERS }, () => ulid());
  const followers = (frequency: 'immediately' | 'daily') =>
    ids.map((id, i) => ({ ...subscriberKeys.follower('all', id), address: `reader${i}@example.org`, frequency, language: 'en' }));
  const put = (items: Array<Record<string, unknown>>) => runtime.adapters.run(async () => {
    for (let start = 0; start < items.length; start += 25 * 8) {
      await Promise.all(
        Array.from({ length: 8 }, async (_, k) => {
          let batch = items.slice(start + k * 25, start + (k + 1) * 25).map((Item) => ({ PutRequest: { Item } }));
          while (batch.length > 0) {
            const { UnprocessedItems } = await documentClient().send(new BatchWriteCommand({ RequestItems: { [table]: batch } }));
            batch = (UnprocessedItems?.[table] ?? []) as typeof batch;
          }
        }),
      );
    }
  });
  const now = new Date().toISOString();
  await put([
    ...ids.map((id, i) => ({ ...subscriberKeys.subscriber(id), id, address: `reader${i}@example.org`, language: 'en', createdAt: now, confirmedAt: now, follows: { all: 'immediately' }, pending: {}, confirmationsSent: { day: now.slice(0, 10), count: 1 }, revision: 1 })),
    ...followers('immediately'),
  ]);
  log(`seeded in ${((Date.now() - seededAt) / 1000).toFixed(0)} s`);

  /** Polls the engine's store from `sinceSecond` until `count` mails with `subject` are in it; stamped seconds and distinct readers. */
  async function accepted(subject: (mail: StoredMail) => boolean, count: number, sinceSecond: number, started: bigint) {
    const perSecond = new Map<number, number>();
    const readers = new Set<string>();
    let seen = 0;
    for (;;) {
      const store = (await (await fetch(`${runtime.engines.ses.endpoint}/store?since=${sinceSecond}`)).json()) as { emails: StoredMail[] };
      const mails = store.emails.filter(subject);
      for (const mail of mails.slice(seen)) {
        perSecond.set(mail.at, (perSecond.get(mail.at) ?? 0) + 1);
        for (const to of mail.destination.to) readers.add(to);
      }
      seen = mails.length;
      if (seen >= count) return { perSecond, readers, seen, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
      if (Number(process.hrtime.bigint() - started) / 1e6 > TIMEOUT_MS) throw new Error(`only ${seen} of ${count} mails after ${TIMEOUT_MS / 1000} s`);
      await sleep(1_000);
    }
  }
  /** The rate held: the stamped seconds between the first and the last (those two are partly used). */
  const steadyRate = (perSecond: Map<number, number>) => {
    const seconds = [...perSecond.keys()].sort((a, b) => a - b);
    const full = seconds.slice(1, -1).map((second) => perSecond.get(second) ?? 0);
    return { steady: full.length > 0 ? full.reduce((sum, n) => sum + n, 0) / full.length : Number.NaN, whole: full.length, first: seconds[0]!, last: seconds.at(-1)!, most: Math.max(...perSecond.values()) };
  };

  const title = `Alert bench ${ulid()}`;
  const idleRss = rssMb('VmRSS');
  resetPeak();
  const sinceSecond = Math.floor(Date.now() / 1000);
  const posted = process.hrtime.bigint();
  const response = await fetch(`${runtime.url}/v1/releases`, {
    method: 'POST',
    headers: { authorization: `Bearer ${PRESS}`, 'content-type': 'application/json' },
    body: JSON.stringify(benchInput({ title })),
  });
  if (response.status !== 201) throw new Error(`POST /v1/releases answered ${response.status}`);
  const { readers, seen, seconds: totalS, perSecond } = await accepted((mail) => mail.subject === title, READERS, sinceSecond, posted);
  const peakRss = rssMb('VmHWM');
  const { steady, whole, first, last, most } = steadyRate(perSecond);
  const overall = READERS / totalS;
  const ratio = steady / RATE;
  log(`${seen} alerts (${readers.size} readers) in ${totalS.toFixed(1)} s; steady ${steady.toFixed(1)}/s of ${RATE}/s, most in one second ${most}`);

  // The same readers on the daily digest. The release's entry is for the next digest, which is
  // not due yet: it is copied into the digest due last, which a run may send now.
  await put(followers('daily'));
  const { config } = readSiteConfigFile();
  const next = nextDigestAt(config.alerts!.digestTime, config.timeZone, new Date());
  const due = lastDigestAt(config.alerts!.digestTime, config.timeZone, new Date());
  await runtime.adapters.run(async () => {
    for (const entry of await digestEntries(next, 'all')) await recordDigestEntry(due, 'all', ulid(), 1, entry);
  });
  const digestIdle = rssMb('VmRSS');
  resetPeak();
  const digestSince = Math.floor(Date.now() / 1000);
  const digestStarted = process.hrtime.bigint();
  const queued = await runtime.sendDigests(due);
  const queuedS = Number(process.hrtime.bigint() - digestStarted) / 1e9;
  const digests = await accepted((mail) => mail.subject !== title && mail.destination.to[0]!.startsWith('reader'), READERS, digestSince, digestStarted);
  const digestPeak = rssMb('VmHWM');
  const digestRate = steadyRate(digests.perSecond);
  log(`${digests.seen} digests (${queued} queued in ${queuedS.toFixed(1)} s) in ${digests.seconds.toFixed(1)} s; steady ${digestRate.steady.toFixed(1)}/s`);

  const section = `## Alert sending

\`${command('npx tsx bench/alert-sending.ts')}\` (bench/alert-sending.ts) — ${machine()}; the local runtime
in the bench's process (npm start's engines, DynamoDB Local in memory), the sender given ${RATE} mails a
second. ${READERS.toLocaleString('en')} confirmed readers of \`all\`, seeded into the subscribers' table; one release posted
through the API; the clock runs from the POST until the local SES engine's store holds every alert,
read from the engine's \`/store?since\` (it stamps each mail to the second). ${load.report()}

| | |
| --- | --- |
| alerts accepted by the SES engine | ${seen.toLocaleString('en')}, to ${readers.size.toLocaleString('en')} distinct readers |
| POST → the last alert accepted | ${totalS.toFixed(1)} s (${overall.toFixed(1)} a second overall, the fan-out's start included) |
| rate held, the seconds between the first and the last | ${steady.toFixed(1)} a second (${whole} whole seconds) |
| achieved ÷ configured | **${ratio.toFixed(3)}** (goal ≥ ${GOAL}: ${met(ratio >= GOAL)}) |
| most alerts the engine stamped with one second | ${most} (configured ${RATE}; see below; from ${new Date(first * 1000).toISOString().slice(11, 19)} to ${new Date(last * 1000).toISOString().slice(11, 19)} UTC) |
| peak RSS while sending (every function and the engines' Node side) | ${peakRss.toFixed(0)} MB, from ${idleRss.toFixed(0)} MB before the POST |
| the daily digest to the same readers: run → the last digest accepted | ${digests.seconds.toFixed(1)} s (the run queued ${queued.toLocaleString('en')} in ${queuedS.toFixed(1)} s) |
| digest rate held ÷ configured | **${(digestRate.steady / RATE).toFixed(3)}** (${digestRate.steady.toFixed(1)} a second; most in one stamped second ${digestRate.most}) |
| peak RSS while sending the digest | ${digestPeak.toFixed(0)} MB, from ${digestIdle.toFixed(0)} MB before the run |

The sender plans each send 1/rate after the one before it, with a second's worth under way at
most, and never starts more than the rate in any second (the window rule of
lambdas/core/alerts/send-pace.ts, held by a property test under random timer lateness). The
engine stamps a mail when it has stored it, after the request has crossed the same busy event
loop, so answers delayed together land in one stamped second: the most in one stamped second
is what SES would see arrive, not what the sender started. One process runs every function
here, so its peak memory is an upper bound for the sender's own. The digest run is the
schedule's invocation of alert-digest (\`runtime.sendDigests\`) for the digest due last, into
which the release's entry (recorded by the fan-out for the next one) is copied.
`;
  writeSection('Alert sending', section);
} finally {
  await runtime.stop();
}
