// Reads the .cpuprofile files `node --cpu-prof` wrote and sums self time per function and per
// origin (our lambdas/, local/, a package, Node itself), for a short summary of where CPU went.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

interface CpuProfile {
  nodes: Array<{ id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number }>;
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

const ROOT = new URL('../../', import.meta.url).href;

/** lambdas/…, local/…, node_modules/<package>, node:internal… */
export function originOf(url: string): string {
  if (!url) return '(native / VM)';
  const relative = url.startsWith(ROOT) ? url.slice(ROOT.length) : url;
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(relative);
  if (pkg) return pkg[1]!;
  if (relative.startsWith('node:')) return 'node (built-in)';
  return relative.split('/').slice(0, 1).join('/') + '/';
}

export function summariseProfile(file: string, top = 15): string {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const timeOf = (name: string) => [...self].filter(([id]) => byId.get(id)!.callFrame.functionName === name).reduce((a, [, t]) => a + t, 0);
  const idle = timeOf('(idle)');
  const functions = new Map<string, number>();
  const origins = new Map<string, number>();
  for (const [id, time] of self) {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    if (functionName === '(idle)') continue;
    const where = url ? `${url.startsWith(ROOT) ? url.slice(ROOT.length) : url}:${lineNumber + 1}` : '';
    const name = `${functionName || '(anonymous)'}${where ? ` ${where}` : ''}`;
    functions.set(name, (functions.get(name) ?? 0) + time);
    const origin = functionName === '(garbage collector)' ? '(garbage collector)' : originOf(url);
    origins.set(origin, (origins.get(origin) ?? 0) + time);
  }
  const busy = total - idle;
  const pct = (t: number) => `${((100 * t) / busy).toFixed(1)}%`;
  const rows = (map: Map<string, number>, n: number) =>
    [...map].sort((a, b) => b[1] - a[1]).slice(0, n).map(([name, t]) => `| ${name.replace(/\|/g, '\\|')} | ${(t / 1000).toFixed(0)} ms | ${pct(t)} |`);
  return [
    `Profile ${file}: ${(total / 1e6).toFixed(1)} s sampled, ${(busy / 1e6).toFixed(1)} s busy (${(idle / 1e6).toFixed(1)} s idle left out).`,
    '',
    '| self time by origin | ms | of busy |',
    '| --- | ---: | ---: |',
    ...rows(origins, 10),
    '',
    '| self time by function | ms | of busy |',
    '| --- | ---: | ---: |',
    ...rows(functions, top),
  ].join('\n');
}

/**
 * Inclusive time of our own functions (frames under `pattern`): each sample counted once per
 * function on its stack, so a handler's figure includes what it called synchronously.
 */
export function ourFunctions(file: string, pattern = /\/(lambdas|local)\//, top = 12): string {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile & { nodes: Array<{ children?: number[] }> };
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const inclusive = new Map<string, number>();
  for (const [id, time] of self) {
    const seen = new Set<string>();
    for (let current: number | undefined = id; current !== undefined; current = parent.get(current)) {
      const { functionName, url } = byId.get(current)!.callFrame;
      if (!pattern.test(url)) continue;
      const name = `${functionName || '(anonymous)'} (${url.startsWith(ROOT) ? url.slice(ROOT.length) : url})`;
      if (seen.has(name)) continue;
      seen.add(name);
      inclusive.set(name, (inclusive.get(name) ?? 0) + time);
    }
  }
  return [
    '| our function (inclusive: with what it calls synchronously) | ms |',
    '| --- | ---: |',
    ...[...inclusive].sort((a, b) => b[1] - a[1]).slice(0, top).map(([name, t]) => `| ${name} | ${(t / 1000).toFixed(0)} ms |`),
  ].join('\n');
}

/** The profiles in `dir`, largest (the main thread) first. */
export function profilesIn(dir: string): string[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.cpuprofile'))
    .map((name) => join(dir, name))
    .sort((a, b) => statSync(b).size - statSync(a).size);
}

export function summariseProfiles(dir: string, top = 15): string {
  return profilesIn(dir)
    .map((file) => summariseProfile(file, top))
    .join('\n\n');
}
