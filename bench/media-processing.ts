// Media processing: an uploaded 12 MP and 24 MP camera-sized JPEG, and the largest upload the
// processing accepts (100 megapixels, the pixel limit, in a file just under 50 MB), turned into every rendition
// (400, 800 and 1600 px in JPEG and WebP, and the cleaned full-size JPEG) by processUpload, next
// to a bare sharp pipeline writing the same outputs with the same encoder settings (no signature
// or trailing-data check, no header read, no limits). Each case runs in a child process of its
// own, so its peak RSS is that case's alone; the two are interleaved round by round, so load
// from other processes falls on both. The largest case's peak RSS says which Lambda memory
// setting the process-media function needs. Figures go to BENCHMARKS.md ("Media processing").
//
//   BENCH_MEDIA_ROUNDS=3   child processes per case and pipeline (median reported)
//   BENCH_MEDIA_RUNS=3     processings per child; the first is a warm-up and not timed
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MAX_UPLOAD_BYTES } from '../lambdas/core/media-schema.ts';
import { cameraJpeg } from './support/camera-jpeg.ts';
import { command, log, machine, machineLoad, median, met, ms, writeSection } from './support/common.ts';

const ROUNDS = Number(process.env.BENCH_MEDIA_ROUNDS ?? 3);
const RUNS = Number(process.env.BENCH_MEDIA_RUNS ?? 3);
const GOAL = 1.2;
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const OUT = join(ROOT, 'bench', 'out', 'media');
// The largest accepted upload: exactly the pixel limit, at the JPEG quality that keeps the
// generated file just under the upload limit (about 49 MB at quality 94; 35 MB at 90).
const LARGEST = { name: '100 MP', width: 10_000, height: 10_000, quality: 94 };
const CASES = [{ name: '12 MP', width: 4000, height: 3000, quality: 90 }, { name: '24 MP', width: 6000, height: 4000, quality: 90 }, LARGEST];
/** Lambda's share of its memory setting the largest upload's peak may use (the rest is headroom). */
const MEMORY_SHARE = 0.6;
/** Memory settings (MB) to choose from, as Lambda functions are commonly sized. */
const LAMBDA_SIZES = [512, 1024, 1536, 2048, 3008, 4096, 6144, 8192, 10240];
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
            const result = await processUpload(input, { filename: 'photo.jpg', contentType: 'image/jpeg', maxBytes: MAX_UPLOAD_BYTES });
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
    // Not process.resourceUsage().maxRSS: Linux carries the spawning process's resident size over
    // into it at exec, so a child of a bench that made a 100 MP image would report the bench's size.
    maxRssMb: Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))![1]) / 1024,
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

async function makeInput(input: (typeof CASES)[number]): Promise<string> {
  const file = join(OUT, `${input.width}x${input.height}-q${input.quality}.jpg`);
  const jpeg = await cameraJpeg(input.width, input.height, { quality: input.quality });
  if (jpeg.length > MAX_UPLOAD_BYTES) throw new Error(`${input.name} is ${jpeg.length} bytes, over the upload limit`);
  writeFileSync(file, jpeg);
  return file;
}

