// `npm run bench -- --only languages`: what the feeds per language cost the feeds function. The
// regeneration benchmark (bench/feed-regeneration.ts) runs twice in one run on this machine, one
// after the other: from a checkout of the last commit before feeds per language (every release in
// its 3 language-neutral feeds) and from this working tree (a three-language site: the same 3
// feeds and the 3 of the release's language, whose entries the function writes first, and the
// release's page). Figures go
// to BENCHMARKS.md ("Feeds per language"); nothing here is a test assertion.
//
//   BENCH_BASELINE=<commit>   the "before" (default: the last commit before feeds per language)
//   BENCH_SIZES, BENCH_RUNS   passed on to the regeneration benchmark (default 1000,100000 and 40)
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { command, writeSection } from './support/common.ts';

const root = resolve(fileURLToPath(import.meta.url), '../..');
// The last commit whose feeds function knew no languages.
const BASELINE = process.env.BENCH_BASELINE ?? 'b738f626763bf488d988ee762ed2ec3eebb7c638';
const log = (line: string) => console.log(`[bench] ${line}`);
const ms = (value: number) => `${value.toFixed(1)} ms`;

interface Row {
  size: number;
  median: number;
  p95: number;
  queryMedian: number;
  /** Requests the handler sent per release (median), and the items seeded; only this tree's benchmark says. */
  requests?: number;
  items?: number;
}

/** The regeneration part of bench/feed-regeneration.ts from one tree, in a process of its own. */
async function regeneration(tree: string, label: string): Promise<Row[]> {
  const out = join(mkdtempSync(join(tmpdir(), 'pressroom-bench-')), 'regeneration.json');
  log(`${label}: regeneration from ${tree}`);
  const child = spawn(process.execPath, ['--import', 'tsx', join(tree, 'bench/feed-regeneration.ts'), 'regeneration', out], {
    cwd: tree,
    stdio: 'inherit',
    env: { ...process.env, BENCH_SIZES: process.env.BENCH_SIZES ?? '1000,100000' },
  });
  const code = await new Promise<number | null>((done) => child.on('exit', done));
  if (code !== 0) throw new Error(`the ${label} regeneration benchmark failed (exit ${code})`);
  return JSON.parse(readFileSync(out, 'utf8')) as Row[];
}

/** True when this tree's benchmark counted the same requests per release at every size. */
const sameRequests = (rows: readonly Row[]) => rows.every((row) => row.requests !== undefined && row.requests === rows[0]!.requests);

const baselineTree = join(mkdtempSync(join(tmpdir(), 'pressroom-baseline-')), 'tree');
execFileSync('git', ['-C', root, 'worktree', 'add', '--detach', baselineTree, BASELINE], { stdio: 'inherit' });
try {
  // The dependencies did not change between the two: the baseline uses this tree's.
  if (!existsSync(join(baselineTree, 'node_modules'))) symlinkSync(join(root, 'node_modules'), join(baselineTree, 'node_modules'));
  const before = await regeneration(baselineTree, 'before');
  const now = await regeneration(root, 'now');
  const rows = before.map((b, i) => ({ size: b.size, before: b, now: now[i]! }));
  const growth = now.at(-1)!.median / now[0]!.median;
  const section = `## Feeds per language

\`${command('npm run bench -- --only languages')}\` (bench/language-feeds.ts) — ${new Date().toISOString().slice(0, 10)}, ${availableParallelism()} CPUs (${cpus()[0]?.model.trim() ?? 'unknown'}), Node ${process.version}.

The regeneration benchmark (see *Feed regeneration*: the feeds handler on the stream record of one
new release in KZ and of Maulen Ashimbayev, 40 measured per table after 5 warm-up) run twice in
this run, one after the other: **before**, from a checkout of ${BASELINE.slice(0, 7)} (the last
commit before feeds per language: 3 feeds per release); **now**, from this tree, on a
three-language site (the releases in az, en and ru in turn): the language entries written first,
then the release's page, then 6 feeds (the 3 of every language and the 3 of the release's language).

| releases in the table | before: median | before: p95 | now: median | now: p95 | now ÷ before (medians) | now: requests per release | Query + BatchGet of \`all\` (50): before · now |
| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
${rows.map((r) => `| ${r.size.toLocaleString('en')} | ${ms(r.before.median)} | ${ms(r.before.p95)} | ${ms(r.now.median)} | ${ms(r.now.p95)} | **${(r.now.median / r.before.median).toFixed(2)}** | ${r.now.requests ?? '—'} | ${ms(r.before.queryMedian)} · ${ms(r.now.queryMedian)} |`).join('\n')}

Goal now ÷ before ≤ 1.5: ${rows.every((r) => r.now.median / r.before.median <= 1.5) ? 'met' : '**missed**'}. Now, ${now.at(-1)!.size.toLocaleString('en')} ÷ ${now[0]!.size.toLocaleString('en')} (medians): **${growth.toFixed(2)}** (goal ≤ 1.2): ${growth <= 1.2 ? 'met' : '**missed**'}.
${sameRequests(now) ? `The handler sends the same ${now[0]!.requests} requests per release whatever the archive's size: no request grows with it. What grows is the local engine's time per request: the same Query of \`all\`'s newest 50 took ${ms(now[0]!.queryMedian)} in the small table and ${ms(now.at(-1)!.queryMedian)} in the large one, which holds ${(now.at(-1)!.items ?? 0).toLocaleString('en')} items (the language entries included; the baseline's held the same releases without them).` : 'The requests per release differ between the sizes: see the table.'}
`;
  writeSection('Feeds per language', section);
  console.log(`\n${section}`);
} finally {
  execFileSync('git', ['-C', root, 'worktree', 'remove', '--force', baselineTree], { stdio: 'inherit' });
  rmSync(resolve(baselineTree, '..'), { recursive: true, force: true });
}
