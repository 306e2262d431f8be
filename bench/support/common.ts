// What every bench shares: statistics, the machine line, the request body, and rewriting one
// section of BENCHMARKS.md (the others are left as they are, so a bench that was skipped keeps
// the figures of its last run).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus } from 'node:os';
import { fixtureInput } from '../../tests/support/fixture.ts';

export const PRESS = 'bench-press-token-0123456789abcdef';
export const ADMIN = 'bench-admin-token-0123456789abcdef';

export const log = (line: string) => console.log(`[bench] ${line}`);
export const elapsed = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6;
export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Nearest-rank quantile (the value at or above `q` of the samples). */
export const quantile = (values: number[], q: number): number => {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
};
export const median = (values: number[]) => quantile(values, 0.5);
export const ms = (value: number) => `${value.toFixed(1)} ms`;
export const perSecond = (value: number) => `${value.toFixed(0)}/s`;
export const met = (ok: boolean) => (ok ? 'met' : '**missed**');

/** "2026-11-26, 2 CPUs (AMD EPYC), Node v20.20.2" — nproc, the CPU model and node, as measured. */
export function machine(): string {
  return `${new Date().toISOString().slice(0, 10)}, ${availableParallelism()} CPUs (${cpus()[0]?.model.trim() ?? 'unknown'}), Node ${process.version}`;
}

/** The command that produced a section: `npm run bench` passes its own, a bench run alone names itself. */
export const command = (alone: string) => process.env.BENCH_COMMAND ?? alone;

/**
 * The release every load bench posts: the fixture release (Azerbaijani text, 2.6 KB body) in two
 * countries and by one official, so it is stored as a 5-item transaction (release, all, KZ, RU,
 * the official's feed) — the shape FACTS.md measured the engine with — plus the idempotency
 * record when an Idempotency-Key is sent.
 */
export function benchInput(overrides: Record<string, unknown> = {}) {
  return fixtureInput({ countries: ['KZ', 'RU'], officials: ['maulen-ashimbayev'], publishedAt: undefined, ...overrides });
}

const FILE = new URL('../../BENCHMARKS.md', import.meta.url);
const HEADER = '# Benchmarks\n\nFigures measured on real engines; each section says how to reproduce it.\n';
/** Where sections go when BENCHMARKS.md does not have them yet. */
const ORDER = ['Ingest', 'Ingest profile', 'Freshness', 'Scheduled publication', 'Feed regeneration', 'Feeds per language', 'Lambda packages', 'Feed reads', 'Media processing', 'Media upload', 'Feed burst', 'Costs', 'Alert sending', 'Lighthouse'];

/** Replaces `## <title>` (up to the next `## `) in BENCHMARKS.md, or inserts it in ORDER. */
export function writeSection(title: string, section: string): void {
  const current = existsSync(FILE) ? readFileSync(FILE, 'utf8') : HEADER;
  const text = `${section.trimEnd()}\n`;
  const escaped = title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const pattern = new RegExp(`## ${escaped}\\n[\\s\\S]*?(?=\\n## |$)`);
  let next: string;
  if (pattern.test(current)) {
    next = current.replace(pattern, () => text);
  } else {
    // Before the first existing section that comes after this one in ORDER, else at the end.
    const later = ORDER.slice(ORDER.indexOf(title) + 1).map((t) => current.indexOf(`\n## ${t}\n`)).filter((i) => i >= 0);
    const at = ORDER.includes(title) && later.length > 0 ? Math.min(...later) + 1 : -1;
    next = at > 0 ? `${current.slice(0, at)}${text}\n${current.slice(at)}` : `${current.trimEnd()}\n\n${text}`;
  }
  writeFileSync(FILE, next.replace(/\n{3,}/g, '\n\n'));
  log(`"${title}" written to BENCHMARKS.md`);
}

/** Busy CPU seconds of the whole machine so far (/proc/stat: everything but idle and iowait). */
export function machineCpuSeconds(): number {
  const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = fields;
  return (user + nice + system + irq + softirq + steal) / 100; // USER_HZ (getconf CLK_TCK) is 100
}

/**
 * Watches the machine's CPU from now on: `report()` says how many cores were busy on average
 * while the bench ran, and how many were busy just before it started (other people's work on a
 * shared machine shows up there).
 */
export async function machineLoad() {
  const before = machineCpuSeconds();
  await sleep(2_000);
  const idleBefore = (machineCpuSeconds() - before) / 2;
  const start = machineCpuSeconds();
  const startedAt = Date.now();
  return {
    before: idleBefore,
    report: () =>
      `The machine was ${idleBefore.toFixed(2)} cores busy in the 2 s before the bench (other processes) and ${((machineCpuSeconds() - start) / ((Date.now() - startedAt) / 1000)).toFixed(2)} cores busy on average during it.`,
  };
}
