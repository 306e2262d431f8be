// One code path: each Lambda bundles exactly the module the local runtime imports for that
// function (handlerEntry in lambdas/routes.ts), and the bundle is a working ESM module
// that exports the same `handler`, with the AWS SDK inside and source maps alongside. A native
// package (sharp) is the exception: installed beside the bundle, for Lambda's platform.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Asset } from 'aws-cdk-lib/aws-s3-assets';
import { handlerEntry, routes, scheduledFunctions, streamConsumers, uploadFunctions, queueFunctions, pageFunctions, alertQueueFunctions, alertScheduledFunctions } from '../../lambdas/routes.ts';
import { projectRoot } from '../../lib/functions.ts';
import { lambdaBundles } from '../../local/lambda-bundles.ts';
import type { PressroomFunctionName } from '../../lib/functions.ts';
import { synthesise, type Synthesised } from './synth.ts';
import { allFunctionNames } from './support.ts';

let synthesised: Synthesised;

beforeAll(() => {
  // With the metadata the CLI adds (construct paths, asset folders): what local/lambda-bundles.ts reads.
  synthesised = synthesise({ stage: 'prod', 'aws:cdk:enable-path-metadata': true, 'aws:cdk:enable-asset-metadata': true });
}, 120_000);

/** The module local/runtime.ts loads: new URL(`../${handlerEntry(name)}`, <local/runtime.ts>). */
const localRuntimeModule = (name: PressroomFunctionName) =>
  fileURLToPath(new URL(`../${handlerEntry(name)}`, pathToFileURL(join(projectRoot, 'local', 'runtime.ts'))));

function bundleOf(name: PressroomFunctionName) {
  const fn = synthesised.stack.functions.get(name)!;
  const asset = fn.function.node.findChild('Code') as Asset;
  const dir = join(synthesised.app.outdir, asset.assetPath);
  const map = JSON.parse(readFileSync(join(dir, 'index.mjs.map'), 'utf8')) as { sources: string[] };
  // esbuild wrote the map in a sibling build directory of the same depth.
  const sources = map.sources.map((source) => resolve(dir, source));
  return { fn, dir, code: readFileSync(join(dir, 'index.mjs'), 'utf8'), sources };
}

/** Functions whose asset installs native packages instead of bundling them. */
const INSTALLED: Partial<Record<PressroomFunctionName, readonly string[]>> = { 'process-media': ['sharp'] };
const copies: string[] = [];
afterAll(() => {
  for (const copy of copies) rmSync(copy, { recursive: true, force: true });
});
const projectPackage = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };

test('every lambdas/*/handler.ts is declared: a route group, a page function, a stream consumer, a scheduled, an upload or a queue function', () => {
  const declared = new Set<string>([...routes.map((r) => r.function), ...pageFunctions, ...streamConsumers, ...scheduledFunctions, ...uploadFunctions, ...queueFunctions, ...alertQueueFunctions, ...alertScheduledFunctions]);
  const onDisk = readdirSync(join(projectRoot, 'lambdas'), { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(projectRoot, 'lambdas', entry.name, 'handler.ts')))
    .map((entry) => entry.name);
  for (const name of onDisk) expect(declared, `lambdas/${name}/handler.ts`).toContain(name);
});

