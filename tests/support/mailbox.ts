// What the local SES engine accepted, read the way a mail client reads it: the engine's MIME
// (its /get-emlContent) parsed with mailparser, headers and both parts included; and what a
// mail client sends back for one-click unsubscribe.
import { simpleParser, type ParsedMail } from 'mailparser';
import type { Runtime } from '../../local/runtime.ts';
import { findByAddress } from '../../lambdas/adapters/subscriber-store.ts';
import { alertLinkUrl } from '../../lambdas/core/alerts/alert-links.ts';
import { signLink } from '../../lambdas/core/alerts/signed-link.ts';

interface StoredMail {
  messageId: string;
  destination: { to: string[] };
  subject: string;
  at: number;
}

/** Every mail the engine holds for `to` (case as sent), oldest first, parsed. */
export async function mailTo(runtime: Runtime, to: string): Promise<ParsedMail[]> {
  const { endpoint } = runtime.engines.ses;
  const store = (await (await fetch(`${endpoint}/store`)).json()) as { emails: StoredMail[] };
  const ours = store.emails.filter((mail) => mail.destination.to.includes(to));
  return Promise.all(
    ours.map(async (mail) => {
      const response = await fetch(`${endpoint}/get-emlContent?messageId=${encodeURIComponent(mail.messageId)}`);
      if (!response.ok) throw new Error(`the SES engine has no MIME for ${mail.messageId}: ${response.status}`);
      // JSON: the MIME as a serialised Buffer.
      const { body } = (await response.json()) as { body: { type: 'Buffer'; data: number[] } };
      return simpleParser(Buffer.from(body.data));
    }),
  );
}

/** The first link in the text part that starts with `prefix`. */
export function linkIn(mail: ParsedMail, prefix: string): string {
  const link = (mail.text ?? '').split(/\s+/).find((word) => word.startsWith(prefix));
  if (link === undefined) throw new Error(`no link to ${prefix} in:\n${mail.text}`);
  return link;
}

/**
 * What a mail client does with an alert's List-Unsubscribe (RFC 8058): a POST of
 * `List-Unsubscribe=One-Click` to its address, made here for the subscriber `address` names.
 */
export async function oneClickUnsubscribe(runtime: Runtime, address: string): Promise<Response> {
  const found = await runtime.adapters.run(() => findByAddress(address));
  if (!found) throw new Error(`no subscriber ${address}`);
  const token = signLink({ purpose: 'unsubscribe', subscriber: found.id }, runtime.settings.alerts!.key!);
  return fetch(`${alertLinkUrl(runtime.url, 'unsubscribe', token, 'en')}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: 'List-Unsubscribe=One-Click',
  });
}

/**
 * A reader who asked for alerts on `feed` with the form and pressed the confirmation link's
 * button, as a person does: the form's POST, the mail's link, the page's button.
 */
export async function confirmedFollower(runtime: Runtime, address: string, feed: string, frequency: 'immediately' | 'daily', language: string): Promise<void> {
  const before = (await mailTo(runtime, address)).length;
  const asked = await fetch(`${runtime.url}/alerts/subscribe`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ email: address, feed, frequency, lang: language, website: '' }).toString(),
  });
  if (asked.status !== 200) throw new Error(`the form answered ${asked.status}`);
  const mails = await mailTo(runtime, address);
  if (mails.length !== before + 1) throw new Error(`no confirmation came to ${address}`);
  const link = linkIn(mails.at(-1)!, `${runtime.url}/alerts/confirm?`);
  const action = /<form[^>]* action="([^"]+)"/.exec(await (await fetch(link)).text())?.[1];
  if (!action) throw new Error('the confirmation page has no button');
  const pressed = await fetch(`${runtime.url}${action.replace(/&amp;/g, '&')}`, { method: 'POST' });
  if (pressed.status !== 200) throw new Error(`the confirmation answered ${pressed.status}`);
}

/** A header as the mail carries it, unfolded (mailparser turns some, List-* among them, into objects). */
export function rawHeader(mail: ParsedMail, name: string): string | undefined {
  const line = mail.headerLines.find((header) => header.key === name.toLowerCase())?.line;
  return line === undefined ? undefined : line.slice(line.indexOf(':') + 1).replace(/\r?\n[ \t]+/g, ' ').trim();
}

/** The address RFC 8058 has a mail client POST to: the mail's List-Unsubscribe URL. */
export function oneClickAddress(mail: ParsedMail): string {
  const header = rawHeader(mail, 'List-Unsubscribe') ?? '';
  const url = /^<(https?:[^>]+)>$/.exec(header)?.[1];
  if (!url) throw new Error(`no List-Unsubscribe URL in "${header}"`);
  return url;
}
