// Adding a language is adding a file: every catalogue in lambdas/core/i18n must say everything
// the default language's catalogue says, no more and no less.
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { parseCatalogue } from '../../../../lambdas/core/i18n/catalogue.ts';
import { catalogueJson, SITE } from '../../../support/site.ts';

const folder = fileURLToPath(new URL('../../../../lambdas/core/i18n/', import.meta.url));
const languages = readdirSync(folder)
  .filter((name) => name.endsWith('.json'))
  .map((name) => name.slice(0, -'.json'.length));
const defaultKeys = Object.keys(catalogueJson(SITE.config.defaultLanguage) as object).sort();

describe('catalogues', () => {
  test('there is one for every language of both shipped configurations', () => {
    expect(languages).toEqual(expect.arrayContaining(['az', 'en', 'ru', 'kk']));
  });

  test.each(languages)('%s.json has every key of the default catalogue, and only those', (language) => {
    expect(Object.keys(catalogueJson(language) as object).sort()).toEqual(defaultKeys);
    expect(() => parseCatalogue(catalogueJson(language), language)).not.toThrow();
  });

  test('a catalogue with a missing key is refused, naming the file and the key', () => {
    const { howTo: _gone, ...incomplete } = catalogueJson('en') as Record<string, string>;
    expect(() => parseCatalogue(incomplete, 'xx')).toThrow(/i18n\/xx\.json[\s\S]*howTo: required/);
  });
});
