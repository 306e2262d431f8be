import { describe, expect, test } from 'vitest';
import { confirmationMessage } from '../../../../lambdas/core/alerts/confirmation-message.ts';
import { SITE } from '../../../support/site.ts';
import { attribute, elements, parseHtmlStrictly, textOf } from '../feeds/html-checks.ts';

const CONFIRM = 'https://press.example.org/alerts/confirm?token=l1.confirm.01JB0000000000000000000001.1796461200.x&a=<b>';

describe('the confirmation mail', () => {
  test('names each feed asked for, links the confirmation page, says what ignoring it does, in the request\'s language', () => {
    const message = confirmationMessage(SITE, { language: 'en', feedTitles: ['Milli Majlis', 'Milli Majlis — <Kazakhstan> & "co"'], confirmUrl: CONFIRM });
    expect(message.subject).toBe('Confirm your e-mail alerts from Milli Majlis');
    const document = parseHtmlStrictly(message.html);
    expect(elements(document, 'li').map(textOf)).toEqual(['Milli Majlis', 'Milli Majlis — <Kazakhstan> & "co"']);
    expect(elements(document, 'a').map((a) => attribute(a, 'href'))).toEqual([CONFIRM]);
    expect(message.text).toContain(`Confirm my alerts: ${CONFIRM}`);
    expect(message.text).toContain('no alert is sent to this address unless it is confirmed, and it is forgotten after 48 hours.');
    // Nothing to unsubscribe from yet: it carries no list headers.
    expect(message.headers).toEqual({});
  });

  test('a page language the site does not speak falls back as the pages do', () => {
    expect(confirmationMessage(SITE, { language: 'ru-RU', feedTitles: ['x'], confirmUrl: CONFIRM }).subject).toMatch(/^Подтвердите/);
    expect(confirmationMessage(SITE, { language: 'fr', feedTitles: ['x'], confirmUrl: CONFIRM }).subject).toMatch(/^Confirm/);
  });
});
