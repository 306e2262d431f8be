import { describe, expect, test } from 'vitest';
import * as v from 'valibot';
import { parseSiteConfig, SiteConfigSchema } from '../../../lambdas/core/site-config.ts';
import { readSiteConfigFile } from '../../../lib/site-config-file.ts';
import { KAZAKHSTAN_CONFIG, SHIPPED_CONFIG } from '../../support/site.ts';

const shipped = readSiteConfigFile(SHIPPED_CONFIG).config;
const broken = (change: (config: Record<string, unknown>) => void) => {
  const config = structuredClone(shipped) as unknown as Record<string, unknown>;
  change(config);
  return () => parseSiteConfig(config, 'test.json');
};

describe('SiteConfig', () => {
  test('the shipped Milli Majlis and the Kazakhstan Senate example are valid', () => {
    expect(shipped.institution.name.az).toBe('Milli Məclis');
    expect(shipped.timeZone).toBe('Asia/Baku');
    expect(readSiteConfigFile(KAZAKHSTAN_CONFIG).config).toMatchObject({ defaultLanguage: 'kk', timeZone: 'Asia/Almaty', languages: ['kk', 'ru', 'en'] });
  });

  test.each([
    ['an unknown key', (c: Record<string, unknown>) => (c.colour = 'blue'), /test\.json[\s\S]*colour: unknown field/],
    ['a time zone Intl does not know', (c: Record<string, unknown>) => (c.timeZone = 'Asia/Atlantis'), /timeZone: must be an IANA time zone/],
    ['a default language the chrome does not speak', (c: Record<string, unknown>) => (c.defaultLanguage = 'kk'), /defaultLanguage: must be one of languages/],
    ['a language without the institution\'s name', (c: Record<string, unknown>) => ((c.languages as string[]).push('kk')), /institution\.name: needs a name in every one of languages/],
    ['a topic description without {topic}', (c: Record<string, unknown>) => (((c.institution as { topicDescription: Record<string, string> }).topicDescription.en = 'Press releases')), /institution\.topicDescription: every text must contain \{topic\}/],
    ['a tag URI authority that is no domain', (c: Record<string, unknown>) => (((c.tagUri as Record<string, string>).authority = 'Meclis')), /tagUri\.authority/],
    ['a feed size of zero', (c: Record<string, unknown>) => (c.feedSize = 0), /feedSize/],
    ['a contact without e-mail', (c: Record<string, unknown>) => delete (c.contact as Record<string, string>).email, /contact\.email: required/],
    ['copyright holder texts missing a language', (c: Record<string, unknown>) => (c.copyrightHolder = { az: 'Milli Məclis' }), /copyrightHolder: needs a text in every one of languages/],
    ['usage terms that are empty', (c: Record<string, unknown>) => (((c.usageTerms as Record<string, string>).en = ' ')), /usageTerms\.en: must not be empty/],
    ['a site URL that is not http(s)', (c: Record<string, unknown>) => (c.siteUrl = 'ftp://meclis.gov.az/'), /siteUrl: must be http or https/],
  ])('%s is refused, naming the key', (_name, change, message) => {
    expect(broken(change)).toThrow(message);
  });

  test('the tag URI is documented as frozen in the schema itself', () => {
    const tagUri = (SiteConfigSchema.pipe[0] as v.StrictObjectSchema<v.ObjectEntries, undefined>).entries.tagUri as unknown as { pipe: unknown[] };
    const description = tagUri.pipe.find((item): item is v.DescriptionAction<unknown, string> => (item as { type?: string }).type === 'description');
    expect(description?.description).toMatch(/FROZEN[\s\S]*every entry id/);
  });

  test('PRESSROOM_CONFIG names another file; a missing one is a clear error', () => {
    const saved = process.env.PRESSROOM_CONFIG;
    process.env.PRESSROOM_CONFIG = KAZAKHSTAN_CONFIG;
    try {
      expect(readSiteConfigFile().config.tagUri.authority).toBe('senate.parlam.kz');
      process.env.PRESSROOM_CONFIG = '/no/such/pressroom.config.json';
      expect(() => readSiteConfigFile()).toThrow(/cannot read the site configuration \/no\/such\/pressroom\.config\.json/);
    } finally {
      if (saved === undefined) delete process.env.PRESSROOM_CONFIG;
      else process.env.PRESSROOM_CONFIG = saved;
    }
  });
});
