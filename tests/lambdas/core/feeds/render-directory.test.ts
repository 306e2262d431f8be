import { describe, expect, test } from 'vitest';
import { SITE } from '../../../support/site.ts';
import { renderDirectory } from '../../../../lambdas/core/feeds/render-directory.ts';
import { BASE_URL, OFFICIALS } from './feed-fixtures.ts';
import { expectNoIllegalCharacters } from './xml-checks.ts';

const page = renderDirectory({
  site: SITE,
  feeds: [
    { kind: 'official', slug: 'sahibe-qafarova' },
    { kind: 'country', code: 'RU' },
    { kind: 'country', code: 'KZ' },
    { kind: 'all' },
    { kind: 'official', slug: 'maulen-ashimbayev' },
    { kind: 'country', code: 'AZ' },
    { kind: 'country', code: 'kz' },
  ],
  officials: OFFICIALS,
  baseUrl: `${BASE_URL}/`,
});

describe('renderDirectory', () => {
  test('an HTML page in Azerbaijani by default', () => {
    expect(page.startsWith('<!doctype html>\n<html lang="az">')).toBe(true);
    expect(page).toContain('<meta charset="utf-8">');
    expect(page).toContain('<title>Milli Məclis — xəbər lentləri</title>');
    expectNoIllegalCharacters(page);
  });

  test('every feed once, with .html .rss .atom .json links', () => {
    for (const path of ['all', 'countries/kz', 'countries/ru', 'countries/az', 'officials/sahibe-qafarova', 'officials/maulen-ashimbayev']) {
      for (const extension of ['html', 'rss', 'atom', 'json']) {
        expect(page).toContain(`href="${BASE_URL}/feeds/${path}.${extension}"`);
      }
      expect(page.match(new RegExp(`<link rel="alternate" [^>]*href="${BASE_URL}/feeds/${path}\\.`, 'g'))).toHaveLength(3);
    }
  });

  test('autodiscovery titles name the feed and the format', () => {
    expect(page).toContain(
      `<link rel="alternate" type="application/atom+xml" title="Milli Məclis — Qazaxıstan (Atom)" href="${BASE_URL}/feeds/countries/kz.atom">`,
    );
    expect(page).toContain(
      `<link rel="alternate" type="application/feed+json" title="Milli Məclis — Sahibə Qafarova (JSON Feed)" href="${BASE_URL}/feeds/officials/sahibe-qafarova.json">`,
    );
  });

  test('countries and officials sorted by their display names', () => {
    const order = ['Azərbaycan', 'Qazaxıstan', 'Rusiya'].map((name) => page.indexOf(`dir="auto">${name}</a>`));
    expect(order.every((position) => position > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(page.indexOf('>Maulen Aşimbayev</a>')).toBeLessThan(page.indexOf('>Sahibə Qafarova</a>'));
  });

  test('the same input in another order gives the same bytes', () => {
    const again = renderDirectory({
  site: SITE,
      feeds: [{ kind: 'country', code: 'AZ' }, { kind: 'official', slug: 'maulen-ashimbayev' }, { kind: 'country', code: 'KZ' }, { kind: 'country', code: 'RU' }, { kind: 'official', slug: 'sahibe-qafarova' }],
      officials: OFFICIALS,
      baseUrl: BASE_URL,
    });
    expect(again).toBe(page);
  });

  test('other languages, and escaping of names from the registry', () => {
    const hostileOfficials = new Map([['x', { slug: 'x', names: { en: '<script>alert(1)</script> "Bob" \u0001' }, role: {}, country: 'AZ' }]]);
    const english = renderDirectory({ site: SITE, feeds: [{ kind: 'official', slug: 'x' }], officials: hostileOfficials, baseUrl: BASE_URL, language: 'en' });
    expect(english).toContain('<html lang="en">');
    expect(english).toContain('Milli Majlis — feeds');
    expect(english).not.toContain('<script>');
    expect(english).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &quot;Bob&quot;');
    expectNoIllegalCharacters(english);
  });
});
