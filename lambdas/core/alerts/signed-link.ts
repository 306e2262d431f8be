// The links an alert carries (confirm, unsubscribe, manage) are capabilities: whoever holds one
// may act for that subscriber, so each is signed with the site's alert key and says what it is
// for and, for a confirmation, until when. It names the subscriber by an id only, so a link
// that is forwarded or logged reveals no address. Replays are for the caller to refuse: a
// confirmation is spent once its subscriber is confirmed, an unsubscribe is the same the
// second time.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { isUlid, ULID_CHARACTERS } from '../ulid.ts';

export const LINK_PURPOSES = ['confirm', 'unsubscribe', 'manage'] as const;
export type LinkPurpose = (typeof LINK_PURPOSES)[number];

/** How long a confirmation link works; an unconfirmed subscriber is deleted when it stops. */
export const CONFIRMATION_TTL_MS = 48 * 3_600_000;

/** HMAC-SHA256 wants a key at least as long as its output. */
export const LINK_KEY_MIN_BYTES = 32;

const VERSION = 'l1';
const TOKEN = new RegExp(`^${VERSION}\\.(${LINK_PURPOSES.join('|')})\\.(${ULID_CHARACTERS})\\.(\\d{0,12})\\.([A-Za-z0-9_-]{43})$`);

export interface LinkClaims {
  purpose: LinkPurpose;
  subscriber: string;
  /** Epoch milliseconds, rounded down to the second; required for a confirmation, which alone expires. */
  expiresAt?: number;
}

export type LinkCheck =
  | { ok: true; subscriber: string; expiresAt?: number }
  | { ok: false; reason: 'malformed' | 'forged' | 'expired' | 'other-purpose' };

function checkedKey(key: Uint8Array): Uint8Array {
  if (key.byteLength < LINK_KEY_MIN_BYTES) throw new Error(`the alert link key must have at least ${LINK_KEY_MIN_BYTES} bytes`);
  return key;
}

const mac = (payload: string, key: Uint8Array) => createHmac('sha256', checkedKey(key)).update(payload, 'utf8').digest('base64url');

export function signLink(claims: LinkClaims, key: Uint8Array): string {
  if (!isUlid(claims.subscriber)) throw new Error('a link names its subscriber by a ULID');
  if (claims.purpose === 'confirm' && claims.expiresAt === undefined) throw new Error('a confirmation link must expire');
  if (claims.expiresAt !== undefined && !(Number.isSafeInteger(claims.expiresAt) && claims.expiresAt >= 0 && claims.expiresAt < 1e15)) {
    throw new Error(`a link's expiry must be a time in epoch milliseconds, not ${claims.expiresAt}`);
  }
  const expires = claims.expiresAt === undefined ? '' : String(Math.floor(claims.expiresAt / 1000));
  const payload = `${VERSION}.${claims.purpose}.${claims.subscriber}.${expires}`;
  return `${payload}.${mac(payload, key)}`;
}

/** What the link says, if this key signed it for `purpose` and it has not expired at `now`. */
export function verifyLink(token: string, purpose: LinkPurpose, key: Uint8Array, now: number): LinkCheck {
  const match = TOKEN.exec(token);
  if (!match) return { ok: false, reason: 'malformed' };
  const [, signedPurpose, subscriber, expires, signature] = match as unknown as [string, LinkPurpose, string, string, string];
  // The signature's characters, not its decoded bytes: the last of 43 base64url characters has
  // two bits no byte keeps, so decoding would let four spellings of one signature pass.
  const expected = Buffer.from(mac(`${VERSION}.${signedPurpose}.${subscriber}.${expires}`, key), 'ascii');
  const given = Buffer.from(signature, 'ascii');
  // Checked before anything else the token says, and in constant time.
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'forged' };
  if (signedPurpose !== purpose) return { ok: false, reason: 'other-purpose' };
  if (expires === '') return purpose === 'confirm' ? { ok: false, reason: 'malformed' } : { ok: true, subscriber };
  const expiresAt = Number(expires) * 1000;
  if (now >= expiresAt) return { ok: false, reason: 'expired' };
  return { ok: true, subscriber, expiresAt };
}
