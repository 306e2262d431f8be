// The institution's configuration for the Lambdas: the siteConfig setting (SITE_CONFIG in
// Lambda's environment, set by the CDK app; given by the local runtime) holds
// pressroom.config.json's JSON, validated with the core's schema and joined with the
// catalogues of its languages once per cold start. The core gets the result
// as an argument and never reads the environment.
import { parseCatalogue, type Catalogue } from '../core/i18n/catalogue.ts';
import { parseSiteConfig, type SiteConfig } from '../core/site-config.ts';
import { siteOf, type Site } from '../core/site.ts';
import { adapterSettings } from './adapter-context.ts';

export const SITE_CONFIG_VARIABLE = 'SITE_CONFIG';

// Keyed by the JSON: a second local runtime in the process may serve another institution.
const loaded = new Map<string, Promise<Site>>();

export function site(): Promise<Site> {
  const json = adapterSettings().siteConfig;
  if (!json) return Promise.reject(new Error(`${SITE_CONFIG_VARIABLE} is not set (the JSON of pressroom.config.json)`));
  let site = loaded.get(json);
  if (!site) {
    site = load(json);
    loaded.set(json, site);
  }
  return site;
}

/** The configuration alone, without the catalogues: for functions that render nothing. */
const parsedConfigs = new Map<string, SiteConfig>();

export function siteConfig(): SiteConfig {
  const json = adapterSettings().siteConfig;
  if (!json) throw new Error(`${SITE_CONFIG_VARIABLE} is not set (the JSON of pressroom.config.json)`);
  let config = parsedConfigs.get(json);
  if (!config) {
    config = configOf(json);
    parsedConfigs.set(json, config);
  }
  return config;
}

function configOf(json: string): SiteConfig {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch (error) {
    throw new Error(`${SITE_CONFIG_VARIABLE} is not JSON: ${(error as Error).message}`);
  }
  return parseSiteConfig(parsed, SITE_CONFIG_VARIABLE);
}

async function load(json: string): Promise<Site> {
  const config = configOf(json);
  const entries = await Promise.all(config.languages.map(async (language) => [language, await catalogue(language)] as const));
  return siteOf(config, Object.fromEntries(entries));
}

async function catalogue(language: string): Promise<Catalogue> {
  let module: { default: unknown };
  try {
    // esbuild bundles every catalogue this pattern can match, so a Lambda carries them all.
    module = (await import(`../core/i18n/${language}.json`, { with: { type: 'json' } })) as { default: unknown };
  } catch {
    throw new Error(`no catalogue for language "${language}": add lambdas/core/i18n/${language}.json`);
  }
  return parseCatalogue(module.default, language);
}
