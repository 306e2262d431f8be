// One alert e-mail, as SES sends it (Simple content: subject, text, HTML and headers): the
// release's title, summary, lead photo and date in the site's time zone, a link to its page,
// and the links every alert carries. In the language of the feed followed. Every value that
// reaches the HTML goes through the one escaper.
import { escapeMarkup } from '../escape-markup.ts';
import { entryMedia, type MediaRendition } from '../feeds/entry-media.ts';
import type { Release } from '../release.ts';
import { chromeLanguage, chromeStrings, type Site } from '../site.ts';
import { zonedDate } from '../pages/zoned-date.ts';
import { stripXmlIllegal } from '../xml-chars.ts';
import type { AlertKind } from './alert-kind.ts';
import type { Catalogue } from '../i18n/catalogue.ts';
import { listHeaders, MAIL_WIDTH, mailDocument, mailLink, MUTED, type AlertLinks, type MailMessage } from './mail-message.ts';

/** What a mail tells of a release: the rest (its body above all) stays on its page. */
export const ALERT_RELEASE_FIELDS = ['title', 'summary', 'publishedAt', 'updatedAt', 'images', 'files', 'retractionNote'] as const satisfies ReadonlyArray<keyof Release>;
export type AlertRelease = Pick<Release, (typeof ALERT_RELEASE_FIELDS)[number]>;

export interface AlertInput extends AlertEntry {
  /** The feed followed, its title in `language`. */
  feedTitle: string;
  language: string;
  links: AlertLinks;
}

function leadPhoto(release: AlertRelease): { rendition: MediaRendition; alt: string } | undefined {
  const [image] = entryMedia({ images: release.images ?? [], attachments: [], files: release.files ?? {} }).images;
  if (image === undefined) return undefined;
  // Twice the column's width, for sharp screens, when the photo has such a rendition.
  const rendition = image.srcset.find((candidate) => (candidate.width ?? 0) >= 2 * MAIL_WIDTH) ?? image.feed;
  return { rendition, alt: image.alt };
}

/** One release as an alert or a digest tells it: the same parts, in the mail's language. */
export interface AlertEntry {
  kind: AlertKind;
  release: AlertRelease;
  /** release.updated: the note of this correction, when it has one. */
  changeNote?: string;
  /** The release's page (for a withdrawn release, its withdrawal notice). */
  pageUrl: string;
}

export function entryParts(site: Site, language: string, entry: AlertEntry) {
  const words = chromeStrings(site, language);
  const { release } = entry;
  const { timeZone } = site.config;
  const published = `${words.published}: ${zonedDate(new Date(release.publishedAt!), language, timeZone)}`;
  const lines: string[] = [];
  if (entry.kind === 'corrected') {
    const date = zonedDate(new Date(release.updatedAt), language, timeZone);
    lines.push(entry.changeNote ? words.changeNote.replace('{date}', date).replace('{note}', entry.changeNote) : `${words.updated}: ${date}`);
  }
  if (entry.kind === 'withdrawn') {
    lines.push(words.withdrawnNotice);
    if (release.retractionNote) lines.push(release.retractionNote);
  }
  const prefix = entry.kind === 'corrected' ? `${words.updated}: ` : entry.kind === 'withdrawn' ? `${words.withdrawn}: ` : '';
  // One line: a subject is a header, whatever the stored title holds.
  const headline = stripXmlIllegal(`${prefix}${release.title}`).replace(/\s+/g, ' ').trim();
  // A withdrawn release's summary and photo are gone from the site; the mail does not bring them back.
  const summary = entry.kind === 'withdrawn' ? undefined : release.summary;
  const photo = entry.kind === 'withdrawn' ? undefined : leadPhoto(release);
  return { headline, published, lines, summary, photo };
}

export function alertMessage(site: Site, input: AlertInput): MailMessage {
  const language = chromeLanguage(site, input.language);
  const words = chromeStrings(site, language);
  const { release } = input;
  const { headline: subject, published, lines, summary, photo } = entryParts(site, language, input);
  const why = words.alertWhy.replace('{feed}', input.feedTitle);

  const text = [
    release.title,
    published,
    ...lines,
    ...(summary ? ['', summary] : []),
    '',
    `${words.alertRead}: ${input.pageUrl}`,
    '',
    ...alertTextFooter(words, why, input.links),
  ].join('\n');

  const paragraph = (value: string) => `<p>${escapeMarkup(value)}</p>`;
  const html = mailDocument(
    language,
    subject,
    `<h1 style="font-size:22px;line-height:1.3;margin:0 0 8px" dir="auto">${escapeMarkup(release.title)}</h1>
<p style="${MUTED};margin:0 0 12px">${escapeMarkup(published)}</p>
${lines.map(paragraph).join('\n')}
${photo ? `<img src="${escapeMarkup(photo.rendition.url)}" alt="${escapeMarkup(photo.alt)}" width="${MAIL_WIDTH}" style="display:block;width:100%;max-width:${MAIL_WIDTH}px;height:auto">` : ''}
${summary ? `<p dir="auto">${escapeMarkup(summary)}</p>` : ''}
<p>${mailLink(input.pageUrl, words.alertRead)}</p>
${alertFooter(words, why, input.links)}`,
  );
  // Control characters a stored text may still hold would make mail clients show garbage.
  return {
    subject,
    text: stripXmlIllegal(text),
    html,
    headers: listHeaders(input.links),
  };
}

/** Why the mail came and how to stop it, as the text part ends. */
export const alertTextFooter = (words: Catalogue, why: string, links: AlertLinks) => [
  '--',
  why,
  `${words.unsubscribe}: ${links.unsubscribe}`,
  `${words.manageAlerts}: ${links.manage}`,
  '',
];

/** Why the mail came and how to stop it: the end of every mail about releases. */
export function alertFooter(words: Catalogue, why: string, links: AlertLinks): string {
  return `<hr style="border:0;border-top:1px solid #d8dde3">
<p style="${MUTED};font-size:14px">${escapeMarkup(why)}<br>${mailLink(links.unsubscribe, words.unsubscribe)} · ${mailLink(links.manage, words.manageAlerts)}</p>`;
}
