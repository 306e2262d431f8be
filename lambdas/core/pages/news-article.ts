// A release as schema.org's NewsArticle, the structured data search engines read for news
// (Google's article rich results: headline, images, dates, author and publisher).
import { truncateAtWord } from '../derive-summary.ts';
import { stripXmlIllegal } from '../xml-chars.ts';

/** Google's limit for an article's headline. */
export const HEADLINE_MAX_LENGTH = 110;

export interface ArticleFacts {
  title: string;
  description: string;
  published: Date;
  modified: Date;
  /** Absolute URLs, the lead photo first. */
  images: readonly string[];
  /** The institution: it both writes and publishes its press releases. */
  organisation: { name: string; url: string; logo?: string };
  language: string;
  /** The article's canonical address. */
  url: string;
}

export function newsArticle(facts: ArticleFacts): Record<string, unknown> {
  // JSON.stringify writes a lone surrogate as an escape that JSON.parse turns back into one,
  // so the text is cleaned here: the document-wide clean-up cannot see through the escape.
  const clean = (text: string) => stripXmlIllegal(text).trim();
  const { logo } = facts.organisation;
  const organisation = {
    '@type': 'Organization',
    name: clean(facts.organisation.name),
    url: facts.organisation.url,
    ...(logo !== undefined ? { logo: { '@type': 'ImageObject', url: logo } } : {}),
  };
  const description = clean(facts.description);
  return {
    '@context': 'https://schema.org',
    '@type': 'NewsArticle',
    headline: truncateAtWord(clean(facts.title), HEADLINE_MAX_LENGTH),
    ...(description !== '' ? { description } : {}),
    datePublished: facts.published.toISOString(),
    dateModified: facts.modified.toISOString(),
    ...(facts.images.length > 0 ? { image: [...facts.images] } : {}),
    author: organisation,
    publisher: organisation,
    inLanguage: facts.language,
    mainEntityOfPage: { '@type': 'WebPage', '@id': facts.url },
    url: facts.url,
  };
}
