// The alert pages as a browser and a mail client use them, over HTTP on the local runtime:
// the form's POST, the confirmation link's page and its button, RFC 8058's one-click POST.
// What they change is read from the subscribers' table; the mail from the local SES engine.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Runtime } from '../../../local/runtime.ts';
import { findByAddress, followersPage } from '../../../lambdas/adapters/subscriber-store.ts';
import { signLink } from '../../../lambdas/core/alerts/signed-link.ts';
import { attribute, elements, parseHtmlStrictly, textOf } from '../core/feeds/html-checks.ts';
import { confirmedFollower, linkIn, mailTo, oneClickUnsubscribe } from '../../support/mailbox.ts';
import { startTestRuntime } from '../../support/runtime.ts';

let runtime: Runtime;
beforeAll(async () => {
  runtime = await startTestRuntime();
});
afterAll(async () => {
  await runtime?.stop();
});

const run = <T>(work: () => Promise<T>) => runtime.adapters.run(work);
const form = (fields: Record<string, string>) =>
  fetch(`${runtime.url}/alerts/subscribe`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() });
const heading = async (response: Response) => textOf(elements(parseHtmlStrictly(await response.text()), 'h1')[0]!);

describe('the alert pages over HTTP', () => {
  test('subscribe in Russian, open the link (a button, nothing changed yet), press it: the address follows the feed', async () => {
    const answer = await form({ email: 'page.reader@example.org', feed: 'country#KZ', frequency: 'daily', lang: 'ru', website: '' });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(answer.headers.get('cache-control')).toBe('no-store');
    expect(await heading(answer)).toBe('Проверьте почту');
    const [mail] = await mailTo(runtime, 'page.reader@example.org');
    const link = linkIn(mail!, `${runtime.url}/alerts/confirm?`);

    const shown = await fetch(link);
    expect(shown.status).toBe(200);
    expect(shown.headers.get('referrer-policy')).toBe('no-referrer');
    const page = parseHtmlStrictly(await shown.text());
    expect(textOf(elements(page, 'h1')[0]!)).toBe('Подтвердите подписку');
    const action = attribute(elements(page, 'form')[0]!, 'action')!;
    expect(action).toMatch(/^\/alerts\/confirm\?token=/);
    // Opening the link (as a mail scanner would) confirmed nothing.
    expect((await run(() => followersPage('country#KZ', undefined, 10))).followers).toEqual([]);

    // The button's address carries the page's language: the answer is in Russian too.
    const pressed = await fetch(`${runtime.url}${action}`, { method: 'POST' });
    expect(pressed.status).toBe(200);
    const confirmed = parseHtmlStrictly(await pressed.text());
    expect(textOf(elements(confirmed, 'h1')[0]!)).toBe('Подписка подтверждена');
    expect(elements(confirmed, 'li').map(textOf)).toEqual(['Милли Меджлис — Казахстан']);
    expect((await run(() => followersPage('country#KZ', undefined, 10))).followers).toMatchObject([{ address: 'page.reader@example.org', frequency: 'daily', language: 'ru' }]);
  });

  test('the same answer whether the address is new, asked again, over its limit or a robot\'s', async () => {
    const fields = { feed: 'all', frequency: 'immediately', lang: 'en', website: '' };
    const bodies = [];
    const answered = async (response: Response) => {
      expect(response.status).toBe(200);
      return response.text();
    };
    for (let i = 0; i < 4; i++) bodies.push(await answered(await form({ ...fields, email: 'same.answer@example.org' }))); // the fourth today: nothing sent
    bodies.push(await answered(await form({ ...fields, email: 'a.robot@example.org', website: 'https://spam.example' })));
    // A form posted from another site's page in a visitor's browser.
    const crossSite = await fetch(`${runtime.url}/alerts/subscribe`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://elsewhere.example', 'sec-fetch-site': 'cross-site' },
      body: new URLSearchParams({ ...fields, email: 'cross.site@example.org' }).toString(),
    });
    expect(crossSite.status).toBe(200);
    bodies.push(await crossSite.text());
    expect(new Set(bodies).size).toBe(1);
    expect(await mailTo(runtime, 'cross.site@example.org')).toHaveLength(0);
    expect(await run(() => findByAddress('cross.site@example.org'))).toBeUndefined();
    expect(await mailTo(runtime, 'same.answer@example.org')).toHaveLength(3);
    expect(await mailTo(runtime, 'a.robot@example.org')).toHaveLength(0);
  });

  test('a bad address: a 400 page with the form again, the message at the field, nothing kept or sent', async () => {
    const answer = await form({ email: 'not an address\r\nBcc: x@example.org', feed: 'all', frequency: 'immediately', lang: 'en' });
    expect(answer.status).toBe(400);
    const page = parseHtmlStrictly(await answer.text());
    const email = elements(page, 'input').find((input) => attribute(input, 'name') === 'email')!;
    expect(attribute(email, 'aria-invalid')).toBe('true');
    expect(textOf(elements(page, 'p').find((p) => attribute(p, 'id') === attribute(email, 'aria-describedby'))!)).toBe(
      'Enter an e-mail address, such as name@example.org.',
    );
    expect(await mailTo(runtime, 'x@example.org')).toHaveLength(0);
    expect(await run(() => findByAddress('x@example.org'))).toBeUndefined();
    expect(await run(() => findByAddress('not an address\r\nBcc: x@example.org'))).toBeUndefined();
  });

  test('an expired confirmation link and a forged signature: 400 pages, on GET and on POST; the unsubscribe link\'s page is a button', async () => {
    const key = runtime.settings.alerts!.key!;
    const expired = signLink({ purpose: 'confirm', subscriber: '01JB00000000000000000000AA', expiresAt: Date.now() - 1000 }, key);
    const shown = await fetch(`${runtime.url}/alerts/confirm?token=${encodeURIComponent(expired)}&lang=en`);
    expect(shown.status).toBe(400);
    expect(await heading(shown)).toBe('This link has expired. Nothing was changed: ask for alerts again on the page of the feed.');
    const valid = signLink({ purpose: 'unsubscribe', subscriber: '01JB00000000000000000000AA' }, key);
    const forged = `${valid.slice(0, -2)}${valid.endsWith('AA') ? 'BB' : 'AA'}`;
    for (const method of ['GET', 'POST']) {
      const answer = await fetch(`${runtime.url}/alerts/unsubscribe?token=${encodeURIComponent(forged)}`, { method });
      expect(answer.status, method).toBe(400);
      expect(await heading(answer)).toBe('This link is not valid. Nothing was changed.');
    }
    const page = parseHtmlStrictly(await (await fetch(`${runtime.url}/alerts/unsubscribe?token=${encodeURIComponent(valid)}&lang=az`)).text());
    expect(attribute(elements(page, 'form')[0]!, 'action')).toBe(`/alerts/unsubscribe?token=${encodeURIComponent(valid)}&lang=az`);
    expect(textOf(elements(page, 'button')[0]!)).toBe('Abunəlikdən çıxın');
  });

  test('a malformed link is a 400; one-click unsubscribe (RFC 8058) forgets the address at once', async () => {
    expect((await fetch(`${runtime.url}/alerts/confirm?token=l1.confirm.malformed&lang=en`)).status).toBe(400);
    await form({ email: 'page.reader@example.org', feed: 'country#KZ', frequency: 'daily', lang: 'ru', website: '' });
    expect((await oneClickUnsubscribe(runtime, 'page.reader@example.org')).status).toBe(200);
    expect(await run(() => findByAddress('page.reader@example.org'))).toBeUndefined();
    expect((await run(() => followersPage('country#KZ', undefined, 10))).followers).toEqual([]);
  });
});

