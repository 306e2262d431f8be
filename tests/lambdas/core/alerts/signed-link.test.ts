import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { CONFIRMATION_TTL_MS, signLink, verifyLink } from '../../../../lambdas/core/alerts/signed-link.ts';

// A fixed key: the same tokens every run.
const KEY = createHash('sha256').update('pressroom alert links, test key').digest();
const SUBSCRIBER = '01JD3Z5Q8W1M2N3P4R5S6T7V8X';
const NOW = Date.parse('2026-12-03T10:00:00Z');

describe('signed alert links', () => {
  test('a confirmation link works until it expires, 48 hours on, and not after', () => {
    const token = signLink({ purpose: 'confirm', subscriber: SUBSCRIBER, expiresAt: NOW + CONFIRMATION_TTL_MS }, KEY);
    expect(verifyLink(token, 'confirm', KEY, NOW)).toEqual({ ok: true, subscriber: SUBSCRIBER, expiresAt: NOW + CONFIRMATION_TTL_MS });
    expect(verifyLink(token, 'confirm', KEY, NOW + CONFIRMATION_TTL_MS - 1_000).ok).toBe(true);
    expect(verifyLink(token, 'confirm', KEY, NOW + CONFIRMATION_TTL_MS)).toEqual({ ok: false, reason: 'expired' });
  });

  test('an unsubscribe link without an expiry keeps working, as an old e-mail\'s must', () => {
    const token = signLink({ purpose: 'unsubscribe', subscriber: SUBSCRIBER }, KEY);
    expect(verifyLink(token, 'unsubscribe', KEY, NOW + 10 * 365 * 86_400_000)).toEqual({ ok: true, subscriber: SUBSCRIBER });
  });

  test('a link is good for its own purpose only', () => {
    const token = signLink({ purpose: 'manage', subscriber: SUBSCRIBER }, KEY);
    expect(verifyLink(token, 'unsubscribe', KEY, NOW)).toEqual({ ok: false, reason: 'other-purpose' });
  });

  test('another key, or any changed character, makes it a forgery', () => {
    const token = signLink({ purpose: 'confirm', subscriber: SUBSCRIBER, expiresAt: NOW + CONFIRMATION_TTL_MS }, KEY);
    expect(verifyLink(token, 'confirm', randomBytes(32), NOW)).toEqual({ ok: false, reason: 'forged' });
    // A later expiry, another subscriber, another purpose: each with the old signature.
    const [version, purpose, subscriber, expires, signature] = token.split('.');
    for (const forged of [
      [version, purpose, subscriber, String(Number(expires) + 86_400), signature],
      [version, purpose, '01JD3Z5Q8W1M2N3P4R5S6T7V8Y', expires, signature],
      [version, 'unsubscribe', subscriber, expires, signature],
    ]) {
      expect(verifyLink(forged.join('.'), forged[1] as 'confirm', KEY, NOW)).toEqual({ ok: false, reason: 'forged' });
    }
    // Any one character of the signature changed, the last one included, whose low bits no
    // decoded byte keeps.
    const signatureAt = token.lastIndexOf('.') + 1;
    for (let at = signatureAt; at < token.length; at++) {
      for (const replacement of ['A', 'B', 'D', '-', '_']) {
        if (token[at] === replacement) continue;
        const changed = `${token.slice(0, at)}${replacement}${token.slice(at + 1)}`;
        expect(verifyLink(changed, 'confirm', KEY, NOW), `${at}: ${replacement}`).toEqual({ ok: false, reason: 'forged' });
      }
    }
  });

  test('an expiry is kept to the second, rounded down: the link stops at that second', () => {
    const token = signLink({ purpose: 'confirm', subscriber: SUBSCRIBER, expiresAt: NOW + 1_999 }, KEY);
    expect(verifyLink(token, 'confirm', KEY, NOW + 999)).toEqual({ ok: true, subscriber: SUBSCRIBER, expiresAt: NOW + 1_000 });
    expect(verifyLink(token, 'confirm', KEY, NOW + 1_000)).toEqual({ ok: false, reason: 'expired' });
  });

  test('a confirmation that does not expire, or an expiry that is no time, is refused when signing', () => {
    expect(() => signLink({ purpose: 'confirm', subscriber: SUBSCRIBER }, KEY)).toThrow(/must expire/);
    for (const expiresAt of [-1, Number.NaN, 1e16, 1.5]) {
      expect(() => signLink({ purpose: 'unsubscribe', subscriber: SUBSCRIBER, expiresAt }, KEY)).toThrow(/epoch milliseconds/);
    }
  });

  test('anything that is not a link of this form is malformed, not an error', () => {
    for (const token of ['', 'l1', 'l1.confirm', `l1.confirm.${SUBSCRIBER}..`, `l2.confirm.${SUBSCRIBER}..${'A'.repeat(43)}`, `l1.confirm.not-a-ulid..${'A'.repeat(43)}`, 'x'.repeat(10_000)]) {
      expect(verifyLink(token, 'confirm', KEY, NOW)).toEqual({ ok: false, reason: 'malformed' });
    }
  });

  test('a short key is refused rather than used, signing or checking', () => {
    const token = signLink({ purpose: 'unsubscribe', subscriber: SUBSCRIBER }, KEY);
    expect(() => signLink({ purpose: 'unsubscribe', subscriber: SUBSCRIBER }, randomBytes(16))).toThrow(/at least 32 bytes/);
    expect(() => verifyLink(token, 'unsubscribe', randomBytes(16), NOW)).toThrow(/at least 32 bytes/);
  });
});
