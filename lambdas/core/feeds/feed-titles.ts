import type { FeedRef } from '../feed-keys.ts';
import type { Official } from '../release.ts';
import { chromeLanguage, type Site } from '../site.ts';

export function siteName(site: Site, language: string): string {
  return site.config.institution.name[chromeLanguage(site, language)]!;
}

// ICU's region names (Node ships full ICU), one formatter per language: creating one costs
// far more than a lookup, and a feed asks for a name per category of every entry.
const regionNames = new Map<string, Intl.DisplayNames | null>();

function regionNamesIn(language: string): Intl.DisplayNames | null {
  let names = regionNames.get(language);
  if (names === undefined) {
    try {
      names = new Intl.DisplayNames([language], { type: 'region', fallback: 'none' });
    } catch {
      names = null;
    }
    regionNames.set(language, names);
  }
  return names;
}

function regionName(code: string, language: string): string | undefined {
  try {
    return regionNamesIn(language)?.of(code) ?? undefined;
  } catch {
    // Not shaped like a region code at all.
    return undefined;
  }
}

const languageNames = new Map<string, Intl.DisplayNames | null>();

/** A language's name in a language (its own, for a switcher: "русский"); the tag itself when ICU has none. */
export function languageName(tag: string, inLanguage: string): string {
  let names = languageNames.get(inLanguage);
  if (names === undefined) {
    try {
      names = new Intl.DisplayNames([inLanguage], { type: 'language', fallback: 'none' });
    } catch {
      names = null;
    }
    languageNames.set(inLanguage, names);
  }
  try {
    return names?.of(tag) ?? tag;
  } catch {
    return tag;
  }
}

/** A language's own name, capitalised as it stands alone in a switcher or a list: "Русский", "Azərbaycan". */
export function ownLanguageName(tag: string): string {
  const name = languageName(tag, tag);
  try {
    return name.charAt(0).toLocaleUpperCase(tag) + name.slice(1);
  } catch {
    // Not a tag ICU takes as a locale: the name (then the tag itself) as it is.
    return name;
  }
}

/** Country name in the chrome language, then English, then the code itself (unknown or new codes). */
export function countryName(site: Site, code: string, language: string): string {
  const upper = code.toUpperCase();
  return regionName(upper, chromeLanguage(site, language)) ?? regionName(upper, 'en') ?? upper;
}

/** An official's name in the language (or its primary subtag), then English, the default language, any, the slug. */
export function officialName(site: Site, slug: string, officials: ReadonlyMap<string, Official>, language: string): string {
  const names = officials.get(slug)?.names ?? {};
  const primary = language.split('-', 1)[0]?.toLowerCase() ?? '';
  const candidates = [names[language], names[primary], names.en, names[site.config.defaultLanguage], ...Object.values(names)];
  return candidates.find((name): name is string => typeof name === 'string' && name.trim() !== '')?.trim() ?? slug;
}

function topicName(site: Site, feed: FeedRef, officials: ReadonlyMap<string, Official>, language: string): string | undefined {
  switch (feed.kind) {
    case 'all':
      return undefined;
    case 'country':
      return countryName(site, feed.code, language);
    case 'official':
      return officialName(site, feed.slug, officials, language);
  }
}

/** "Milli Məclis", "Milli Məclis — Qazaxıstan", "Milli Məclis — Sahibə Qafarova". */
export function feedTitle(site: Site, feed: FeedRef, officials: ReadonlyMap<string, Official>, language: string): string {
  const topic = topicName(site, feed, officials, language);
  return topic === undefined ? siteName(site, language) : `${siteName(site, language)} — ${topic}`;
}

// "Press releases: X" (the configured wording) sidesteps case endings (Qazaxıstanla,
// Казахстаном) that a name pulled from a table cannot be inflected into.
export function feedDescription(site: Site, feed: FeedRef, officials: ReadonlyMap<string, Official>, language: string): string {
  const chrome = chromeLanguage(site, language);
  const topic = topicName(site, feed, officials, language);
  const { description, topicDescription } = site.config.institution;
  return topic === undefined ? description[chrome]! : topicDescription[chrome]!.replaceAll('{topic}', topic);
}
