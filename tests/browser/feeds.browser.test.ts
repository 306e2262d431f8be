// The feeds directory and a feed page in headless Chromium: what a person sees, the links a
// browser discovers, no console errors; screenshots go to .local/screenshots/ (git-ignored).
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Runtime } from '../../local/runtime.ts';
import { fixtureInput, fixtureRelease } from '../support/fixture.ts';
import { photo, uploadMedia } from '../support/media.ts';
import { api, PRESS_TOKEN, startTestRuntime } from '../support/runtime.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SCREENSHOTS = join(process.cwd(), '.local', 'screenshots');

let runtime: Runtime;
let browser: BrowserContext;
let photoId: string;
const CAPTION = 'Plenary session of the Milli Majlis';
const CREDIT = 'Press service';
let profile: string;
let photoReleaseId: string;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: install Debian's Chromium (apt-get update && apt-get install -y chromium) or set CHROMIUM_PATH.`);
  }
  runtime = await startTestRuntime();
  const post = (input: Record<string, unknown>) => api(runtime)('/v1/releases', { method: 'POST', token: PRESS_TOKEN, json: input });
  expect((await post(fixtureInput())).status).toBe(201);
  expect((await post(fixtureInput({ title: 'Türkiyə ilə parlamentlərarası əlaqələr müzakirə olunub', countries: ['TR'], officials: ['ilham-aliyev'], publishedAt: '2023-07-01T09:00:00Z' }))).status).toBe(201);
  // A release with a photo, in a feed of its own page (Azərbaycan), as a camera's 2400 px wide JPEG.
  photoId = (await uploadMedia(runtime, await photo(2400, 1600), 'image/jpeg')).id;
  const images = [{ media: photoId, alt: 'Deputies in the plenary hall', caption: CAPTION, credit: CREDIT }];
  const withPhoto = await post(fixtureInput({ title: 'Plenar iclas keçirilib', countries: ['AZ'], officials: [], publishedAt: '2023-07-02T09:00:00Z', images, url: undefined }));
  expect(withPhoto.status).toBe(201);
  photoReleaseId = ((await withPhoto.json()) as { id: string }).id;
  await runtime.settled();
  mkdirSync(SCREENSHOTS, { recursive: true });
  profile = mkdtempSync(join(tmpdir(), 'pressroom-chromium-'));
  // A fresh profile per run (playwright passes it as --user-data-dir).
  browser = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    // Browser downloads are impossible here; these flags keep Debian's Chromium quiet and offline.
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
    ],
  });
});

afterAll(async () => {
  await browser?.close();
  await runtime?.stop();
  if (profile) rmSync(profile, { recursive: true, force: true });
});

/** Opens a page, collecting console errors and failed requests on the way. */
async function open(path: string, width = 1280): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.newPage();
  await page.setViewportSize({ width, height: 900 });
  const problems: string[] = [];
  page.on('console', (message) => {
    // Chromium asks every new origin for /favicon.ico on its own; the pages do not use one.
    if (message.location().url.endsWith('/favicon.ico')) return;
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
    await expect(img.getAttribute('alt')).resolves.toBe('Deputies in the plenary hall');
    await img.scrollIntoViewIfNeeded();
    // Lazy loading: scrolled into view, it loads; the browser picked a rendition of this photo.
    const loaded = await page.waitForFunction(
      `(() => { const i = document.querySelector('article figure img'); return i && i.complete && i.naturalWidth > 0 ? [i.currentSrc, i.naturalWidth, i.getBoundingClientRect().width] : false; })()`,
    );
    const [currentSrc, naturalWidth, shownWidth] = (await loaded.jsonValue()) as [string, number, number];
    expect(currentSrc).toContain(`${runtime.url}/media/${photoId}/`);
    expect(naturalWidth).toBeLessThanOrEqual(1600);
    expect(shownWidth).toBeLessThanOrEqual(390);
    const caption = await page.locator('article figure figcaption').first().innerText();
    expect(caption).toContain(CAPTION);
    expect(caption).toContain(CREDIT);
    const overflow = Number(await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth'));
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: join(SCREENSHOTS, 'feed-with-photo-phone.png'), fullPage: true });
    expect(problems).toEqual([]);
    await page.close();
  });

  test('a release\'s page, on a desktop and on a phone: its title, its photo from the site, no horizontal scrolling, no errors', async () => {
    for (const [width, name] of [[1280, 'release-page.png'], [390, 'release-page-phone.png']] as const) {
      const { page, problems } = await open(`/releases/${photoReleaseId}`, width);
      await expect(page.locator('h1').innerText()).resolves.toBe('Plenar iclas keçirilib');
      await expect(page.locator('time').first().getAttribute('datetime')).resolves.toBe('2023-07-02T09:00:00.000Z');
      const img = page.locator('figure img').first();
      await expect(img.getAttribute('alt')).resolves.toBe('Deputies in the plenary hall');
      await img.scrollIntoViewIfNeeded();
      const loaded = await page.waitForFunction(
        `(() => { const i = document.querySelector('figure img'); return i && i.complete && i.naturalWidth > 0 ? [i.currentSrc, i.getBoundingClientRect().width] : false; })()`,
      );
      const [currentSrc, shownWidth] = (await loaded.jsonValue()) as [string, number];
      expect(currentSrc).toContain(`${runtime.url}/media/${photoId}/`);
      expect(shownWidth).toBeLessThanOrEqual(width);
      const overflow = Number(await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth'));
      expect(overflow, name).toBeLessThanOrEqual(0);
      await page.screenshot({ path: join(SCREENSHOTS, name), fullPage: true });
      expect(problems).toEqual([]);
      await page.close();
    }
  });
});
