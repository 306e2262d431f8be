// The alert form and the answer pages, read back by the HTML standard's parser.
import { describe, expect, test } from 'vitest';
import { alertForm, answerPage, manageChoices } from '../../../../lambdas/core/alerts/alert-pages.ts';
import { SUBSCRIBE_PATH } from '../../../../lambdas/core/alerts/alert-links.ts';
import { HONEYPOT_FIELD } from '../../../../lambdas/core/alerts/subscribe-form.ts';
import { SITE } from '../../../support/site.ts';
import { attribute, elements, parseHtmlStrictly, textOf } from '../feeds/html-checks.ts';

const FEEDS = 'https://press.example.org/feeds/';
const cspOf = (html: string) => /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)![1]!.replaceAll('&#39;', "'");
const page = (language: string, answer: Parameters<typeof answerPage>[2]) => answerPage(SITE, language, answer, FEEDS);

describe('the alert form', () => {
  test('posts the address, the feed, the page\'s language and how often to the site, every field labelled', () => {
    const document = parseHtmlStrictly(`<!doctype html><html lang="en"><head><title>t</title></head><body>${alertForm(SITE, 'ru', 'country#KZ')}</body></html>`);
    const [form] = elements(document, 'form');
    expect(attribute(form!, 'method')).toBe('post');
    expect(attribute(form!, 'action')).toBe(SUBSCRIBE_PATH);
    const inputs = elements(document, 'input');
    const byName = (name: string) => inputs.filter((input) => attribute(input, 'name') === name);
    expect(attribute(byName('feed')[0]!, 'value')).toBe('country#KZ');
    expect(attribute(byName('lang')[0]!, 'value')).toBe('ru');
    expect(attribute(byName('email')[0]!, 'type')).toBe('email');
    expect(byName('frequency').map((input) => attribute(input, 'value'))).toEqual(['immediately', 'daily']);
    // The digest's time from the site configuration, in the page's words.
    expect(elements(document, 'label').map(textOf)).toContain(' Ежедневная сводка в 08:00');
    const labelFor = elements(document, 'label').find((label) => attribute(label, 'for') === attribute(byName('email')[0]!, 'id'));
    expect(textOf(labelFor!)).toBe('Ваш адрес электронной почты');
    // The honeypot: out of sight, out of the tab order and of the accessibility tree.
    const [trap] = byName(HONEYPOT_FIELD);
    expect(attribute(trap!, 'tabindex')).toBe('-1');
    expect(textOf(elements(document, 'button')[0]!)).toBe('Подписаться');
  });

  test('with an error: the message at the address field, the address kept, the field marked invalid', () => {
    const html = alertForm(SITE, 'en', 'all', { email: 'not an address', emailError: 'Enter an e-mail address, such as name@example.org.' });
    const document = parseHtmlStrictly(`<!doctype html><html lang="en"><head><title>t</title></head><body>${html}</body></html>`);
    const email = elements(document, 'input').find((input) => attribute(input, 'name') === 'email')!;
    expect(attribute(email, 'value')).toBe('not an address');
    expect(attribute(email, 'aria-invalid')).toBe('true');
    const message = elements(document, 'p').find((p) => attribute(p, 'id') === attribute(email, 'aria-describedby'));
    expect(textOf(message!)).toBe('Enter an e-mail address, such as name@example.org.');
  });

  test('no alerts in the site configuration, no form', () => {
    const { alerts: _alerts, ...config } = SITE.config;
    expect(alertForm({ ...SITE, config }, 'en', 'all')).toBe('');
  });
});

describe('the answer pages', () => {
  test('the link pages are a button that POSTs the token back to their own path; only a page with a form may post, to the site', () => {
    const confirm = page('en', { page: 'confirm', token: 'l1.confirm.x' });
    expect(confirm.status).toBe(200);
    const [form] = elements(parseHtmlStrictly(confirm.html), 'form');
    expect(attribute(form!, 'action')).toBe('/alerts/confirm?token=l1.confirm.x&lang=en');
    expect(cspOf(confirm.html)).toContain("form-action 'self'");
    const unsubscribe = page('en', { page: 'unsubscribe', token: 'l1.unsubscribe.y' });
    expect(attribute(elements(parseHtmlStrictly(unsubscribe.html), 'form')[0]!, 'action')).toBe('/alerts/unsubscribe?token=l1.unsubscribe.y&lang=en');
    expect(cspOf(page('en', { page: 'unsubscribed' }).html)).toContain("form-action 'none'");
  });

  test('statuses: a refused link or a bad form is a 400, the rest 200; none of them is for search engines', () => {
    const statuses = (['check-inbox', 'nothing-pending', 'link-invalid', 'link-expired', 'unsubscribed'] as const).map((kind) => page('en', { page: kind }).status);
    expect(statuses).toEqual([200, 200, 400, 400, 200]);
    expect(page('en', { page: 'form-error', feed: 'all', state: { emailError: 'x' } }).status).toBe(400);
    expect(page('en', { page: 'check-inbox' }).html).toContain('<meta name="robots" content="noindex">');
  });

  test('in the page\'s language, falling back as every page does; what was confirmed is listed as text', () => {
    expect(textOf(elements(parseHtmlStrictly(page('ru', { page: 'check-inbox' }).html), 'h1')[0]!)).toBe('Проверьте почту');
    expect(textOf(elements(parseHtmlStrictly(page('fr', { page: 'check-inbox' }).html), 'h1')[0]!)).toBe('Check your inbox');
    const confirmed = parseHtmlStrictly(page('en', { page: 'confirmed', feedTitles: ['Milli Majlis — <b>Kazakhstan</b>'] }).html);
    expect(elements(confirmed, 'li').map(textOf)).toEqual(['Milli Majlis — <b>Kazakhstan</b>']);
    expect(elements(confirmed, 'b')).toEqual([]);
  });
});

describe('the manage page', () => {
  const follows = [
    { feed: 'all', title: 'Milli Majlis — all releases', frequency: 'daily' as const },
    { feed: 'country#KZ', title: 'Milli Majlis — Kazakhstan', frequency: 'immediately' as const },
  ];

  test('each followed feed with its three choices, the current one checked, posted back to the link with its language', () => {
    const { status, html } = page('en', { page: 'manage', token: 'l1.manage.x', follows });
    expect(status).toBe(200);
    const document = parseHtmlStrictly(html);
    const [form] = elements(document, 'form');
    expect(attribute(form!, 'method')).toBe('post');
    expect(attribute(form!, 'action')).toBe('/alerts/manage?token=l1.manage.x&lang=en');
    expect(elements(document, 'legend').map(textOf)).toEqual(['Milli Majlis — all releases', 'Milli Majlis — Kazakhstan']);
    const radios = elements(document, 'input');
    expect(radios.map((input) => [attribute(input, 'name'), attribute(input, 'value'), attribute(input, 'checked') !== undefined])).toEqual([
      ['feed:all', 'immediately', false],
      ['feed:all', 'daily', true],
      ['feed:all', 'stop', false],
      ['feed:country#KZ', 'immediately', true],
      ['feed:country#KZ', 'daily', false],
      ['feed:country#KZ', 'stop', false],
    ]);
    expect(cspOf(html)).toContain("form-action 'self'");
  });

  test('what the form sends is read back as choices; anything else is left out', () => {
    expect(
      manageChoices([
        ['feed:all', 'stop'],
        ['feed:country#KZ', 'daily'],
        ['feed:official#x', 'weekly'],
        ['email', 'someone@example.org'],
      ]),
    ).toEqual({ all: 'stop', 'country#KZ': 'daily' });
  });
});
