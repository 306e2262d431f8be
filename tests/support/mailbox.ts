// What the local SES engine accepted, read the way a mail client reads it: the engine's MIME
// (its /get-emlContent) parsed with mailparser, headers and both parts included.
import { simpleParser, type ParsedMail } from 'mailparser';
import type { Runtime } from '../../local/runtime.ts';

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
