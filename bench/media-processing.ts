// Media processing: an uploaded 12 MP and 24 MP camera-sized JPEG turned into every rendition
// (400, 800 and 1600 px in JPEG and WebP, and the cleaned full-size JPEG) by processUpload, next
// to a bare sharp pipeline writing the same outputs with the same encoder settings (no signature
// or trailing-data check, no header read, no limits). Each case runs in a child process of its
// own, so its peak RSS is that case's alone; the two are interleaved round by round, so load
// from other processes falls on both. Figures go to BENCHMARKS.md ("Media processing").
//
//   BENCH_MEDIA_ROUNDS=3   child processes per case and pipeline (median reported)
//   BENCH_MEDIA_RUNS=3     processings per child; the first is a warm-up and not timed
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { command, log, machine, machineLoad, median, met, ms, writeSection } from './support/common.ts';

const ROUNDS = Number(process.env.BENCH_MEDIA_ROUNDS ?? 3);
const RUNS = Number(process.env.BENCH_MEDIA_RUNS ?? 3);
const GOAL = 1.2;
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const OUT = join(ROOT, 'bench', 'out', 'media');
const CASES = [
  { name: '12 MP', width: 4000, height: 3000 },
  { name: '24 MP', width: 6000, height: 4000 },
] as const;
type Pipeline = 'processUpload' | 'bare sharp';

interface ChildResult {
  ms: number[];
  maxRssMb: number;
  outputs: number;
  outputBytes: number;
}

async function child(pipeline: Pipeline, file: string): Promise<void> {
  const input = readFileSync(file);
  const run =
    pipeline === 'processUpload'
      ? await (async () => {
          const { processUpload } = await import('../lambdas/media-processing/process-media.ts');
          return async () => {
            const result = await processUpload(input, { filename: 'photo.jpg', contentType: 'image/jpeg', maxBytes: 50_000_000 });
            if (result.status !== 'ready') throw new Error(`refused: ${result.reason}`);
            return result.renditions.map((r) => r.body);
          };
        })()
      : await (async () => {
          const { default: sharp } = await import('sharp');
          const { JPEG, WEBP, RENDITION_WIDTHS } = await import('../lambdas/media-processing/image-renditions.ts');
          return () =>
            Promise.all([
              ...RENDITION_WIDTHS.flatMap((width) => [
                sharp(input).autoOrient().resize({ width }).jpeg(JPEG).toBuffer(),
                sharp(input).autoOrient().resize({ width }).webp(WEBP).toBuffer(),
              ]),
              sharp(input).autoOrient().jpeg(JPEG).toBuffer(),
            ]);
        })();
  const times: number[] = [];
  let outputs: Buffer[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    outputs = await run();
    if (i > 0 || RUNS === 1) times.push(performance.now() - start);
  }
  const result: ChildResult = {
    ms: times,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    outputs: outputs.length,
    outputBytes: outputs.reduce((sum, body) => sum + body.length, 0),
  };
  console.log(JSON.stringify(result));
}

function spawnChild(pipeline: Pipeline, file: string): ChildResult {
  const run = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), '--child', pipeline, file], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`${pipeline} on ${file} failed: ${run.stderr}`);
  return JSON.parse(run.stdout.trim().split('\n').at(-1)!) as ChildResult;
}

/** A camera-like JPEG: a gradient with sensor-like noise, quality 90, so its size is realistic. */
async function makeInput(width: number, height: number): Promise<string> {
  const { default: sharp } = await import('sharp');
  const file = join(OUT, `${width}x${height}.jpg`);
  const noise = await sharp({ create: { width, height, channels: 3, background: '#000', noise: { type: 'gaussian', mean: 110, sigma: 18 } } })
    .png({ compressionLevel: 0 })
    .toBuffer();
  const gradient = Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><defs><linearGradient id="g"><stop offset="0" stop-color="#345"/><stop offset="1" stop-color="#dca"/></linearGradient></defs><rect width="100%" height="100%" fill="url(#g)"/></svg>`);
  const jpeg = await sharp(gradient).composite([{ input: noise, blend: 'overlay' }]).jpeg({ quality: 90 }).toBuffer();
  writeFileSync(file, jpeg);
  return file;
}

async function main() {
  mkdirSync(OUT, { recursive: true });
  const inputs = await Promise.all(CASES.map(async (c) => ({ ...c, file: await makeInput(c.width, c.height) })));
  const load = await machineLoad();
  const results = new Map<string, ChildResult[]>();
  for (let round = 0; round < ROUNDS; round++) {
    for (const input of inputs) {
      for (const pipeline of ['processUpload', 'bare sharp'] as const) {
        const result = spawnChild(pipeline, input.file);
        const key = `${input.name}|${pipeline}`;
        results.set(key, [...(results.get(key) ?? []), result]);
        log(`round ${round + 1} ${input.name} ${pipeline}: ${result.ms.map(ms).join(', ')}, peak RSS ${result.maxRssMb.toFixed(0)} MB`);
      }
    }
  }
  const rows: string[] = [];
  const ratios: number[] = [];
  for (const input of inputs) {
    const ours = results.get(`${input.name}|processUpload`)!;
    const bare = results.get(`${input.name}|bare sharp`)!;
    const oursMs = median(ours.flatMap((r) => r.ms));
    const bareMs = median(bare.flatMap((r) => r.ms));
    const ratio = oursMs / bareMs;
    ratios.push(ratio);
    const mb = (n: number) => `${(n / 1_000_000).toFixed(1)} MB`;
    rows.push(
      `| ${input.name} (${input.width} × ${input.height}) | ${mb(statSync(input.file).size)} | ${ms(oursMs)} | ${ms(bareMs)} | ${ratio.toFixed(2)} | ${median(ours.map((r) => r.maxRssMb)).toFixed(0)} MB | ${median(bare.map((r) => r.maxRssMb)).toFixed(0)} MB | ${ours[0]!.outputs} files, ${mb(ours[0]!.outputBytes)} / ${mb(bare[0]!.outputBytes)} |`,
    );
  }
  const { default: sharp } = await import('sharp');
  const section = `## Media processing

\`${command('npx tsx bench/media-processing.ts')}\` (bench/media-processing.ts) — ${machine()}, sharp ${sharp.versions.sharp} (libvips ${sharp.versions.vips}), libuv threadpool ${process.env.UV_THREADPOOL_SIZE ?? 4}. ${load.report()}

An upload (generated: a gradient with gaussian noise, JPEG quality 90, so its size is a camera's)
processed by \`processUpload\` (lambdas/media-processing/process-media.ts: signature, trailing-data check,
header read with the pixel limit, then the 7 renditions — 400, 800, 1600 px in JPEG and WebP and
the full-size JPEG — as concurrent sharp pipelines), against a bare sharp pipeline writing the same
7 outputs with the same encoder settings. Each case and pipeline in a fresh child process
(${ROUNDS} rounds, interleaved; ${RUNS} processings each, the first a warm-up), so the peak RSS
(\`process.resourceUsage().maxRSS\`: the Node process with libvips) is that case's alone. Wall time
is the median of the timed processings.

| upload | size | processUpload | bare sharp | ratio | peak RSS processUpload | peak RSS bare | output (ours / bare) |
| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |
${rows.join('\n')}

Goal: processUpload within ${GOAL}× the bare pipeline — ${met(ratios.every((r) => r <= GOAL))} (worst ${Math.max(...ratios).toFixed(2)}).
`;
  writeSection('Media processing', section);
}

if (process.argv[2] === '--child') await child(process.argv[3] as Pipeline, process.argv[4]!);
else await main();
