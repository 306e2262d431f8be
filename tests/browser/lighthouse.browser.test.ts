// Lighthouse on every kind of public page: accessibility, best practices and SEO of at least 95.
// The performance score is a timing, so it is measured by bench/lighthouse.ts, not asserted here.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { freePort } from '../../local/free-port.ts';
import type { Runtime } from '../../local/runtime.ts';
import { launchChromium, type Chromium } from '../support/chromium.ts';
import { runLighthouse } from '../support/lighthouse.ts';
import { PRESS_TOKEN, startTestRuntime } from '../support/runtime.ts';
import { pagePath, SAMPLE_FEED_SIZE, seedSampleNewsroom, type SampleNewsroom } from '../support/sample-newsroom.ts';
import { shippedConfigWith } from '../support/site.ts';

let runtime: Runtime;
let newsroom: SampleNewsroom;
let chromium: Chromium;
let port: number;
const CHECKED = ['accessibility', 'best-practices', 'seo'] as const;

beforeAll(async () => {
  runtime = await startTestRuntime({ siteConfigFile: shippedConfigWith({ feedSize: SAMPLE_FEED_SIZE }) });
  newsroom = await seedSampleNewsroom({ url: runtime.url, pressToken: PRESS_TOKEN, settled: () => runtime.settled() });
  port = await freePort();
  chromium = await launchChromium({ debuggingPort: port });
}, 120_000);

afterAll(async () => {
  await chromium?.close();
  await runtime?.stop();
});

describe('Lighthouse', () => {
  for (const kind of ['directory', 'feed', 'archive', 'release'] as const) {
    test(`the ${kind} page: accessibility, best practices and SEO of 95 or more`, async () => {
      const { scores, shortfalls } = await runLighthouse(`${runtime.url}${pagePath(newsroom, kind)}`, port, CHECKED);
      for (const category of CHECKED) expect(scores[category], `${category}: ${shortfalls.join('; ')}`).toBeGreaterThanOrEqual(95);
    }, 120_000);
  }

  test('the withdrawal notice: accessibility and best practices of 95 or more; for SEO it only asks not to be indexed', async () => {
    const { scores, shortfalls } = await runLighthouse(`${runtime.url}${pagePath(newsroom, 'withdrawal')}`, port, CHECKED);
    expect(scores.accessibility, shortfalls.join('; ')).toBeGreaterThanOrEqual(95);
    expect(scores['best-practices'], shortfalls.join('; ')).toBeGreaterThanOrEqual(95);
    // Its `noindex` is on purpose: search engines should drop the withdrawn release, not index the notice.
    expect(shortfalls.filter((line) => line.startsWith('seo:'))).toEqual([expect.stringMatching(/^seo: Page is blocked from indexing/)]);
  }, 120_000);
});
