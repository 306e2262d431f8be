// The daily digest as its reader gets it: the HTML read back by the HTML standard's parser.
import { describe, expect, test } from 'vitest';
import { digestMessage, type DigestInput } from '../../../../lambdas/core/alerts/digest-message.ts';
import { SITE } from '../../../support/site.ts';
import { BASE_URL, fixtureRelease2023, hostileRelease } from '../feeds/feed-fixtures.ts';
import { attribute, elements, parseHtmlStrictly, textOf } from '../feeds/html-checks.ts';
import { IMAGE_ID, imageFile } from '../feeds/media-fixtures.ts';

const LINKS = {
  unsubscribe: `${BASE_URL}/alerts/unsubscribe?token=l1.unsubscribe.x`,
  oneClick: `${BASE_URL}/alerts/unsubscribe?token=l1.unsubscribe.x`,
  manage: `${BASE_URL}/alerts/manage?token=l1.manage.x`,
};
const page = (id: string) => `${BASE_URL}/releases/${id}`;
const first = fixtureRelease2023({ images: [{ media: IMAGE_ID, alt: 'A photo' }], files: { [IMAGE_ID]: imageFile(IMAGE_ID, 6000, 4000) } });
const second = fixtureRelease2023({ id: '01H3ABCDEF0123456789XYZKQN', title: 'The second release of the day', summary: 'Its summary.', updatedAt: '2023-06-15T12:00:00.000Z' });
const digest = (overrides: Partial<DigestInput> = {}) =>
  digestMessage(SITE, {
    language: 'en',
    feedTitle: 'Milli Majlis — Kazakhstan',
    // 08:00 in Baku on 16 June 2023.
    at: new Date('2023-06-16T04:00:00Z'),
    entries: [
      { kind: 'corrected', release: second, changeNote: 'Figures corrected', pageUrl: page(second.id) },
      { kind: 'published', release: first, pageUrl: page(first.id) },
    ],
    links: LINKS,
    ...overrides,
  });

describe('the daily digest', () => {
  test('its subject names the feed and the day in the site\'s zone; one entry per release, in the order given, each linking its page', () => {
    const message = digest();
    expect(message.subject).toBe('Milli Majlis — Kazakhstan: the day’s press releases, June 16, 2023');
    const document = parseHtmlStrictly(message.html);
    expect(elements(document, 'h2').map(textOf)).toEqual([`Updated: ${second.title}`, first.title]);
    expect(elements(document, 'a').map((a) => attribute(a, 'href'))).toEqual([page(second.id), page(first.id), LINKS.unsubscribe, LINKS.manage]);
    expect(message.text).toContain('Figures corrected');
    expect(message.text).toContain(first.summary);
    expect(message.text.indexOf(second.title)).toBeLessThan(message.text.indexOf(first.title));
  });

  test('no photos: a busy day stays one light mail', () => {
    expect(elements(parseHtmlStrictly(digest().html), 'img')).toEqual([]);
  });

  test('one-click unsubscribe and the visible links, as every alert has', () => {
    const message = digest();
    expect(message.headers).toEqual({ 'List-Unsubscribe': `<${LINKS.oneClick}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' });
    expect(message.text).toContain(`Unsubscribe: ${LINKS.unsubscribe}`);
    expect(message.text).toContain('You receive this e-mail because you follow “Milli Majlis — Kazakhstan”.');
  });

  test('in Russian for a Russian page; a withdrawn release brings no summary back', () => {
    const withdrawn = { ...first, status: 'retracted' as const, retractionNote: 'Published in error.' };
    const message = digest({ language: 'ru', entries: [{ kind: 'withdrawn', release: withdrawn, pageUrl: page(first.id) }] });
    expect(message.subject).toMatch(/пресс-релизы за день, 16 июня 2023/);
    expect(message.text).toContain('Published in error.');
    expect(message.text).not.toContain(first.summary);
  });

  test('a hostile release stays text; an empty digest is never made', () => {
    const release = hostileRelease();
    const document = parseHtmlStrictly(digest({ entries: [{ kind: 'published', release, pageUrl: page(release.id) }] }).html);
    expect(elements(document, 'script')).toEqual([]);
    expect(() => digest({ entries: [] })).toThrow(/no releases/);
  });
});
