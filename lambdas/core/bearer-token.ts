// The bearer token format, declared once: `npm run token`, the local runtime and the tests all
// make and recognise tokens through here. 24 random bytes are 192 bits: a fast hash (SHA-256)
// is then enough to store them, as nothing short enough to guess goes in.
import { randomBytes } from 'node:crypto';
import { SCOPES, type TokenScope } from './scopes.ts';

/** A generated token: `prs_<scope>_` and 32 base64url characters. Tokens set by hand need not match. */
export const GENERATED_TOKEN_PATTERN = new RegExp(`^prs_(${SCOPES.join('|')})_[A-Za-z0-9_-]{32}$`);

export function newBearerToken(scope: TokenScope): string {
  return `${prefixOf(scope)}${randomBytes(24).toString('base64url')}`;
}

const prefixOf = (scope: TokenScope) => `prs_${scope}_`;

/**
 * Partner tokens are kept apart from the operators' (their own partition), so the function
 * that makes them with a subscription can write nothing that grants more; the prefix says
 * where to look, with no second read.
 */
export const isPartnerToken = (token: string) => token.startsWith(prefixOf('partner'));