describe('the manage link of an alert', () => {
  test('shows what the reader follows; a change of frequency and a stop are kept; stopping the last forgets the address', async () => {
    await confirmedFollower(runtime, 'manage.reader@example.org', 'all', 'immediately', 'en');
    await confirmedFollower(runtime, 'manage.reader@example.org', 'country#KZ', 'immediately', 'en');
    const found = await run(() => findByAddress('manage.reader@example.org'));
    const token = signLink({ purpose: 'manage', subscriber: found!.id }, runtime.settings.alerts!.key!);
    const address = `${runtime.url}/alerts/manage?token=${encodeURIComponent(token)}&lang=en`;

    const shown = parseHtmlStrictly(await (await fetch(address)).text());
    expect(elements(shown, 'legend').map(textOf).sort()).toEqual(['Milli Majlis', 'Milli Majlis — Kazakhstan']);
    const sent = await fetch(address, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ 'feed:all': 'daily', 'feed:country#KZ': 'stop' }).toString(),
    });
    expect(sent.status).toBe(200);
    expect(elements(parseHtmlStrictly(await sent.text()), 'li').map(textOf)).toEqual(['Milli Majlis']);
    expect((await run(() => followersPage('all', undefined, 50))).followers.filter((f) => f.address === 'manage.reader@example.org')).toMatchObject([{ frequency: 'daily' }]);
    expect((await run(() => followersPage('country#KZ', undefined, 50))).followers.filter((f) => f.address === 'manage.reader@example.org')).toEqual([]);

    const last = await fetch(address, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'feed%3Aall=stop' });
    expect(await heading(last)).toBe('You are unsubscribed');
    expect(await run(() => findByAddress('manage.reader@example.org'))).toBeUndefined();
    // The link finds no one now, and says so.
    expect(await heading(await fetch(address))).toBe('You are unsubscribed');
  });

  test('a forged manage link changes nothing', async () => {
    const valid = signLink({ purpose: 'manage', subscriber: '01JB00000000000000000000AA' }, runtime.settings.alerts!.key!);
    const forged = `${valid.slice(0, -2)}${valid.endsWith('AA') ? 'BB' : 'AA'}`;
    const answer = await fetch(`${runtime.url}/alerts/manage?token=${encodeURIComponent(forged)}`, { method: 'POST', body: 'feed%3Aall=stop', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(answer.status).toBe(400);
  });
});
