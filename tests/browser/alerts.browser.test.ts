// E-mail alerts in headless Chromium, as a reader does it: the form at the bottom of a feed
// page, the confirmation mail on the local SES engine's page, its link's page and button, the
// alert when the fixture release is published, its manage page, and one-click unsubscribe as a
// mail client sends it to the alert's List-Unsubscribe address. Every page the reader sees is checked with
// axe-core; screenshots go to .local/screenshots/.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Runtime } from '../../local/runtime.ts';
import { findByAddress, followersPage } from '../../lambdas/adapters/subscriber-store.ts';
import { launchChromium, type Chromium } from '../support/chromium.ts';
import { fixtureInput } from '../support/fixture.ts';
import { linkIn, mailTo, oneClickAddress } from '../support/mailbox.ts';
import { api, PRESS_TOKEN, startTestRuntime } from '../support/runtime.ts';

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
  test('subscribe from a feed page, confirm from the mail on the SES engine\'s page, get the alert of the fixture release, see the manage page, unsubscribe with one click', async () => {
    const page = await chromium.context.newPage();
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`${message.text()} (${message.location().url})`);
    });
    await page.setViewportSize({ width: 390, height: 900 });
    await page.goto(`${runtime.url}/feeds/all.html`);
    await page.getByLabel('E-poçt ünvanınız').fill(READER);
    await page.getByLabel('Dərhal, hər reliz üçün').check();
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
    expect((await runtime.adapters.run(() => followersPage('all', undefined, 10))).followers).toMatchObject([{ address: READER, frequency: 'immediately' }]);

    // The press office publishes the fixture release: its alert is on the engine's page.
    const published = await api(runtime)('/v1/releases', { method: 'POST', token: PRESS_TOKEN, json: fixtureInput({ publishedAt: undefined }) });
    expect(published.status).toBe(201);
    await runtime.settled();
    const alert = (await mailTo(runtime, READER)).at(-1)!;
    expect(alert.subject).toBe(fixtureInput().title);
    const inbox = await chromium.context.newPage();
    await inbox.goto(`${runtime.engines.ses.endpoint}/`);
    await expect(inbox.getByText(alert.subject!).first().isVisible({ timeout: 10_000 })).resolves.toBe(true);
    await inbox.screenshot({ path: join(SCREENSHOTS, 'alerts-alert-engine.png'), fullPage: true });
    await inbox.close();

    // The alert's manage link: what the reader follows, to change or stop.
    await page.goto(linkIn(alert, `${runtime.url}/alerts/manage?`));
    await expect(page.locator('h1').innerText()).resolves.toBe('İzlədiklərinizi dəyişin');
    await expect(page.getByLabel('Dərhal, hər reliz üçün').isChecked()).resolves.toBe(true);
    await expectAccessible(page, 'the manage page');
    await page.screenshot({ path: join(SCREENSHOTS, 'alerts-manage.png'), fullPage: true });

    // A mail client's one-click unsubscribe (RFC 8058): a POST to the alert's List-Unsubscribe address, no page at all.
    const unsubscribed = await fetch(oneClickAddress(alert), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(unsubscribed.status).toBe(200);
    expect(await runtime.adapters.run(() => findByAddress(READER))).toBeUndefined();
    expect(problems).toEqual([]);
    await page.close();
  });
});
