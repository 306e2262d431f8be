// What every mail Pressroom sends has in common: SES's Simple content, one HTML document shape
// that mail clients render alike (inline styles, no stylesheet, a column at most 600 px wide),
// and for every mail about releases the links and list headers that let its reader stop it.
import { escapeMarkup } from '../escape-markup.ts';
import { stripXmlIllegal } from '../xml-chars.ts';

/** One e-mail as SES sends Simple content: it builds the MIME parts from these. */
export interface MailMessage {
  /** One line. */
  subject: string;
  text: string;
  html: string;
  headers: Record<string, string>;
}

/** A mail client shows the column at most this wide (CSS pixels). */
export const MAIL_WIDTH = 600;

export const MUTED = 'color:#5b6470';

/** The HTML document around a mail's body (already escaped HTML); the title is escaped here. */
export function mailDocument(language: string, title: string, body: string): string {
  return stripXmlIllegal(`<!doctype html>
<html lang="${escapeMarkup(language)}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeMarkup(title)}</title></head>
<body style="margin:0;padding:16px;font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;line-height:1.5;color:#1b1f24">
<div style="max-width:${MAIL_WIDTH}px;margin:0 auto">
${body}
</div>
</body>
</html>
`);
}

export const mailLink = (href: string, label: string) => `<a href="${escapeMarkup(href)}">${escapeMarkup(label)}</a>`;

export interface AlertLinks {
  /** A page that unsubscribes with a button: a mail scanner that follows links unsubscribes no one. */
  unsubscribe: string;
  /** RFC 8058's one-click address, POSTed to by the mail client. */
  oneClick: string;
  manage: string;
}

/** RFC 8058: the mail client offers unsubscribing and POSTs to the address itself. */
export const listHeaders = (links: AlertLinks) => ({ 'List-Unsubscribe': `<${links.oneClick}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' });
