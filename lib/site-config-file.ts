// The one file that says which institution a deployment is for: pressroom.config.json at the
// root of the repository, or the file PRESSROOM_CONFIG names. `cdk synth` and `npm start` read
// it here and hand its JSON to the functions (SITE_CONFIG); an invalid file stops both with
// the key that is wrong.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseCatalogue } from '../lambdas/core/i18n/catalogue.ts';
import { parseSiteConfig, type SiteConfig } from '../lambdas/core/site-config.ts';
import { projectRoot } from './functions.ts';

export const DEFAULT_SITE_CONFIG_FILE = resolve(projectRoot, 'pressroom.config.json');

export interface SiteConfigFile {
  path: string;
  config: SiteConfig;
  /** What the functions receive in SITE_CONFIG: the validated configuration, compact. */
  json: string;
}

export function readSiteConfigFile(path: string = process.env.PRESSROOM_CONFIG || DEFAULT_SITE_CONFIG_FILE): SiteConfigFile {
  const absolute = resolve(path);
  let text: string;
  try {
    text = readFileSync(absolute, 'utf8');
  } catch (error) {
    throw new Error(`cannot read the site configuration ${absolute}: ${(error as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new Error(`the site configuration ${absolute} is not JSON: ${(error as Error).message}`);
  }
  const config = parseSiteConfig(parsed, absolute);
  // The catalogues are bundled with the functions; a language without one fails here, not at a cold start.
  for (const language of config.languages) {
    const catalogue = resolve(projectRoot, 'lambdas/core/i18n', `${language}.json`);
    if (!existsSync(catalogue)) throw new Error(`${absolute}: languages names "${language}", but there is no ${catalogue}`);
    parseCatalogue(JSON.parse(readFileSync(catalogue, 'utf8')), language);
  }
  return { path: absolute, config, json: JSON.stringify(config) };
}
