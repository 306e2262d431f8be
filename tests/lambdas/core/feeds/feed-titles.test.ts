import { describe, expect, test } from 'vitest';
import { countryName, feedDescription, feedTitle, officialName, siteName } from '../../../../lambdas/core/feeds/feed-titles.ts';
import { OFFICIALS } from './feed-fixtures.ts';

describe('feed titles', () => {
  test('the site name per language, English for languages without strings', () => {
    expect(siteName('az')).toBe('Milli Məclis');
    expect(siteName('en-GB')).toBe('Milli Majlis');
    expect(siteName('ru')).toBe('Милли Меджлис');
    expect(siteName('tr')).toBe('Milli Majlis');
  });

  test('everything, a country, an official', () => {
    expect(feedTitle({ kind: 'all' }, OFFICIALS, 'az')).toBe('Milli Məclis');
    expect(feedTitle({ kind: 'country', code: 'KZ' }, OFFICIALS, 'az')).toBe('Milli Məclis — Qazaxıstan');
    expect(feedTitle({ kind: 'official', slug: 'sahibe-qafarova' }, OFFICIALS, 'az')).toBe('Milli Məclis — Sahibə Qafarova');
    expect(feedTitle({ kind: 'official', slug: 'ilham-aliyev' }, OFFICIALS, 'az')).toBe('Milli Məclis — İlham Əliyev');
  });

  test('English and Russian', () => {
    expect(feedTitle({ kind: 'country', code: 'KZ' }, OFFICIALS, 'en')).toBe('Milli Majlis — Kazakhstan');
    expect(feedTitle({ kind: 'country', code: 'kz' }, OFFICIALS, 'ru')).toBe('Милли Меджлис — Казахстан');
    expect(feedTitle({ kind: 'official', slug: 'sahibe-qafarova' }, OFFICIALS, 'ru')).toBe('Милли Меджлис — Сахиба Гафарова');
  });

  test('country names fall back to English, then to the code', () => {
    expect(countryName('AZ', 'az')).toBe('Azərbaycan');
    expect(countryName('KZ', 'de')).toBe('Kazakhstan');
    expect(countryName('QQ', 'az')).toBe('QQ');
  });

  test('official names fall back to the primary subtag, English, Azerbaijani, any name, the slug', () => {
    expect(officialName('sahibe-qafarova', OFFICIALS, 'az-Latn')).toBe('Sahibə Qafarova');
    expect(officialName('maulen-ashimbayev', OFFICIALS, 'ru')).toBe('Maulen Ashimbayev');
    const onlyKazakh = new Map([['x', { slug: 'x', names: { kk: 'Мәулен' }, role: {}, country: 'KZ' }]]);
    expect(officialName('x', onlyKazakh, 'en')).toBe('Мәулен');
    expect(officialName('unknown-person', OFFICIALS, 'az')).toBe('unknown-person');
  });

  test('descriptions are localised too', () => {
    expect(feedDescription({ kind: 'all' }, OFFICIALS, 'az')).toBe('Azərbaycan Respublikası Milli Məclisinin press-relizləri');
    expect(feedDescription({ kind: 'country', code: 'KZ' }, OFFICIALS, 'az')).toBe('Milli Məclisin press-relizləri: Qazaxıstan');
    expect(feedDescription({ kind: 'official', slug: 'sahibe-qafarova' }, OFFICIALS, 'en')).toBe('Milli Majlis press releases: Sahiba Gafarova');
  });
});
