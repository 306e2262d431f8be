// The bearer token format, declared once: `npm run token`, the local runtime and the tests all
// make and recognise tokens through here. 24 random bytes are 192 bits: a fast hash (SHA-256)
// is then enough to store them, as nothing short enough to guess goes in.
import { randomBytes } from 'node:crypto';

export const SCOPES = ['press', 'admin'] as const;
export type Scope = (typeof SCOPES)[number];

/** A generated token: `prs_<scope>_` and 32 base64url characters. Tokens set by hand need not match. */
export const GENERATED_TOKEN_PATTERN = /^prs_(press|admin)_[A-Za-z0-9_-]{32}$/;

export function newBearerToken(scope: Scope): string {
  return `prs_${scope}_${randomBytes(24).toString('base64url')}`;
}

export const isScope = (value: unknown): value is Scope => SCOPES.includes(value as Scope);
