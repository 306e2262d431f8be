// An alert as its reader gets it: the HTML read back by the HTML standard's parser, the text
// and the headers as SES is handed them.
import { describe, expect, test } from 'vitest';
import { alertMessage, type AlertInput } from '../../../../lambdas/core/alerts/alert-message.ts';
import { stripXmlIllegal } from '../../../../lambdas/core/xml-chars.ts';
import { SITE } from '../../../support/site.ts';
import { BASE_URL, fixtureRelease2023, hostileRelease } from '../feeds/feed-fixtures.ts';
import { attribute, elements, parseHtmlStrictly, textOf } from '../feeds/html-checks.ts';
import { IMAGE_ID, imageFile } from '../feeds/media-fixtures.ts';

const PAGE = `${BASE_URL}/releases/01H3ABCDEF0123456789XYZKQM`;
const LINKS = {
  unsubscribe: `${BASE_URL}/alerts/unsubscribe?token=l1.unsubscribe.x`,
  oneClick: `${BASE_URL}/v1/alerts/unsubscribe?token=l1.unsubscribe.x`,
  manage: `${BASE_URL}/alerts/manage?token=l1.manage.x`,
};
const withPhoto = fixtureRelease2023({
  images: [{ media: IMAGE_ID, alt: 'Sahibə Qafarova and Maulen Ashimbayev' }],
  files: { [IMAGE_ID]: imageFile(IMAGE_ID, 6000, 4000) },
});
const alert = (overrides: Partial<AlertInput> = {}) =>
  alertMessage(SITE, { kind: 'published', release: withPhoto, pageUrl: PAGE, feedTitle: 'Milli Məclis — Qazaxıstan', language: 'az', links: LINKS, ...overrides });

describe('an alert e-mail', () => {
  test('a published release: its title, the time in the site\'s zone, the summary, the lead photo and a link to its page', () => {
    const message = alert();
    expect(message.subject).toBe(withPhoto.title);
    const document = parseHtmlStrictly(message.html);
    expect(textOf(elements(document, 'h1')[0]!)).toBe(withPhoto.title);
    const [img] = elements(document, 'img');
    expect(attribute(img!, 'alt')).toBe('Sahibə Qafarova and Maulen Ashimbayev');
    // A rendition of that photo at least twice the width the mail shows it at.
    expect(attribute(img!, 'src')).toMatch(new RegExp(`^${BASE_URL}/media/${IMAGE_ID}/(1200|1600)\\.jpg$`));
    const hrefs = elements(document, 'a').map((a) => attribute(a, 'href'));
    expect(hrefs).toEqual([PAGE, LINKS.unsubscribe, LINKS.manage]);
    expect(message.html).toContain(withPhoto.summary);
    // Baku is GMT+4 all year: 10:00 UTC is 14:00 there, and the mail says whose time it is.
    expect(message.text).toContain('14:00 (GMT+4)');
    expect(message.text).toContain(`Press-relizi oxuyun: ${PAGE}`);
    expect(message.text).toContain('“Milli Məclis — Qazaxıstan”');
  });

  test('every alert carries one-click unsubscribe (RFC 8058) and the visible links, in the text too', () => {
    const message = alert();
    expect(message.headers).toEqual({ 'List-Unsubscribe': `<${LINKS.oneClick}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' });
    expect(message.text).toContain(`Abunəlikdən çıxın: ${LINKS.unsubscribe}`);
    expect(message.text).toContain(`İzlədiklərinizi dəyişin: ${LINKS.manage}`);
  });

  test('a major correction says so in its subject and gives its note with its date', () => {
    const release = { ...withPhoto, updatedAt: '2023-06-17T09:30:00.000Z' };
    const message = alert({ kind: 'corrected', release, changeNote: 'Foto əlavə olundu' });
    expect(message.subject).toBe(`${SITE.catalogues.az!.updated}: ${withPhoto.title}`);
    expect(message.text).toMatch(/Foto əlavə olundu/);
    expect(message.text).toContain('13:30 (GMT+4)');
  });

  test('a withdrawal: the notice and its public note, neither summary nor photo', () => {
    const release = { ...withPhoto, status: 'retracted' as const, retractionNote: 'Məlumat səhvən dərc edilib.' };
    const message = alert({ kind: 'withdrawn', release });
    expect(message.subject).toBe(`${SITE.catalogues.az!.withdrawn}: ${withPhoto.title}`);
    expect(message.text).toContain(SITE.catalogues.az!.withdrawnNotice);
    expect(message.text).toContain('Məlumat səhvən dərc edilib.');
    expect(message.text).not.toContain(withPhoto.summary);
    expect(elements(parseHtmlStrictly(message.html), 'img')).toEqual([]);
  });

  test('in the feed\'s language; a language the chrome does not speak gets English', () => {
    expect(alert({ language: 'en' }).text).toContain('Read the press release: ');
    expect(alert({ language: 'ru' }).text).toContain('Читать пресс-релиз: ');
    expect(alert({ language: 'tr' }).text).toContain('Read the press release: ');
  });

  test('a hostile release stays text in the HTML', () => {
    const release = hostileRelease();
    const message = alert({ release: { ...release, images: [], files: {} } });
    const document = parseHtmlStrictly(message.html);
    expect(elements(document, 'script')).toEqual([]);
    expect(textOf(elements(document, 'h1')[0]!)).toBe(stripXmlIllegal(release.title));
    expect(message.text).toBe(stripXmlIllegal(message.text));
    expect(message.subject).not.toMatch(/[\r\n]/);
  });
});
