// Every kind of public page in headless Chromium: what a person sees, the links a browser
// discovers, no console errors, every link reached from the keyboard, no serious or critical
// axe-core violation; screenshots go to .local/screenshots/ (git-ignored).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Runtime } from '../../local/runtime.ts';
import { launchChromium, type Chromium } from '../support/chromium.ts';
import { fixtureRelease } from '../support/fixture.ts';
import { PRESS_TOKEN, startTestRuntime } from '../support/runtime.ts';
import { pagePath, SAMPLE_FEED_SIZE, SAMPLE_PHOTO, seedSampleNewsroom, type SampleNewsroom } from '../support/sample-newsroom.ts';
import { shippedConfigWith } from '../support/site.ts';

const SCREENSHOTS = join(process.cwd(), '.local', 'screenshots');

let runtime: Runtime;
let chromium: Chromium;
let newsroom: SampleNewsroom;

beforeAll(async () => {
  runtime = await startTestRuntime({ siteConfigFile: shippedConfigWith({ feedSize: SAMPLE_FEED_SIZE }) });
  newsroom = await seedSampleNewsroom({ url: runtime.url, pressToken: PRESS_TOKEN, settled: () => runtime.settled() });
  mkdirSync(SCREENSHOTS, { recursive: true });
  chromium = await launchChromium();
}, 120_000);

afterAll(async () => {
  await chromium?.close();
  await runtime?.stop();
});

/** Opens a page, collecting console errors and failed requests on the way. */
async function open(path: string, width = 1280): Promise<{ page: Page; problems: string[] }> {
  const page = await chromium.context.newPage();
  await page.setViewportSize({ width, height: 900 });
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') problems.push(`${message.type()}: ${message.text()} (${message.location().url})`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('requestfailed', (request) => problems.push(`request failed: ${request.url()}`));
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`${response.status()}: ${response.url()}`);
  });
  const response = await page.goto(`${runtime.url}${path}`, { waitUntil: 'load' });
  expect(response?.status()).toBe(200);
  return { page, problems };
}