async function main() {
  mkdirSync(OUT, { recursive: true });
  // One after the other: the 100 MP one alone takes about 1 GB and 40 s to make.
  const inputs = [];
  for (const c of CASES) inputs.push({ ...c, file: await makeInput(c) });
  // Imported only now: it blocks the SVG and raw-pixel loaders the generator uses.
  const { MAX_PIXELS } = await import('../lambdas/media-processing/image-renditions.ts');
  if (LARGEST.width * LARGEST.height > MAX_PIXELS) throw new Error(`${LARGEST.name} is over the pixel limit, so it would be refused`);
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
  const largest = results.get(`${LARGEST.name}|processUpload`)!;
  const largestPeak = Math.max(...largest.map((r) => r.maxRssMb));
  const needed = largestPeak / MEMORY_SHARE;
  const setting = LAMBDA_SIZES.find((size) => size >= needed);
  /** The spread of the peaks, and a warning when the highest leaves the setting little room. */
  const margin = (peaks: number[], size: number | undefined) => {
    const spread = ` Its child processes peaked at ${Math.min(...peaks).toFixed(0)}–${Math.max(...peaks).toFixed(0)} MB.`;
    if (size === undefined || largestPeak <= size * MEMORY_SHARE * 0.95) return spread;
    const up = LAMBDA_SIZES.find((s) => s > size);
    return `${spread} That is within 5% of ${size} MB's limit (${(size * MEMORY_SHARE).toFixed(0)} MB), so a few MB more would need ${up ?? 'more'} MB: **${up} MB** is the setting with room.`;
  };
  const largestFile = inputs.find((input) => input.name === LARGEST.name)!.file;
  const { default: sharp } = await import('sharp');
  const section = `## Media processing

\`${command('npx tsx bench/media-processing.ts')}\` (bench/media-processing.ts) — ${machine()}, sharp ${sharp.versions.sharp} (libvips ${sharp.versions.vips}), libuv threadpool ${process.env.UV_THREADPOOL_SIZE ?? 4}. ${load.report()}

An upload (generated by bench/support/camera-jpeg.ts: a gradient with gaussian noise, JPEG quality 90, so its size
is a camera's; the ${LARGEST.name} case at quality ${LARGEST.quality}, the largest file under the upload limit)
processed by \`processUpload\` (lambdas/media-processing/process-media.ts: signature, trailing-data check,
header read with the pixel limit, then the 7 renditions — 400, 800, 1600 px in JPEG and WebP and
the full-size JPEG — as concurrent sharp pipelines), against a bare sharp pipeline writing the same
7 outputs with the same encoder settings. Each case and pipeline in a fresh child process
(${ROUNDS} rounds, interleaved; ${RUNS} processings each, the first a warm-up), so the peak RSS
(VmHWM of /proc/self/status, in MiB as Lambda's MB are: the Node process with libvips) is that case's alone. Wall time
is the median of the timed processings.

| upload | size | processUpload | bare sharp | ratio | peak RSS processUpload | peak RSS bare | output (ours / bare) |
| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |
${rows.join('\n')}

Goal: processUpload within ${GOAL}× the bare pipeline — ${met(ratios.every((r) => r <= GOAL))} (worst ${Math.max(...ratios).toFixed(2)}).

**The largest upload the processing accepts**: ${LARGEST.width} × ${LARGEST.height} is exactly the pixel limit
(\`MAX_PIXELS\`, ${(MAX_PIXELS / 1_000_000).toFixed(0)} megapixels, lambdas/media-processing/image-renditions.ts), in a
${(statSync(largestFile).size / 1_000_000).toFixed(1)} MB file (uploads are at most ${MAX_UPLOAD_BYTES.toLocaleString('en')} bytes,
\`MAX_UPLOAD_BYTES\`). processUpload's peak RSS for it, the highest of its ${largest.length} child processes (each
${RUNS} processings), is **${largestPeak.toFixed(0)} MB**; with the peak at most ${MEMORY_SHARE} of the function's memory,
process-media needs ≥ ${needed.toFixed(0)} MB: **a Lambda memory setting of ${setting ?? `more than ${LAMBDA_SIZES.at(-1)}`} MB**
(of ${LAMBDA_SIZES.join(', ')}).${margin(largest.map((r) => r.maxRssMb), setting)} The peak was measured with sharp's defaults, as the function runs them: libvips
concurrency ${sharp.concurrency()} per pipeline (sharp's default on glibc Linux without jemalloc, Lambda's Amazon Linux
included), at most ${process.env.UV_THREADPOOL_SIZE ?? 4} of the 7 pipelines at once (the libuv threadpool; 4 in Lambda too), sharp's
operation cache up to ${sharp.cache().memory.max} MB; none of that depends on the cores, so the figure holds whatever vCPUs
the memory setting brings.
`;
  writeSection('Media processing', section);
}

if (process.argv[2] === '--child') await child(process.argv[3] as Pipeline, process.argv[4]!);
else await main();