describe.each(allFunctionNames)('%s', (name) => {
  test('its entry is the module the local runtime invokes', () => {
    const { fn } = bundleOf(name);
    expect(fn.entry).toBe(localRuntimeModule(name));
    expect(fn.entry).toBe(resolve(projectRoot, handlerEntry(name)));
  });

  test('the bundle was built from that module and no other handler', () => {
    const { sources } = bundleOf(name);
    const handlers = sources.filter((source) => /\/lambdas\/[^/]+\/handler\.ts$/.test(source));
    expect(handlers).toEqual([localRuntimeModule(name)]);
  });

  test('ESM with the createRequire banner, minified, source map, AWS SDK v3 bundled', () => {
    const { dir, code, sources } = bundleOf(name);
    expect(code.startsWith("import { createRequire as __pressroomCreateRequire } from 'node:module';")).toBe(true);
    expect(code).toMatch(/\/\/# sourceMappingURL=index\.mjs\.map\s*$/);
    // Minified: long lines (template literals keep their own line breaks), no indentation.
    const lines = code.split('\n');
    expect(code.length / lines.length).toBeGreaterThan(1000);
    expect(lines.filter((line) => line.startsWith('    ')).length).toBeLessThan(lines.length / 4);
    expect(existsSync(join(dir, 'index.mjs.map'))).toBe(true);
    expect(sources.some((source) => source.includes('/node_modules/@aws-sdk/'))).toBe(true);
    expect(code).not.toMatch(/from\s*["']@aws-sdk\//);
  });

  // The asset's sharp is Lambda's (linux-arm64) and cannot load here: such a bundle is loaded
  // from a copy inside the project, where `sharp` resolves to this machine's build instead.
  test('the bundle loads as ESM and exports the handler, as the source module does', async () => {
    const { dir } = bundleOf(name);
    let loadFrom = dir;
    if (INSTALLED[name]) {
      mkdirSync(join(projectRoot, '.local'), { recursive: true });
      loadFrom = mkdtempSync(join(projectRoot, '.local', 'bundle-'));
      copies.push(loadFrom);
      for (const file of ['index.mjs', 'index.mjs.map']) copyFileSync(join(dir, file), join(loadFrom, file));
    }
    const bundled = (await import(pathToFileURL(join(loadFrom, 'index.mjs')).href)) as { handler?: unknown };
    const source = (await import(pathToFileURL(localRuntimeModule(name)).href)) as { handler?: unknown };
    expect(typeof bundled.handler).toBe('function');
    expect(typeof source.handler).toBe('function');
  });

  test('native packages are installed beside the bundle, not bundled; other functions ship the bundle alone', () => {
    const { dir, code, sources } = bundleOf(name);
    const installed = INSTALLED[name] ?? [];
    for (const module of installed) {
      expect(sources.some((source) => source.includes(`/node_modules/${module}/`)), module).toBe(false);
      expect(code).toMatch(new RegExp(`from\\s*["']${module}["']`));
    }
    if (!installed.length) expect(existsSync(join(dir, 'node_modules'))).toBe(false);
  });
});

describe('process-media: sharp for Lambda (linux, arm64, glibc)', () => {
  const modules = () => join(bundleOf('process-media').dir, 'node_modules');
  const versionOf = (path: string) => (JSON.parse(readFileSync(join(modules(), path, 'package.json'), 'utf8')) as { version: string }).version;

  test('sharp at the version package.json pins', () => {
    expect(versionOf('sharp')).toBe(projectPackage.dependencies.sharp);
  });

  test('the linux-arm64 glibc build and its libvips, and no build for any other platform', () => {
    const platformPackages = readdirSync(join(modules(), '@img')).filter((entry) => entry.startsWith('sharp-')).sort();
    expect(platformPackages).toEqual(['sharp-libvips-linux-arm64', 'sharp-linux-arm64']);
    expect(versionOf('@img/sharp-linux-arm64')).toBe(projectPackage.dependencies.sharp);
    const binaries = readdirSync(join(modules(), '@img', 'sharp-linux-arm64', 'lib'));
    expect(binaries).toEqual([`sharp-linux-arm64-${projectPackage.dependencies.sharp}.node`]);
    // An ELF shared object for AArch64 (e_machine 183), not this machine's build.
    const elf = readFileSync(join(modules(), '@img', 'sharp-linux-arm64', 'lib', binaries[0]!));
    expect(elf.subarray(0, 4).toString('latin1')).toBe('\x7fELF');
    expect(elf.readUInt16LE(18)).toBe(183);
    // The libvips package is the one sharp's own package.json asks for.
    const sharpPackage = JSON.parse(readFileSync(join(modules(), 'sharp', 'package.json'), 'utf8')) as { optionalDependencies: Record<string, string> };
    expect(versionOf('@img/sharp-libvips-linux-arm64')).toBe(sharpPackage.optionalDependencies['@img/sharp-libvips-linux-arm64']);
  });
});

test('each function ships its own bundle', () => {
  const functions = synthesised.stack.functions;
  const hashes = new Set([...functions.values()].map((fn) => (fn.function.node.findChild('Code') as Asset).assetHash));
  expect(hashes.size).toBe(functions.size);
});

// What PRESSROOM_HANDLER_BUNDLES runs: the function names come back from the construct paths,
// a hyphenated one (publish-due, PublishDueFunction) too.
test('the local runtime finds each function\'s bundle in the synthesised output, by its name', () => {
  const bundles = lambdaBundles(synthesised.app.outdir);
  expect([...bundles.keys()].sort()).toEqual([...allFunctionNames].sort());
  for (const name of allFunctionNames) expect(bundles.get(name), name).toBe(join(bundleOf(name).dir, 'index.mjs'));
});
