// A subscriber's e-mail address as the subscribe form takes it: one line, at most 254
// characters (RFC 5321's path limit), and what validator's isEmail accepts with the rules of
// the sender: no display name, no IP-literal domain, a top-level domain, a local part of
// printable ASCII without spaces (SES does not send SMTPUTF8, and isEmail lets a quoted local
// part hold any white space and most control characters). Domains are case-insensitive, so the
// domain is kept lower-cased and, when internationalised, in its ASCII (punycode) form; the
// local part is kept as typed.
import { domainToASCII } from 'node:url';
import * as v from 'valibot';
import isEmailModule from 'validator/lib/isEmail.js';

// A CommonJS module whose exports are the function and whose `default` is that function too:
// `default` is the one its types and Node's ESM loader agree on.
const isEmail = isEmailModule.default;

export const ADDRESS_MAX_LENGTH = 254;

/** The address with its domain in ASCII and lower case, or undefined when the domain is not one. */
function withAsciiDomain(address: string): string | undefined {
  const at = address.lastIndexOf('@');
  if (at <= 0) return undefined;
  const domain = domainToASCII(address.slice(at + 1).toLowerCase());
  return domain === '' ? undefined : `${address.slice(0, at)}@${domain}`;
}

const isSendable = (address: string) =>
  /^[\x21-\x7e]+$/.test(address.slice(0, address.lastIndexOf('@'))) &&
  isEmail(address, { allow_display_name: false, allow_ip_domain: false, require_tld: true, allow_utf8_local_part: false });

export const SubscriberAddressSchema = v.pipe(
  v.string('must be a string'),
  // Before trimming, which would hide a line break at either end: a header injection attempt.
  v.check((s) => !/[\r\n]/.test(s), 'must be a single line'),
  v.trim(),
  v.nonEmpty('is required'),
  v.maxLength(ADDRESS_MAX_LENGTH, `must be at most ${ADDRESS_MAX_LENGTH} characters`),
  v.check((s) => (withAsciiDomain(s) ?? '').length <= ADDRESS_MAX_LENGTH, `must be at most ${ADDRESS_MAX_LENGTH} characters with its domain in ASCII`),
  v.check((s) => {
    const ascii = withAsciiDomain(s);
    return ascii !== undefined && isSendable(ascii);
  }, 'must be an e-mail address, such as name@example.org'),
  v.transform((s) => withAsciiDomain(s)!),
  v.description('The subscriber\'s e-mail address.'),
);
