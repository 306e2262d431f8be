import countries from 'i18n-iso-countries/index.js';
import az from 'i18n-iso-countries/langs/az.json' with { type: 'json' };
import en from 'i18n-iso-countries/langs/en.json' with { type: 'json' };
import ru from 'i18n-iso-countries/langs/ru.json' with { type: 'json' };
import type { FeedRef } from '../feed-keys.ts';
import type { Official } from '../release.ts';
import { uiLanguage, type UiLanguage } from './ui-language.ts';

// The package's main entry registers all ~90 locales; the bare index plus three JSON
// files keeps the Lambda bundle to what the chrome can actually speak.
countries.registerLocale(az);
countries.registerLocale(en);
countries.registerLocale(ru);

const SITE_NAME: Record<UiLanguage, string> = {
  az: 'Milli Məclis',
  en: 'Milli Majlis',
  ru: 'Милли Меджлис',
};

const ALL_DESCRIPTION: Record<UiLanguage, string> = {
  az: 'Azərbaycan Respublikası Milli Məclisinin press-relizləri',
  en: 'Press releases of the Milli Majlis of the Republic of Azerbaijan',
  ru: 'Пресс-релизы Милли Меджлиса Азербайджанской Республики',
};

// "Press releases: X" sidesteps case endings (Qazaxıstanla, Казахстаном) that a name
// pulled from a table cannot be inflected into.
const TOPIC_DESCRIPTION: Record<UiLanguage, (topic: string) => string> = {
  az: (topic) => `Milli Məclisin press-relizləri: ${topic}`,
  en: (topic) => `Milli Majlis press releases: ${topic}`,
  ru: (topic) => `Пресс-релизы Милли Меджлиса: ${topic}`,
};

export function siteName(language: string): string {
  return SITE_NAME[uiLanguage(language)];
}

/** Country name in the language, then English, then the code itself (unknown or new codes). */
export function countryName(code: string, language: string): string {
  const upper = code.toUpperCase();
  return countries.getName(upper, uiLanguage(language)) ?? countries.getName(upper, 'en') ?? upper;
}

/** An official's name in the language (or its primary subtag), then English, Azerbaijani, any, the slug. */
export function officialName(slug: string, officials: ReadonlyMap<string, Official>, language: string): string {
  const names = officials.get(slug)?.names ?? {};
  const primary = language.split('-', 1)[0]?.toLowerCase() ?? '';
  const candidates = [names[language], names[primary], names.en, names.az, ...Object.values(names)];
  return candidates.find((name): name is string => typeof name === 'string' && name.trim() !== '')?.trim() ?? slug;
}

function topicName(feed: FeedRef, officials: ReadonlyMap<string, Official>, language: string): string | undefined {
  switch (feed.kind) {
    case 'all':
      return undefined;
    case 'country':
      return countryName(feed.code, language);
    case 'official':
      return officialName(feed.slug, officials, language);
  }
}

/** "Milli Məclis", "Milli Məclis — Qazaxıstan", "Milli Məclis — Sahibə Qafarova". */
export function feedTitle(feed: FeedRef, officials: ReadonlyMap<string, Official>, language: string): string {
  const topic = topicName(feed, officials, language);
  return topic === undefined ? siteName(language) : `${siteName(language)} — ${topic}`;
}

export function feedDescription(feed: FeedRef, officials: ReadonlyMap<string, Official>, language: string): string {
  const ui = uiLanguage(language);
  const topic = topicName(feed, officials, language);
  return topic === undefined ? ALL_DESCRIPTION[ui] : TOPIC_DESCRIPTION[ui](topic);
}
