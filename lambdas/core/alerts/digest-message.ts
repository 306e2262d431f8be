// The daily digest: what the followed feed had since the digest before, one entry per release
// (its last event of the day: a release published and then corrected is told once, as it now
// stands), newest first, each with the parts an alert has but its photo, so that a busy day
// stays one light mail.
import { escapeMarkup } from '../escape-markup.ts';
import { chromeLanguage, chromeStrings, type Site } from '../site.ts';
import { displayDay } from '../feeds/display-date.ts';
import { stripXmlIllegal } from '../xml-chars.ts';
import { alertFooter, alertTextFooter, entryParts, type AlertEntry } from './alert-message.ts';
import { listHeaders, mailDocument, mailLink, MUTED, type AlertLinks, type MailMessage } from './mail-message.ts';

export interface DigestInput {
  language: string;
  feedTitle: string;
  /** When this digest goes out: its date is the subject's. */
  at: Date;
  /** At least one; the newest first. */
  entries: readonly AlertEntry[];
  links: AlertLinks;
}

export function digestMessage(site: Site, input: DigestInput): MailMessage {
  if (input.entries.length === 0) throw new Error('a digest with no releases is not sent');
  const language = chromeLanguage(site, input.language);
  const words = chromeStrings(site, language);
  const day = displayDay(input.at, language, site.config.timeZone);
  const subject = stripXmlIllegal(words.digestSubject.replace('{feed}', input.feedTitle).replace('{date}', day)).replace(/\s+/g, ' ').trim();
  const why = words.alertWhy.replace('{feed}', input.feedTitle);
  const entries = input.entries.map((entry) => ({ entry, parts: entryParts(site, language, entry) }));

  const text = [
    subject,
    '',
    ...entries.flatMap(({ entry, parts }) => [
      parts.headline,
      parts.published,
      ...parts.lines,
      ...(parts.summary ? [parts.summary] : []),
      `${words.alertRead}: ${entry.pageUrl}`,
      '',
    ]),
    ...alertTextFooter(words, why, input.links),
  ].join('\n');

  const html = mailDocument(
    language,
    subject,
    `<h1 style="font-size:22px;line-height:1.3;margin:0 0 12px">${escapeMarkup(subject)}</h1>
${entries
  .map(
    ({ entry, parts }) => `<div style="border-top:1px solid #d8dde3;padding:12px 0">
<h2 style="font-size:18px;line-height:1.3;margin:0 0 4px" dir="auto">${mailLink(entry.pageUrl, parts.headline)}</h2>
<p style="${MUTED};margin:0 0 8px">${escapeMarkup(parts.published)}</p>
${parts.lines.map((line) => `<p>${escapeMarkup(line)}</p>`).join('\n')}
${parts.summary ? `<p dir="auto">${escapeMarkup(parts.summary)}</p>` : ''}
</div>`,
  )
  .join('\n')}
${alertFooter(words, why, input.links)}`,
  );
  return { subject, text: stripXmlIllegal(text), html, headers: listHeaders(input.links) };
}
