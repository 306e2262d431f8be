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
import type { MailMessage } from './mail-message.ts';

/** A mail client shows a photo at most this wide (CSS pixels); the rendition is twice that, for sharp screens. */
export const ALERT_IMAGE_WIDTH = 600;

export type AlertRelease = Pick<Release, 'title' | 'summary' | 'publishedAt' | 'updatedAt' | 'images' | 'files' | 'retractionNote'>;

export interface AlertInput {
  kind: AlertKind;
  release: AlertRelease;
  /** release.updated: the note of this correction, when it has one. */
  changeNote?: string;
  /** The release's page (for a withdrawn release, its withdrawal notice). */
  pageUrl: string;
  /** The feed followed, its title in `language`. */
  feedTitle: string;
  language: string;
  links: {
    /** A page that unsubscribes with a button: a mail scanner that follows links unsubscribes no one. */
    unsubscribe: string;
    /** RFC 8058's one-click address, POSTed to by the mail client. */
    oneClick: string;
    manage: string;
  };
}

function leadPhoto(release: AlertRelease): { rendition: MediaRendition; alt: string } | undefined {
  const [image] = entryMedia({ images: release.images ?? [], attachments: [], files: release.files ?? {} }).images;
  if (image === undefined) return undefined;
  const rendition = image.srcset.find((candidate) => (candidate.width ?? 0) >= 2 * ALERT_IMAGE_WIDTH) ?? image.feed;
  return { rendition, alt: image.alt };
}

export function alertMessage(site: Site, input: AlertInput): MailMessage {
  const language = chromeLanguage(site, input.language);
  const words = chromeStrings(site, language);
  const { release } = input;
  const { timeZone } = site.config;
  const published = `${words.published}: ${zonedDate(new Date(release.publishedAt!), language, timeZone)}`;
  const lines: string[] = [];
  if (input.kind === 'corrected') {
    const date = zonedDate(new Date(release.updatedAt), language, timeZone);
    lines.push(input.changeNote ? words.changeNote.replace('{date}', date).replace('{note}', input.changeNote) : `${words.updated}: ${date}`);
  }
  if (input.kind === 'withdrawn') {
    lines.push(words.withdrawnNotice);
    if (release.retractionNote) lines.push(release.retractionNote);
  }
  const prefix = input.kind === 'corrected' ? `${words.updated}: ` : input.kind === 'withdrawn' ? `${words.withdrawn}: ` : '';
  // One line: a subject is a header, whatever the stored title holds.
  const subject = stripXmlIllegal(`${prefix}${release.title}`).replace(/\s+/g, ' ').trim();
  // A withdrawn release's summary and photo are gone from the site; the alert does not bring them back.
  const summary = input.kind === 'withdrawn' ? undefined : release.summary;
  const photo = input.kind === 'withdrawn' ? undefined : leadPhoto(release);
  const why = words.alertWhy.replace('{feed}', input.feedTitle);

  const text = [
    release.title,
    published,
    ...lines,
    ...(summary ? ['', summary] : []),
    '',
    `${words.alertRead}: ${input.pageUrl}`,
    '',
    '--',
    why,
    `${words.unsubscribe}: ${input.links.unsubscribe}`,
    `${words.manageAlerts}: ${input.links.manage}`,
    '',
  ].join('\n');

  const paragraph = (value: string) => `<p>${escapeMarkup(value)}</p>`;
  const link = (href: string, label: string) => `<a href="${escapeMarkup(href)}">${escapeMarkup(label)}</a>`;
  const html = `<!doctype html>
<html lang="${escapeMarkup(language)}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeMarkup(subject)}</title></head>
<body style="margin:0;padding:16px;font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;line-height:1.5;color:#1b1f24">
<div style="max-width:${ALERT_IMAGE_WIDTH}px;margin:0 auto">
<h1 style="font-size:22px;line-height:1.3;margin:0 0 8px" dir="auto">${escapeMarkup(release.title)}</h1>
<p style="color:#5b6470;margin:0 0 12px">${escapeMarkup(published)}</p>
${lines.map(paragraph).join('\n')}
${photo ? `<img src="${escapeMarkup(photo.rendition.url)}" alt="${escapeMarkup(photo.alt)}" width="${ALERT_IMAGE_WIDTH}" style="display:block;width:100%;max-width:${ALERT_IMAGE_WIDTH}px;height:auto">` : ''}
${summary ? `<p dir="auto">${escapeMarkup(summary)}</p>` : ''}
<p>${link(input.pageUrl, words.alertRead)}</p>
<hr style="border:0;border-top:1px solid #d8dde3">
<p style="color:#5b6470;font-size:14px">${escapeMarkup(why)}<br>${link(input.links.unsubscribe, words.unsubscribe)} · ${link(input.links.manage, words.manageAlerts)}</p>
</div>
</body>
</html>
`;
  // Control characters a stored text may still hold would make mail clients show garbage.
  return {
    subject,
    text: stripXmlIllegal(text),
    html: stripXmlIllegal(html),
    headers: { 'List-Unsubscribe': `<${input.links.oneClick}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
  };
}
