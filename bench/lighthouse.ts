// Lighthouse on every kind of public page of the local runtime as `npm start` runs it (in a
// process of its own): the performance score, a timing, reported here and never asserted; the
// browser check (tests/browser/lighthouse.browser.test.ts) asserts the other categories.
// Figures go to BENCHMARKS.md ("Lighthouse").
//
//   BENCH_LIGHTHOUSE_RUNS=3    runs per page (the median is reported)
import lighthouseVersion from 'lighthouse/package.json' with { type: 'json' };
import { freePort } from '../local/free-port.ts';
import { launchChromium } from '../tests/support/chromium.ts';
import { LIGHTHOUSE_METRICS, runLighthouse, type LighthouseResult } from '../tests/support/lighthouse.ts';
import { pagePath, SAMPLE_FEED_SIZE, seedSampleNewsroom } from '../tests/support/sample-newsroom.ts';
import { shippedConfigWith } from '../tests/support/site.ts';
import { PRESS, command, log, machine, machineLoad, median, met, writeSection } from './support/common.ts';
import { startRuntimeProcess } from './support/runtime-process.ts';

const RUNS = Number(process.env.BENCH_LIGHTHOUSE_RUNS ?? 3);
const GOAL = 95;
const KINDS = {
  directory: 'the feeds directory',
  feed: 'a feed page (a country)',
  archive: 'an archive page of a feed',
  release: 'a release page (photo, table, correction, translation)',
  withdrawal: 'a withdrawal notice',
} as const;

async function main() {
  const load = await machineLoad();
  // Feeds of three releases, so that the sample newsroom's `all` has an archive page.
  const runtime = await startRuntimeProcess({ tableName: 'bench-lighthouse', siteConfigFile: shippedConfigWith({ feedSize: SAMPLE_FEED_SIZE }) });
  const port = await freePort();
  const chromium = await launchChromium({ debuggingPort: port });
  const results: Record<string, LighthouseResult[]> = {};
  let browserVersion: string;
  try {
    const newsroom = await seedSampleNewsroom({ url: runtime.url, pressToken: PRESS, settled: () => runtime.settle() });
    browserVersion = chromium.context.browser()?.version() ?? 'unknown';
    for (const kind of Object.keys(KINDS) as (keyof typeof KINDS)[]) {
      results[kind] = [];
      for (let run = 0; run < RUNS; run++) {
        const result = await runLighthouse(`${runtime.url}${pagePath(newsroom, kind)}`, port);
        log(`${kind} #${run + 1}: ${JSON.stringify(result.scores)}`);
        results[kind].push(result);
      }
    }
  } finally {
    await chromium.close();
    await runtime.stop();
  }
  const metric = (runs: LighthouseResult[], id: (typeof LIGHTHOUSE_METRICS)[number]) => median(runs.map((r) => r.metrics[id] ?? NaN));
  const rows = Object.entries(KINDS).map(([kind, what]) => {
    const runs = results[kind]!;
    const performance = runs.map((r) => r.scores.performance);
    const score = median(performance);
    return `| ${what} | ${score} (${Math.min(...performance)}–${Math.max(...performance)}) | ${met(score >= GOAL)} | ${metric(runs, 'first-contentful-paint').toFixed(0)} ms | ${metric(runs, 'largest-contentful-paint').toFixed(0)} ms | ${metric(runs, 'total-blocking-time').toFixed(0)} ms | ${metric(runs, 'cumulative-layout-shift').toFixed(3)} | ${metric(runs, 'speed-index').toFixed(0)} ms | ${median(runs.map((r) => r.scores.accessibility))} / ${median(runs.map((r) => r.scores['best-practices']))} / ${median(runs.map((r) => r.scores.seo))} |`;
  });
  const section = `## Lighthouse

\`${command('npx tsx bench/lighthouse.ts')}\` (bench/lighthouse.ts) — ${machine()}, Lighthouse ${lighthouseVersion.version}, Debian's Chromium ${browserVersion!}
(headless); the local runtime in a process of its own, as \`npm start\` runs it, with the sample newsroom of
tests/support/sample-newsroom.ts posted through its API. ${load.report()}

Lighthouse's default run: a phone (Moto G Power) on simulated slow 4G with a 4× slower CPU, so the timings are what it
predicts for that phone, not what this machine took. ${RUNS} runs a page; the median performance score (goal ≥ ${GOAL}), its
range, and the median of each metric. The last column is accessibility / best practices / SEO, which the browser check
(\`npm run test:browser\`) asserts at ≥ 95 (the withdrawal notice asks not to be indexed, so its SEO is below on purpose).

| page | performance (range) | goal ≥ ${GOAL} | first contentful paint | largest contentful paint | total blocking time | cumulative layout shift | speed index | a11y / BP / SEO |
| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |
${rows.join('\n')}
`;
  console.log(`\n${section}`);
  writeSection('Lighthouse', section);
}

await main();