describe('in Chromium', () => {
  test('the directory lists every feed, offers each format and announces them for autodiscovery', async () => {
    const { page, problems } = await open('/feeds/');
    await expect(page.locator('h1').innerText()).resolves.not.toBe('');
    const body = await page.locator('body').innerText();
    for (const name of ['Qazaxıstan', 'Rusiya', 'Azərbaycan', 'Türkiyə', 'Sahibə Qafarova', 'Maulen Aşimbayev', 'İlham Əliyev']) {
      expect(body).toContain(name);
    }
    // The feeds' autodiscovery (the directory's versions in other languages are alternates too, without a feed type).
    const alternates = await page.locator('link[rel="alternate"]:not([hreflang])').evaluateAll((links) =>
      links.map((link) => `${link.getAttribute('type')} ${link.getAttribute('href')}`),
    );
    expect(alternates).toContain(`application/rss+xml ${runtime.url}/feeds/countries/kz.rss`);
    expect(alternates).toContain(`application/atom+xml ${runtime.url}/feeds/officials/sahibe-qafarova.atom`);
    expect(alternates).toContain(`application/feed+json ${runtime.url}/feeds/all.json`);
    expect(alternates).toHaveLength(8 * 3);
    await expect(page.locator(`a[href="${runtime.url}/feeds/countries/kz.html"]`).first().isVisible()).resolves.toBe(true);
    await page.screenshot({ path: join(SCREENSHOTS, 'feeds-directory.png'), fullPage: true });
    expect(problems).toEqual([]);
    await page.close();
  });

  test('the Kazakhstan feed page shows its title, the release and subscribe links', async () => {
    const { page, problems } = await open('/feeds/countries/kz.html');
    await expect(page.title()).resolves.toContain('Milli Məclis — Qazaxıstan');
    await expect(page.locator('h1').innerText()).resolves.toBe('Milli Məclis — Qazaxıstan');
    const release = page.locator('article h2 a', { hasText: fixtureRelease().title });
    await expect(release.isVisible()).resolves.toBe(true);
    await expect(page.locator('article', { hasText: 'Türkiyə ilə' }).count()).resolves.toBe(0);
    for (const [label, href] of [
      ['RSS', 'kz.rss'],
      ['Atom', 'kz.atom'],
      ['JSON Feed', 'kz.json'],
    ] as const) {
      const link = page.getByRole('link', { name: label, exact: true });
      await expect(link.isVisible()).resolves.toBe(true);
      await expect(link.getAttribute('href')).resolves.toBe(`${runtime.url}/feeds/countries/${href}`);
    }
    await expect(page.locator('link[rel="alternate"][type="application/rss+xml"]').getAttribute('href')).resolves.toBe(
      `${runtime.url}/feeds/countries/kz.rss`,
    );
    await page.screenshot({ path: join(SCREENSHOTS, 'feed-countries-kz.png'), fullPage: true });
    expect(problems).toEqual([]);
    await page.close();
  });

  test('both read on a phone: no horizontal scrolling', async () => {
    for (const [path, name] of [
      ['/feeds/', 'feeds-directory-phone.png'],
      ['/feeds/countries/kz.html', 'feed-countries-kz-phone.png'],
    ] as const) {
      const { page, problems } = await open(path, 390);
      // A string, as the project compiles without the DOM library.
      const overflow = Number(await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth'));
      expect(overflow, path).toBeLessThanOrEqual(0);
      await page.screenshot({ path: join(SCREENSHOTS, name), fullPage: true });
      expect(problems).toEqual([]);
      await page.close();
    }
  });

  test('a release with a photo, on a phone: the photo loads from the site, fits the screen, with its alt text, caption and credit', async () => {
    const { page, problems } = await open('/feeds/countries/az.html', 390);
    const img = page.locator('article figure img').first();
    await expect(img.getAttribute('alt')).resolves.toBe(SAMPLE_PHOTO.alt);
    await img.scrollIntoViewIfNeeded();
    // Lazy loading: scrolled into view, it loads; the browser picked a rendition of this photo.
    const loaded = await page.waitForFunction(
      `(() => { const i = document.querySelector('article figure img'); return i && i.complete && i.naturalWidth > 0 ? [i.currentSrc, i.naturalWidth, i.getBoundingClientRect().width] : false; })()`,
    );
    const [currentSrc, naturalWidth, shownWidth] = (await loaded.jsonValue()) as [string, number, number];
    expect(currentSrc).toContain(`${runtime.url}/media/${newsroom.photoId}/`);
    expect(naturalWidth).toBeLessThanOrEqual(1600);
    expect(shownWidth).toBeLessThanOrEqual(390);
    const caption = await page.locator('article figure figcaption').first().innerText();
    expect(caption).toContain(SAMPLE_PHOTO.caption);
    expect(caption).toContain(SAMPLE_PHOTO.credit);
    const overflow = Number(await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth'));
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: join(SCREENSHOTS, 'feed-with-photo-phone.png'), fullPage: true });
    expect(problems).toEqual([]);
    await page.close();
  });

  test('a release\'s page, on a desktop and on a phone: its title, its photo from the site, no horizontal scrolling, no errors', async () => {
    for (const [width, name] of [[1280, 'release-page.png'], [390, 'release-page-phone.png']] as const) {
      const { page, problems } = await open(`/releases/${newsroom.photoReleaseId}`, width);
      await expect(page.locator('h1').innerText()).resolves.toBe('Plenar iclas keçirilib');
      await expect(page.locator('time').first().getAttribute('datetime')).resolves.toBe('2023-07-02T09:00:00.000Z');
      const img = page.locator('figure img').first();
      await expect(img.getAttribute('alt')).resolves.toBe(SAMPLE_PHOTO.alt);
      await img.scrollIntoViewIfNeeded();
      const loaded = await page.waitForFunction(
        `(() => { const i = document.querySelector('figure img'); return i && i.complete && i.naturalWidth > 0 ? [i.currentSrc, i.getBoundingClientRect().width] : false; })()`,
      );
      const [currentSrc, shownWidth] = (await loaded.jsonValue()) as [string, number];
      expect(currentSrc).toContain(`${runtime.url}/media/${newsroom.photoId}/`);
      expect(shownWidth).toBeLessThanOrEqual(width);
      const overflow = Number(await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth'));
      expect(overflow, name).toBeLessThanOrEqual(0);
      await page.screenshot({ path: join(SCREENSHOTS, name), fullPage: true });
      expect(problems).toEqual([]);
      await page.close();
    }
  });

  test('the release page\'s head: its JSON-LD parses with every field Google recommends for a NewsArticle; og:image is a rendition of that size', async () => {
    const { page, problems } = await open(newsroom.pages.release);
    const article = JSON.parse(await page.locator('script[type="application/ld+json"]').first().innerText()) as Record<string, any>;
    expect(article['@type']).toBe('NewsArticle');
    // Google's Article structured data: author (with name and url), dateModified, datePublished, headline, image.
    for (const field of ['headline', 'datePublished', 'dateModified', 'image']) expect(article[field], field).toBeTruthy();
    expect(article.author).toMatchObject({ name: expect.any(String), url: expect.stringMatching(/^https?:\/\//) });
    expect(Date.parse(article.dateModified)).toBeGreaterThan(Date.parse(article.datePublished));
    const meta = (property: string) => page.locator(`meta[property="${property}"]`).getAttribute('content');
    const image = (await meta('og:image'))!;
    expect([article.image].flat()).toContain(image);
    const response = await fetch(image);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/jpeg');
    const { width, height } = await sharp(Buffer.from(await response.arrayBuffer())).metadata();
    expect([String(width), String(height)]).toEqual([await meta('og:image:width'), await meta('og:image:height')]);
    expect(problems).toEqual([]);
    await page.close();
  });

  const KINDS = ['directory', 'feed', 'archive', 'release', 'withdrawal'] as const;

  for (const kind of KINDS) {
    test(`the ${kind} page: the keyboard reaches every link, in the order of the page`, async () => {
      const { page, problems } = await open(pagePath(newsroom, kind));
      const links = Number(await page.evaluate(`(() => { const all = [...document.querySelectorAll('a[href]')]; all.forEach((a, i) => a.setAttribute('data-link', String(i))); return all.length; })()`));
      expect(links).toBeGreaterThan(0);
      const reached: number[] = [];
      // Other stops (a table that scrolls on its own) may come between links: a bound, not a count.
      for (let press = 0; press < links * 2 + 10 && reached.length < links; press++) {
        await page.keyboard.press('Tab');
        const at = await page.evaluate(`document.activeElement?.getAttribute('data-link') ?? ''`);
        if (at !== '' && !reached.includes(Number(at))) reached.push(Number(at));
      }
      expect(reached).toEqual([...Array(links).keys()]);
      expect(problems).toEqual([]);
      await page.close();
    });

    test(`the ${kind} page: no serious or critical accessibility violation (axe-core), on a desktop and on a phone`, async () => {
      for (const width of [1280, 390]) {
        const { page } = await open(pagePath(newsroom, kind), width);
        const { violations, passes } = await new AxeBuilder({ page }).analyze();
        expect(passes.length).toBeGreaterThan(0);
        const grave = violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
        expect(grave.map((violation) => `${violation.id}: ${violation.help} (${violation.nodes.map((node) => node.target.join(' ')).join(', ')})`), `${width} px`).toEqual([]);
        await page.close();
      }
    });
  }
});
