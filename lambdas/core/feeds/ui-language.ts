/** The languages the feed chrome (titles, descriptions, page labels) is written in. */
export type UiLanguage = 'az' | 'en' | 'ru';

/**
 * Chrome language for a BCP 47 tag, matched on its primary subtag. Anything we have no
 * strings for gets English: a reader of a Turkish feed is likelier to read English than
 * Azerbaijani.
 */
export function uiLanguage(tag: string): UiLanguage {
  const primary = tag.split('-', 1)[0]?.toLowerCase();
  return primary === 'az' || primary === 'ru' ? primary : 'en';
}
