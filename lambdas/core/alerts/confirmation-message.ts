// The one kind of mail an unconfirmed address can get: the confirmation of what was asked
// from the form, with its signed link. It names the feeds asked for and says what happens if
// the reader ignores it, in the language it is given (the subscriber's).
import { escapeMarkup } from '../escape-markup.ts';
import { chromeLanguage, chromeStrings, type Site } from '../site.ts';
import { siteName } from '../feeds/feed-titles.ts';
import { stripXmlIllegal } from '../xml-chars.ts';
import { mailDocument, MUTED, type MailMessage } from './mail-message.ts';
import { CONFIRMATION_TTL_MS } from './signed-link.ts';

export interface ConfirmationInput {
  language: string;
  /** The titles of the feeds waiting for confirmation, in `language`. */
  feedTitles: readonly string[];
  /** The page with the button that confirms (a link scanner following it confirms nothing). */
  confirmUrl: string;
}

export function confirmationMessage(site: Site, input: ConfirmationInput): MailMessage {
  const language = chromeLanguage(site, input.language);
  const words = chromeStrings(site, language);
  const institution = siteName(site, language);
  const subject = words.confirmSubject.replace('{institution}', institution).replace(/\s+/g, ' ').trim();
  const intro = words.confirmMail.replace('{institution}', institution);
  const ignore = words.confirmIgnore.replace('{hours}', String(CONFIRMATION_TTL_MS / 3_600_000));
  const text = [intro, '', ...input.feedTitles.map((title) => `- ${title}`), '', `${words.confirmButton}: ${input.confirmUrl}`, '', ignore, ''].join('\n');
  const html = mailDocument(
    language,
    subject,
    `<p>${escapeMarkup(intro)}</p>
<ul>
${input.feedTitles.map((title) => `<li dir="auto">${escapeMarkup(title)}</li>`).join('\n')}
</ul>
<p><a href="${escapeMarkup(input.confirmUrl)}" style="display:inline-block;padding:10px 16px;background:#0b4f8a;color:#ffffff;text-decoration:none;border-radius:4px">${escapeMarkup(words.confirmButton)}</a></p>
<p style="${MUTED};font-size:14px">${escapeMarkup(ignore)}</p>`,
  );
  return { subject: stripXmlIllegal(subject), text: stripXmlIllegal(text), html, headers: {} };
}
