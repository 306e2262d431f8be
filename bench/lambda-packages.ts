// Lambda packages: every function bundled as the CDK stack bundles it (lib/lambda-function.ts:
// esbuild, ESM, minified, target node24, platform node, the createRequire banner, source map
// without sources), once with the AWS SDK inside (what we deploy) and once with @aws-sdk/*
// external (NodejsFunction's default: the runtime's copy). Size of each bundle, our own code's
// share of it (esbuild's metafile: bytes from lambdas/), and the time a fresh Node process takes
// to import it. Figures go to BENCHMARKS.md ("Lambda packages").
//
//   BENCH_IMPORTS=10   fresh processes per bundle and setting (median reported)
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Metafile } from 'esbuild';
import { handlerEntry, routes, scheduledFunctions, streamConsumers, type AnyFunctionName } from '../lambdas/routes.ts';
import { command, log, machine, median, met, ms, writeSection, machineLoad } from './support/common.ts';

const IMPORTS = Number(process.env.BENCH_IMPORTS ?? 10);
const ROOT = fileURLToPath(new URL('..', import.meta.url));
// Inside the project, so that a bundle with @aws-sdk/* external finds the SDK in node_modules as
// a Lambda finds the runtime's copy.
const OUT = join(ROOT, 'bench', 'out', 'packages');
const LIMITS = { own: 150 * 1024, total: 800 * 1024, importMs: 150 };

// The banner lib/lambda-function.ts gives esbuild (not exported there): read from its source, so
// the bench cannot drift from the stack.
const ESM_REQUIRE_BANNER = (() => {
  const source = readFileSync(join(ROOT, 'lib', 'lambda-function.ts'), 'utf8');
  const match = /const ESM_REQUIRE_BANNER =\s*"([^"]+)"/.exec(source);
  if (!match?.[1]) throw new Error('ESM_REQUIRE_BANNER not found in lib/lambda-function.ts');
  return match[1];
})();

type Name = AnyFunctionName;
type Variant = 'sdk bundled' | 'sdk external';
const VARIANTS: Record<Variant, string[]> = { 'sdk bundled': [], 'sdk external': ['@aws-sdk/*'] };

interface Bundle {
  name: Name;
  variant: Variant;
  file: string;
  bytes: number;
  mapBytes: number;
  own: number;
  /** The largest contributors outside lambdas/, by package. */
  packages: Array<[string, number]>;
  imports: { plain: number[]; sourceMaps: number[] };
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

async function bundle(name: Name, variant: Variant): Promise<Bundle> {
  const dir = join(OUT, variant.replace(' ', '-'), name);
  const file = join(dir, 'index.mjs');
  // The options NodejsFunction passes to esbuild for PressroomFunction (lib/lambda-function.ts).
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: [handlerEntry(name)],
    bundle: true,
    platform: 'node',
    target: 'node24',
    format: 'esm',
    mainFields: ['module', 'main'],
    outfile: file,
    minify: true,
    sourcemap: true,
    sourcesContent: false,
    external: VARIANTS[variant],
    banner: { js: ESM_REQUIRE_BANNER },
    metafile: true,
    logLevel: 'warning',
  });
  const output = Object.entries(result.metafile.outputs).find(([path]) => path.endsWith('index.mjs'))![1];
  return {
    name,
    variant,
    file,
    bytes: statSync(file).size,
    mapBytes: statSync(`${file}.map`).size,
    own: ownBytes(output),
    packages: byPackage(output),
    imports: { plain: [], sourceMaps: [] },
  };
}

function ownBytes(output: Metafile['outputs'][string]): number {
  return Object.entries(output.inputs)
    .filter(([path]) => path.startsWith('lambdas/'))
    .reduce((sum, [, input]) => sum + input.bytesInOutput, 0);
}

function byPackage(output: Metafile['outputs'][string]): Array<[string, number]> {
  const sums = new Map<string, number>();
  for (const [path, input] of Object.entries(output.inputs)) {
    if (path.startsWith('lambdas/')) continue;
    const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path)?.[1] ?? path;
    const group = pkg.startsWith('@aws-sdk/') || pkg.startsWith('@smithy/') || pkg.startsWith('@aws-crypto/') ? pkg.split('/')[0]! : pkg;
    sums.set(group, (sums.get(group) ?? 0) + input.bytesInOutput);
  }
  return [...sums].sort((a, b) => b[1] - a[1]).slice(0, 5);
}

/** Milliseconds a fresh `node` takes to import the bundle, measured inside that process. */
function coldImport(file: string, sourceMaps: boolean): number {
  const script = 'const t = performance.now(); await import(process.argv[1]); console.log(performance.now() - t);';
  const { NODE_OPTIONS: _ignored, ...env } = process.env;
  const run = spawnSync(process.execPath, [...(sourceMaps ? ['--enable-source-maps'] : []), '--input-type=module', '-e', script, file], {
    encoding: 'utf8',
    env: { ...env, AWS_REGION: 'eu-central-1', TABLE_NAME: 'bench', AWS_LAMBDA_FUNCTION_NAME: 'bench' },
  });
  const value = Number(run.stdout.trim().split('\n').at(-1));
  if (run.status !== 0 || !Number.isFinite(value)) throw new Error(`importing ${file} failed: ${run.stderr}`);
  return value;
}

