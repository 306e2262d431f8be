// A release's versions in other languages, as its page links them: visibly ("Also in") and for
// search engines (hreflang), which then show each reader the version in their language.
import type { Release } from '../release.ts';
import type { Translation } from '../translations.ts';
import { escapeMarkup } from '../escape-markup.ts';
import { httpUrl } from '../http-url.ts';
import { releasePageUrl } from '../release-link.ts';
import { canonicalLanguage } from '../release-schema.ts';
import { stripXmlIllegal } from '../xml-chars.ts';
import { ownLanguageName } from '../feeds/feed-titles.ts';
import type { Alternate } from '../feeds/html-layout.ts';

/**
 * The translations with a link that can be followed: the table is not trusted, so a member
 * whose url is not absolute http(s) is linked at its page, and one without a language tag
 * (Intl would throw naming it) or an id is left out.
 */
export function pageTranslations(release: Pick<Release, 'translations'>, baseUrl: string): Translation[] {
  return (release.translations ?? []).flatMap((translation) => {
    const language = canonicalLanguage(stripXmlIllegal(translation.language).trim());
    const id = stripXmlIllegal(translation.id).trim();
    if (language === undefined || id === '') return [];
    return [{ language, id, url: httpUrl(translation.url) ?? releasePageUrl(baseUrl, id) }];
  });
}

/** "Digər dillərdə: English · Русский", each named in its own language and marked as being in it. */
export function alsoInHtml(translations: readonly Translation[], label: string): string {
  if (translations.length === 0) return '';
  const links = translations.map((translation) => {
    const lang = escapeMarkup(translation.language);
    return `<a href="${escapeMarkup(translation.url)}" hreflang="${lang}" lang="${lang}">${escapeMarkup(ownLanguageName(translation.language))}</a>`;
  });
  return `<p class="meta">${escapeMarkup(label)}: ${links.join(' · ')}</p>`;
}

/**
 * hreflang links for the release and each translation, the same set on every member's page
 * (search engines ignore links that are not returned), and x-default for the original: the
 * member the group is named after, or, when that one is not public, the public member whose
 * language tag sorts first, which every member's page names alike.
 */
export function languageAlternates(
  release: Pick<Release, 'id' | 'language' | 'group'>,
  ownUrl: string,
  translations: readonly Translation[],
): Alternate[] {
  const members = [{ language: release.language, id: release.id, url: ownUrl }, ...translations];
  const byLanguage = [...members].sort((a, b) => (a.language < b.language ? -1 : a.language > b.language ? 1 : 0));
  const original = members.find((member) => member.id === (release.group ?? release.id)) ?? byLanguage[0]!;
  return [
    ...members.map((member) => ({ type: 'text/html', hreflang: member.language, href: member.url })),
    { type: 'text/html', hreflang: 'x-default', href: original.url },
  ];
}
