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
