// The press office, at the foot of every release page: a journalist with a question about a
// release needs someone to ask.
import type { SiteConfig } from '../site-config.ts';
import { escapeMarkup } from '../escape-markup.ts';

/** A tel: URI is the number without its spacing: "+994 12 000 00 00" → tel:+994120000000. */
const telUri = (phone: string) => {
  const digits = phone.replace(/[^\d+]/g, '');
  return /\d/.test(digits) ? `tel:${digits}` : undefined;
};

export function contactHtml(contact: SiteConfig['contact'], heading: string): string {
  const tel = telUri(contact.phone);
  const phone = tel === undefined ? escapeMarkup(contact.phone) : `<a href="${escapeMarkup(tel)}">${escapeMarkup(contact.phone)}</a>`;
  return `<section>
<h2>${escapeMarkup(heading)}</h2>
<address><p>${escapeMarkup(contact.name)}<br><a href="${escapeMarkup(`mailto:${contact.email}`)}">${escapeMarkup(contact.email)}</a><br>${phone}</p></address>
</section>`;
}
