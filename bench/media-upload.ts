// Media upload: how soon a photo a press officer uploads is ready, on the local runtime as
// `npm start` runs it (startRuntime in a process of its own; its object store notifies the
// process-media handler, which runs sharp in that same process). Each upload is timed from
// the POST /v1/media request until the first GET /v1/media/{id} (polled every 25 ms) answers
// `ready`, split at the answer to the ask and the answer to the form POST; one photo after the
// other, then several at a time. Figures go to BENCHMARKS.md ("Media upload"); nothing here is
// a test assertion.
//
//   BENCH_UPLOADS=20              photos per run (each run has its own, all different)
//   BENCH_UPLOAD_CONCURRENCY=4    photos at a time in the concurrent run
import { readFileSync, writeFileSync } from 'node:fs';
import { cameraJpeg } from './support/camera-jpeg.ts';
import { PRESS, command, elapsed, log, machine, machineLoad, ms, quantile, sleep, writeSection } from './support/common.ts';
import { startRuntimeProcess, type RuntimeProcess } from './support/runtime-process.ts';

const PHOTOS = Number(process.env.BENCH_UPLOADS ?? 20);
const CONCURRENCY = Number(process.env.BENCH_UPLOAD_CONCURRENCY ?? 4);
const WIDTH = 4000;
const HEIGHT = 3000;
const POLL_MS = 25;
const TIMEOUT_MS = 120_000;

interface Timing {
  /** POST /v1/media answered 201. */
  ask: number;
  /** The form POST to the object store answered 204. */
  sent: number;
  /** GET /v1/media/{id} answered ready. */
  ready: number;
}

const stats = (values: number[]) => ({ p50: quantile(values, 0.5), p95: quantile(values, 0.95), max: Math.max(...values) });

/** The runtime process's memory and CPU from /proc: peak RSS since the last reset, CPU seconds so far. */
const proc = (pid: number) => ({
  peakRssMb: () => Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024,
  rssMb: () => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024,
  /** Linux resets the peak (VmHWM) to the current RSS when 5 is written to clear_refs. */
  resetPeak: () => writeFileSync(`/proc/${pid}/clear_refs`, '5'),
  // utime and stime, fields 14 and 15; the command name before them may hold spaces, so after its ')'.
  cpuSeconds: () => {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(')').at(-1)!.trim().split(/\s+/);
    return (Number(fields[11]) + Number(fields[12])) / 100; // USER_HZ is 100
  },
});

async function uploadOne(runtime: RuntimeProcess, photo: Buffer, name: string): Promise<Timing> {
  const auth = { authorization: `Bearer ${PRESS}` };
  const start = process.hrtime.bigint();
  const asked = await fetch(`${runtime.url}/v1/media`, {
    method: 'POST',
    headers: { ...auth, 'content-type': 'application/json' },
    body: JSON.stringify({ filename: `${name}.jpg`, contentType: 'image/jpeg', bytes: photo.length }),
  });
  if (asked.status !== 201) throw new Error(`POST /v1/media answered ${asked.status}: ${await asked.text()}`);
  const created = (await asked.json()) as { id: string; upload: { url: string; fields: Record<string, string> } };
  const ask = elapsed(start);
  // As a browser or curl -F sends it: the fields first, then the file.
  const form = new FormData();
  for (const [field, value] of Object.entries(created.upload.fields)) form.append(field, value);
  form.append('file', new Blob([photo], { type: 'image/jpeg' }), `${name}.jpg`);
  const sentResponse = await fetch(created.upload.url, { method: 'POST', body: form });
  if (sentResponse.status !== 204) throw new Error(`the upload answered ${sentResponse.status}: ${await sentResponse.text()}`);
  const sent = elapsed(start);
  for (;;) {
    const response = await fetch(`${runtime.url}/v1/media/${created.id}`, { headers: auth });
    const item = (await response.json()) as { status: string; reason?: string };
    if (item.status === 'ready') return { ask, sent, ready: elapsed(start) };
    if (item.status === 'rejected') throw new Error(`${name} was rejected: ${item.reason}`);
    if (elapsed(start) > TIMEOUT_MS) throw new Error(`${name} not ready after ${TIMEOUT_MS / 1000} s (${item.status})`);
    await sleep(POLL_MS);
  }
}

interface Run {
  label: string;
  at: number;
  timings: Timing[];
  wallMs: number;
  idleRssMb: number;
  peakRssMb: number;
  cpuPerPhoto: number;
}

async function run(runtime: RuntimeProcess, label: string, photos: Buffer[], at: number): Promise<Run> {
  const p = proc(runtime.pid);
  const idleRssMb = p.rssMb();
  p.resetPeak();
  const cpuBefore = p.cpuSeconds();
  const timings: Timing[] = [];
  const start = process.hrtime.bigint();
  let next = 0;
  await Promise.all(
    Array.from({ length: at }, async () => {
      while (next < photos.length) {
        const i = next++;
        timings.push(await uploadOne(runtime, photos[i]!, `${label.replace(/\W+/g, '-')}-${i}`));
      }
    }),
  );
  const wallMs = elapsed(start);
  const result = { label, at, timings, wallMs, idleRssMb, peakRssMb: p.peakRssMb(), cpuPerPhoto: (p.cpuSeconds() - cpuBefore) / photos.length };
  const total = stats(timings.map((t) => t.ready));
  log(`${label}: p50 ${ms(total.p50)}, p95 ${ms(total.p95)}, max ${ms(total.max)}; runtime peak RSS ${result.peakRssMb.toFixed(0)} MB`);
  return result;
}

