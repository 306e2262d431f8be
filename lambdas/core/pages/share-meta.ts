// How a release looks when shared: Open Graph (Facebook, LinkedIn, Telegram, WhatsApp…), its
// article times, and Twitter/X's card, which falls back to Open Graph for everything else.
import type { EntryImage } from '../feeds/entry-media.ts';
import { metaName, metaProperty } from './page-head.ts';

export interface ShareCard {
  title: string;
  description: string;
  url: string;
  siteName: string;
  /** BCP 47 tags: the page's, then its translations'. */
  language: string;
  alternateLanguages: readonly string[];
  published: Date;
  modified: Date;
  image?: EntryImage;
}

/** Open Graph's locale, language_TERRITORY ("az_AZ", "en_US"), the territory the likeliest for the language. */
export function ogLocale(tag: string): string {
  try {
    const locale = new Intl.Locale(tag).maximize();
    return locale.region === undefined ? locale.language : `${locale.language}_${locale.region}`;
  } catch {
    return tag.replaceAll('-', '_');
  }
}

export function shareMetaTags(card: ShareCard): string[] {
  const locale = ogLocale(card.language);
  const alternates = [...new Set(card.alternateLanguages.map(ogLocale))].filter((other) => other !== locale);
  const image = card.image;
  const rendition = image?.feed;
  return [
    metaProperty('og:type', 'article'),
    metaProperty('og:title', card.title),
    metaProperty('og:description', card.description),
    metaProperty('og:url', card.url),
    metaProperty('og:site_name', card.siteName),
    metaProperty('og:locale', locale),
    ...alternates.map((other) => metaProperty('og:locale:alternate', other)),
    ...(image !== undefined && rendition !== undefined
      ? [
          metaProperty('og:image', rendition.url),
          metaProperty('og:image:type', rendition.mimeType),
          ...(rendition.width !== undefined && rendition.height !== undefined
            ? [metaProperty('og:image:width', String(rendition.width)), metaProperty('og:image:height', String(rendition.height))]
            : []),
          metaProperty('og:image:alt', image.alt),
        ]
      : []),
    metaProperty('article:published_time', card.published.toISOString()),
    metaProperty('article:modified_time', card.modified.toISOString()),
    metaName('twitter:card', image === undefined ? 'summary' : 'summary_large_image'),
  ];
}
