// `npm run bench`: every benchmark, each in a process of its own, one after the other; each
// rewrites its own section of BENCHMARKS.md, so a bench left out keeps the figures of its last run.
//
//   npm run bench                              all of them (the 100,000-release regeneration takes minutes)
//   npm run bench -- --skip regeneration       all but the regeneration bench (about 10 minutes)
//   npm run bench -- --only ingest,packages    just those
//   npm run bench -- --list                    the names
//
// Environment variables of the single benches (BENCH_INGEST_SECONDS, BENCH_FRESHNESS, BENCH_SIZES, …)
// are passed through; see the head of each file.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const BENCHES = {
  ingest: { file: 'ingest.ts', what: 'POST /v1/releases vs the same DynamoDB operations sent raw (Ingest)' },
  freshness: { file: 'freshness.ts', what: 'POST → partner webhook and POST → feeds (Freshness)' },
  regeneration: { file: 'feed-regeneration.ts', what: 'feed regeneration with 1,000 vs 100,000 releases, POST → feed (Feed regeneration; seeds 100,000 releases: several minutes)' },
  languages: { file: 'language-feeds.ts', what: 'feed regeneration before and after feeds per language, side by side, with 1,000 and 100,000 releases (Feeds per language; seeds 4 tables: about 15 minutes)' },
  packages: { file: 'lambda-packages.ts', what: 'bundle sizes and cold import of every Lambda (Lambda packages)' },
  'feed-reads': { file: 'feed-reads.ts', what: 'conditional polls and GET /feeds/all.rss requests/s (Feed reads)' },
  scheduled: { file: 'scheduled-publication.ts', what: 'scheduled instant → webhook and feeds, and 200 releases due at one second (Scheduled publication)' },
  media: { file: 'media-processing.ts', what: '12 MP, 24 MP and the largest accepted (100 MP) JPEG into every rendition vs a bare sharp pipeline, peak RSS, Lambda memory (Media processing; about 6 minutes)' },
  outage: { file: 'partner-outage.ts', what: 'a partner down for 5 minutes while 100 releases are posted: webhooks plus the event log cover every event (Partner outage; about 8 minutes)' },
  burst: { file: 'feed-burst.ts', what: '1,000 releases at the API\'s saturation rate: renders of `all` per release, last 201 → every feed final, ingest with the consumers running vs paused (Feed burst; about 12 minutes)' },
  costs: { file: 'costs.ts', what: 'the operations one POST, correction and feed poll cause, counted, and a month at list prices for three workloads (Costs; about 3 minutes)' },
  upload: { file: 'media-upload.ts', what: 'upload → ready on the local runtime: 12 MP photos one after the other and 4 at a time (Media upload)' },
  alerts: { file: 'alert-sending.ts', what: '10,000 readers of all, one release: POST → every alert on the local SES engine, the rate held against the configured rate, peak memory (Alert sending; about 2 minutes)' },
  lighthouse: { file: 'lighthouse.ts', what: 'Lighthouse performance (and the other categories) of every kind of public page, 3 runs each (Lighthouse; about 3 minutes)' },
} as const;
type Name = keyof typeof BENCHES;
const NAMES = Object.keys(BENCHES) as Name[];

function option(flag: string): Name[] | undefined {
  const index = process.argv.indexOf(flag);
  if (index < 0) return undefined;
  const names = (process.argv[index + 1] ?? '').split(',').filter(Boolean);
  const unknown = names.filter((name) => !NAMES.includes(name as Name));
  if (names.length === 0 || unknown.length > 0) {
    console.error(`${flag} needs a comma-separated list of: ${NAMES.join(', ')}${unknown.length ? ` (unknown: ${unknown.join(', ')})` : ''}`);
    process.exit(2);
  }
  return names as Name[];
}

if (process.argv.includes('--list') || process.argv.includes('--help')) {
  for (const name of NAMES) console.log(`${name.padEnd(13)} bench/${BENCHES[name].file}: ${BENCHES[name].what}`);
  process.exit(0);
}
const only = option('--only');
const skip = option('--skip') ?? [];
const selected = (only ?? NAMES).filter((name) => !skip.includes(name));
const args = process.argv.slice(2);
const commandLine = `npm run bench${args.length ? ` -- ${args.join(' ')}` : ''}`;

const started = Date.now();
const outcomes: string[] = [];
let failed = false;
for (const name of selected) {
  const file = fileURLToPath(new URL(`./${BENCHES[name].file}`, import.meta.url));
  console.log(`\n[bench] ===== ${name}: ${BENCHES[name].what}`);
  const benchStarted = Date.now();
  const child = spawn(process.execPath, [...process.execArgv, file], {
    stdio: 'inherit',
    env: { ...process.env, BENCH_COMMAND: commandLine },
  });
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  const seconds = ((Date.now() - benchStarted) / 1000).toFixed(0);
  outcomes.push(`${name}: ${code === 0 ? 'done' : `FAILED (exit ${code})`} in ${seconds} s`);
  if (code !== 0) failed = true;
}
const left = NAMES.filter((name) => !selected.includes(name));
console.log(`\n[bench] ${outcomes.join('; ')}${left.length ? `; not run (their sections in BENCHMARKS.md are unchanged): ${left.join(', ')}` : ''}`);
console.log(`[bench] total ${((Date.now() - started) / 1000).toFixed(0)} s`);
process.exit(failed ? 1 : 0);