async function main() {
  log(`making ${2 * PHOTOS + 1} camera-like ${WIDTH} × ${HEIGHT} JPEGs`);
  const photos: Buffer[] = [];
  for (let i = 0; i < 2 * PHOTOS + 1; i++) photos.push(await cameraJpeg(WIDTH, HEIGHT, { variant: i }));
  const sizes = photos.map((photo) => photo.length / 1_000_000);
  const load = await machineLoad();
  const runtime = await startRuntimeProcess({ tableName: 'bench-media-upload' });
  let runs: Run[];
  let startedRssMb: number;
  try {
    startedRssMb = proc(runtime.pid).rssMb();
    // The first processing pays for sharp's and the handler's first calls: not counted.
    await uploadOne(runtime, photos[2 * PHOTOS]!, 'warm-up');
    runs = [
      await run(runtime, 'one after the other', photos.slice(0, PHOTOS), 1),
      await run(runtime, `${CONCURRENCY} at a time`, photos.slice(PHOTOS, 2 * PHOTOS), CONCURRENCY),
    ];
  } finally {
    await runtime.stop();
  }
  const row = (r: Run) => {
    const total = stats(r.timings.map((t) => t.ready));
    return `| ${r.label} | ${r.timings.length} | ${ms(total.p50)} | ${ms(total.p95)} | ${ms(total.max)} | ${(r.timings.length / (r.wallMs / 1000)).toFixed(2)}/s | ${r.cpuPerPhoto.toFixed(2)} s | ${r.idleRssMb.toFixed(0)} → ${r.peakRssMb.toFixed(0)} MB |`;
  };
  const parts = (r: Run) => {
    const ask = stats(r.timings.map((t) => t.ask));
    const send = stats(r.timings.map((t) => t.sent - t.ask));
    const processing = stats(r.timings.map((t) => t.ready - t.sent));
    const cell = (s: ReturnType<typeof stats>) => `${ms(s.p50)} / ${ms(s.p95)} / ${ms(s.max)}`;
    return `| ${r.label} | ${cell(ask)} | ${cell(send)} | ${cell(processing)} |`;
  };
  const { default: sharp } = await import('sharp');
  const section = `## Media upload

\`${command('npx tsx bench/media-upload.ts')}\` (bench/media-upload.ts) — ${machine()}, sharp ${sharp.versions.sharp} (libvips ${sharp.versions.vips}); the local runtime
(\`startRuntime\` in a process of its own, as \`npm start\` runs it: its DynamoDB Local in memory, its object store in memory,
whose object-created notification runs the process-media handler — lambdas/process-media/handler.ts, sharp — in that same
process, beside the API). ${load.report()}

Camera-like ${WIDTH} × ${HEIGHT} (12 MP) JPEGs (bench/support/camera-jpeg.ts: a gradient under gaussian noise, quality 90,
${Math.min(...sizes).toFixed(1)}–${Math.max(...sizes).toFixed(1)} MB, every one different), each uploaded as a press officer's client does: POST /v1/media
(press token) \`{ filename, contentType, bytes }\`, the file POSTed with the presigned form straight to the object store
(fields first, then \`file\`), then GET /v1/media/{id} every ${POLL_MS} ms. Each upload is timed from sending POST /v1/media
until the first GET answering \`ready\` (its 7 renditions stored and the item updated). ${PHOTOS} photos one after the other,
then ${PHOTOS} others ${CONCURRENCY} at a time; one upload before them as a warm-up, not counted. CPU is the runtime process's
(user + system, /proc) per photo; RSS is the runtime process's (/proc VmHWM, reset before each run), from its resident size as
the run starts to its peak during it. It holds the object store, so the renditions of every photo so far (about 3.3 MB each)
stay in it; DynamoDB Local's JVM is not counted.

| run | photos | p50 | p95 | max | photos ready per second | runtime CPU per photo | runtime RSS (start → peak) |
| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
${runs.map(row).join('\n')}

Where the time goes (p50 / p95 / max of each part): the ask (POST /v1/media answered), the file sent (the form POST
answered 204: the object is stored and its notification recorded), and processing (from then until GET answers \`ready\`;
the notification is handed to process-media as the object is stored, so processing starts before the form POST is answered).

| run | ask | file sent | processing → ready |
| --- | ---: | ---: | ---: |
${runs.map(parts).join('\n')}

The runtime process started at ${startedRssMb.toFixed(0)} MB resident. One process serves the API and processes the photos here;
in AWS each upload has a process-media invocation of its own (bench/media-processing.ts, "Media processing", has the
processing alone and its memory), so ${CONCURRENCY} at a time share this machine's 2 cores where Lambda would not.
`;
  console.log(`\n${section}`);
  writeSection('Media upload', section);
}

await main();
process.exit(0);
