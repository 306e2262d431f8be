// The institution and its chrome, as the renderers receive it: the validated configuration and
// the catalogue of every language it names. Built once per cold start by the caller (the
// Lambda's config loader, a test, the CDK app); the core only reads it.
import type { Catalogue } from './i18n/catalogue.ts';
import type { SiteConfig } from './site-config.ts';

export interface Site {
  config: SiteConfig;
  /** One per language of config.languages. */
  catalogues: Readonly<Record<string, Catalogue>>;
}

/** The site, or an error naming each configured language that has no catalogue. */
export function siteOf(config: SiteConfig, catalogues: Readonly<Record<string, Catalogue>>): Site {
  const missing = config.languages.filter((language) => catalogues[language] === undefined);
  if (missing.length > 0) throw new Error(`no catalogue for ${missing.join(', ')}: add lambdas/core/i18n/<language>.json`);
  return { config, catalogues };
}

/**
 * The chrome language for a BCP 47 tag: its primary subtag when the chrome speaks it, else
 * English when configured (a reader of a Turkish feed is likelier to read English than the
 * institution's own language), else the default language.
 */
export function chromeLanguage(site: Site, tag: string): string {
  const primary = tag.split('-', 1)[0]?.toLowerCase() ?? '';
  const { languages, defaultLanguage } = site.config;
  if (languages.includes(primary)) return primary;
  return languages.includes('en') ? 'en' : defaultLanguage;
}

export function chromeStrings(site: Site, tag: string): Catalogue {
  return site.catalogues[chromeLanguage(site, tag)]!;
}

/** A tag URI under the institution's authority (RFC 4151), e.g. tag:meclis.gov.az,2023:pressroom/release/… */
export function tagUriPrefix(site: Site): string {
  return `tag:${site.config.tagUri.authority},${site.config.tagUri.date}:`;
}