async function main() {
  const load = await machineLoad();
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });
  const names: Name[] = [...new Set(routes.map((r) => r.function)), ...streamConsumers, ...scheduledFunctions];
  const bundles: Bundle[] = [];
  for (const variant of Object.keys(VARIANTS) as Variant[]) {
    for (const name of names) bundles.push(await bundle(name, variant));
  }
  log(`bundled ${bundles.length} packages; importing each in ${IMPORTS} fresh processes, with and without --enable-source-maps, interleaved`);
  for (let i = 0; i < IMPORTS; i++) {
    for (const b of bundles) {
      b.imports.plain.push(coldImport(b.file, false));
      b.imports.sourceMaps.push(coldImport(b.file, true));
    }
  }
  for (const b of bundles) {
    log(`${b.name} (${b.variant}): ${kb(b.bytes)}, ours ${kb(b.own)}, import ${ms(median(b.imports.plain))} / ${ms(median(b.imports.sourceMaps))} with source maps`);
  }
  const rows = bundles.map((b) => {
    const imp = median(b.imports.plain);
    const impMaps = median(b.imports.sourceMaps);
    return `| ${b.name} | ${b.variant} | ${kb(b.bytes)} | ${kb(b.own)} | ${kb(b.mapBytes)} | ${ms(imp)} | ${ms(impMaps)} | ${b.packages.map(([p, n]) => `${p} ${kb(n)}`).join(', ')} |`;
  });
  const deployed = bundles.filter((b) => b.variant === 'sdk bundled');
  const external = bundles.filter((b) => b.variant === 'sdk external');
  const worst = (list: Bundle[], f: (b: Bundle) => number) => list.reduce((a, b) => (f(b) > f(a) ? b : a));
  const maxOwn = worst(bundles, (b) => b.own);
  const maxTotal = worst(deployed, (b) => b.bytes);
  const maxTotalExternal = worst(external, (b) => b.bytes);
  const slowest = worst(deployed, (b) => median(b.imports.sourceMaps));
  const slowestPlain = worst(deployed, (b) => median(b.imports.plain));
  const slowestExternal = worst(external, (b) => median(b.imports.sourceMaps));
  const section = `## Lambda packages

\`${command('npx tsx bench/lambda-packages.ts')}\` (bench/lambda-packages.ts) — ${machine()}, esbuild ${(await import('esbuild')).version}.

Each function of \`lambdas/routes.ts\` (route groups, \`streamConsumers\` and \`scheduledFunctions\`, entry \`handlerEntry(name)\`)
bundled with the options the CDK stack gives esbuild (lib/lambda-function.ts: ESM, minified, target
node24, platform node, main fields module,main, the createRequire banner, source map without
sources): *sdk bundled* is what we deploy (\`externalModules: []\`), *sdk external* leaves
\`@aws-sdk/*\` to the Lambda runtime's copy (NodejsFunction's default). Size is \`index.mjs\`; *ours* is
the bytes esbuild's metafile attributes to inputs under \`lambdas/\`; the source map ships beside it.
Cold import: a fresh \`node\` (${process.version} here; Lambda runs 24) timing
\`await import(bundle)\` inside itself, ${IMPORTS} processes per bundle and setting, interleaved, median; deployed
functions run with \`NODE_OPTIONS=--enable-source-maps\`, hence both columns. The external variant
imports the SDK from node_modules, as Lambda imports its own. ${load.report()}

| function | AWS SDK | index.mjs | ours | .map | cold import | with --enable-source-maps | largest other inputs |
| --- | --- | ---: | ---: | ---: | ---: | ---: | --- |
${rows.join('\n')}

- Our own code: at most ${kb(maxOwn.own)} (${maxOwn.name}) — goal ≤ 150 KB: ${met(maxOwn.own <= LIMITS.own)}.
- Whole bundle as deployed (SDK bundled): at most ${kb(maxTotal.bytes)} (${maxTotal.name}) — goal ≤ 800 KB: ${met(maxTotal.bytes <= LIMITS.total)}. With the SDK external: at most ${kb(maxTotalExternal.bytes)} (${maxTotalExternal.name}).
- Cold import as deployed (SDK bundled, source maps on): at most ${ms(median(slowest.imports.sourceMaps))} (${slowest.name}); without source maps at most ${ms(median(slowestPlain.imports.plain))} (${slowestPlain.name}) — goal ≤ 150 ms: ${met(median(slowest.imports.sourceMaps) <= LIMITS.importMs)}. SDK external, source maps on: at most ${ms(median(slowestExternal.imports.sourceMaps))} (${slowestExternal.name}).
`;
  console.log(`\n${section}`);
  writeSection('Lambda packages', section);
}

await main();
