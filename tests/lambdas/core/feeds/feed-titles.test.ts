import { describe, expect, test } from 'vitest';
import { SITE } from '../../../support/site.ts';
import { countryName, feedDescription, feedTitle, officialName, siteName } from '../../../../lambdas/core/feeds/feed-titles.ts';
import { OFFICIALS } from './feed-fixtures.ts';

describe('feed titles', () => {
  test('the site name per language, English for languages without strings', () => {
    expect(siteName(SITE, 'az')).toBe('Milli Məclis');
    expect(siteName(SITE, 'en-GB')).toBe('Milli Majlis');
    expect(siteName(SITE, 'ru')).toBe('Милли Меджлис');
    expect(siteName(SITE, 'tr')).toBe('Milli Majlis');
  });

  test('everything, a country, an official', () => {
    expect(feedTitle(SITE, { kind: 'all' }, OFFICIALS, 'az')).toBe('Milli Məclis');
    expect(feedTitle(SITE, { kind: 'country', code: 'KZ' }, OFFICIALS, 'az')).toBe('Milli Məclis — Qazaxıstan');
    expect(feedTitle(SITE, { kind: 'official', slug: 'sahibe-qafarova' }, OFFICIALS, 'az')).toBe('Milli Məclis — Sahibə Qafarova');
    expect(feedTitle(SITE, { kind: 'official', slug: 'ilham-aliyev' }, OFFICIALS, 'az')).toBe('Milli Məclis — İlham Əliyev');
  });

  test('English and Russian', () => {
    expect(feedTitle(SITE, { kind: 'country', code: 'KZ' }, OFFICIALS, 'en')).toBe('Milli Majlis — Kazakhstan');
    expect(feedTitle(SITE, { kind: 'country', code: 'kz' }, OFFICIALS, 'ru')).toBe('Милли Меджлис — Казахстан');
    expect(feedTitle(SITE, { kind: 'official', slug: 'sahibe-qafarova' }, OFFICIALS, 'ru')).toBe('Милли Меджлис — Сахиба Гафарова');
  });

  test('country names fall back to English, then to the code', () => {
    expect(countryName(SITE, 'AZ', 'az')).toBe('Azərbaycan');
    expect(countryName(SITE, 'KZ', 'de')).toBe('Kazakhstan');
    expect(countryName(SITE, 'QQ', 'az')).toBe('QQ');
  });

  test('official names fall back to the primary subtag, English, the default language, any name, the slug', () => {
    expect(officialName(SITE, 'sahibe-qafarova', OFFICIALS, 'az-Latn')).toBe('Sahibə Qafarova');
    expect(officialName(SITE, 'maulen-ashimbayev', OFFICIALS, 'ru')).toBe('Maulen Ashimbayev');
    const onlyKazakh = new Map([['x', { slug: 'x', names: { kk: 'Мәулен' }, role: {}, country: 'KZ' }]]);
    expect(officialName(SITE, 'x', onlyKazakh, 'en')).toBe('Мәулен');
    expect(officialName(SITE, 'unknown-person', OFFICIALS, 'az')).toBe('unknown-person');
  });

  test('descriptions are localised too', () => {
    expect(feedDescription(SITE, { kind: 'all' }, OFFICIALS, 'az')).toBe('Azərbaycan Respublikası Milli Məclisinin press-relizləri');
    expect(feedDescription(SITE, { kind: 'country', code: 'KZ' }, OFFICIALS, 'az')).toBe('Milli Məclisin press-relizləri: Qazaxıstan');
    expect(feedDescription(SITE, { kind: 'official', slug: 'sahibe-qafarova' }, OFFICIALS, 'en')).toBe('Milli Majlis press releases: Sahiba Gafarova');
  });
});
