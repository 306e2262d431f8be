// E-mail alerts in headless Chromium, as a reader does it: the form at the bottom of a feed
// page, the confirmation mail on the local SES engine's page, its link's page and button, and
// one-click unsubscribe as a mail client sends it. Every page the reader sees is checked with
// axe-core; screenshots go to .local/screenshots/.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Runtime } from '../../local/runtime.ts';
import { findByAddress, followersPage } from '../../lambdas/adapters/subscriber-store.ts';
import { launchChromium, type Chromium } from '../support/chromium.ts';
import { linkIn, mailTo, oneClickUnsubscribe } from '../support/mailbox.ts';
import { startTestRuntime } from '../support/runtime.ts';

const SCREENSHOTS = join(process.cwd(), '.local', 'screenshots');
const READER = 'browser.reader@example.org';

let runtime: Runtime;
let chromium: Chromium;

beforeAll(async () => {
  runtime = await startTestRuntime();
  mkdirSync(SCREENSHOTS, { recursive: true });
  chromium = await launchChromium();
}, 120_000);

afterAll(async () => {
  await chromium?.close();
  await runtime?.stop();
});

async function expectAccessible(page: Page, what: string): Promise<void> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  const grave = violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
  expect(grave.map((violation) => `${violation.id}: ${violation.help}`), what).toEqual([]);
}

describe('e-mail alerts in Chromium', () => {
  test('subscribe from a feed page, find the mail on the SES engine\'s page, confirm with its button, unsubscribe with one click', async () => {
    const page = await chromium.context.newPage();
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`${message.text()} (${message.location().url})`);
    });
    await page.setViewportSize({ width: 390, height: 900 });
    await page.goto(`${runtime.url}/feeds/all.html`);
    await page.getByLabel('E-poçt ünvanınız').fill(READER);
    await page.getByLabel('Hər gün saat 08:00-da xülasə').check();
    await page.screenshot({ path: join(SCREENSHOTS, 'alerts-form.png'), fullPage: true });
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Abunə ol' }).click()]);
    await expect(page.locator('h1').innerText()).resolves.toBe('Poçtunuzu yoxlayın');
    await expectAccessible(page, 'check your inbox');

    // The local SES engine's own page lists the mail it accepted.
    const [mail] = await mailTo(runtime, READER);
    const engine = await chromium.context.newPage();
    await engine.goto(`${runtime.engines.ses.endpoint}/`);
    await expect(engine.getByText(mail!.subject!).first().isVisible({ timeout: 10_000 })).resolves.toBe(true);
    await engine.screenshot({ path: join(SCREENSHOTS, 'alerts-mail-engine.png'), fullPage: true });
    await engine.close();

    await page.goto(linkIn(mail!, `${runtime.url}/alerts/confirm?`));
    await expect(page.locator('h1').innerText()).resolves.toBe('E-poçt bildirişlərini təsdiq edin');
    await expectAccessible(page, 'the confirmation link\'s page');
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Bildirişləri təsdiq et' }).click()]);
    await expect(page.locator('h1').innerText()).resolves.toBe('Bildirişlər təsdiqləndi');
    await expect(page.locator('main li').allInnerTexts()).resolves.toEqual(['Milli Məclis']);
    await expectAccessible(page, 'confirmed');
    await page.screenshot({ path: join(SCREENSHOTS, 'alerts-confirmed.png'), fullPage: true });
    expect((await runtime.adapters.run(() => followersPage('all', undefined, 10))).followers).toMatchObject([{ address: READER, frequency: 'daily' }]);

    // A mail client's one-click unsubscribe (RFC 8058): a POST with no page at all.
    expect((await oneClickUnsubscribe(runtime, READER)).status).toBe(200);
    expect(await runtime.adapters.run(() => findByAddress(READER))).toBeUndefined();
    expect(problems).toEqual([]);
    await page.close();
  });
});
