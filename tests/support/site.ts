// A Site for core tests, built the way the Lambdas build theirs: the configuration file
// checked by the schema, the catalogues of its languages from lambdas/core/i18n.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseCatalogue } from '../../lambdas/core/i18n/catalogue.ts';
import { siteOf, type Site } from '../../lambdas/core/site.ts';
import { readSiteConfigFile } from '../../lib/site-config-file.ts';

const I18N = new URL('../../lambdas/core/i18n/', import.meta.url);

export const SHIPPED_CONFIG = fileURLToPath(new URL('../../pressroom.config.json', import.meta.url));
export const KAZAKHSTAN_CONFIG = fileURLToPath(new URL('../../examples/config/kazakhstan-senate.json', import.meta.url));

/** The shipped configuration with `changes`, in a file of its own: a runtime's `siteConfigFile`. */
export function shippedConfigWith(changes: Record<string, unknown>): string {
  const config = JSON.parse(readFileSync(SHIPPED_CONFIG, 'utf8'));
  const file = join(mkdtempSync(join(tmpdir(), 'pressroom-config-')), 'pressroom.config.json');
  writeFileSync(file, JSON.stringify({ ...config, ...changes }));
  return file;
}

export function catalogueJson(language: string): unknown {
  return JSON.parse(readFileSync(new URL(`${language}.json`, I18N), 'utf8'));
}

export function siteFrom(path: string): Site {
  const { config } = readSiteConfigFile(path);
  return siteOf(config, Object.fromEntries(config.languages.map((language) => [language, parseCatalogue(catalogueJson(language), language)])));
}

/** The Milli Majlis, as shipped. */
export const SITE = siteFrom(SHIPPED_CONFIG);
