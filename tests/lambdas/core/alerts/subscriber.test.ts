import { describe, expect, test } from 'vitest';
import {
  CONFIRMATIONS_PER_ADDRESS_PER_DAY,
  MAX_FOLLOWS,
  changeFollows,
  confirmFollows,
  expiresAt,
  isLapsed,
  requestFollow,
  unfollow,
  type Subscriber,
} from '../../../../lambdas/core/alerts/subscriber.ts';

const HOUR = 3_600_000;
const now = new Date('2026-12-03T09:00:00Z');
const later = (hours: number) => new Date(now.getTime() + hours * HOUR);
let ids = 0;
const newId = () => `01JB${String(++ids).padStart(22, '0')}`;
const ask = (existing: Subscriber | undefined, feed: string, at = now, frequency: 'immediately' | 'daily' = 'immediately') =>
  requestFollow(existing, { feed, frequency, language: 'en' }, 'reader@example.org', newId, at);
const requested = (existing: Subscriber | undefined, feed: string, at = now) => {
  const outcome = ask(existing, feed, at);
  if (outcome.send !== 'confirmation') throw new Error(`nothing sent: ${outcome.reason}`);
  return outcome.subscriber;
};

describe('the rules of a subscriber', () => {
  test('a new request is pending and expires 48 hours after it; confirming makes it a follow that never expires', () => {
    const pending = requested(undefined, 'all');
    expect(pending.pending).toEqual({ all: { frequency: 'immediately', requestedAt: now.toISOString() } });
    expect(expiresAt(pending)).toEqual(later(48));
    expect(isLapsed(pending, later(47.9))).toBe(false);
    expect(isLapsed(pending, later(48))).toBe(true);
    const confirmed = confirmFollows(pending, later(1), now);
    expect(confirmed).toMatchObject({ outcome: 'confirmed', added: { all: 'immediately' } });
    if (confirmed.outcome !== 'confirmed') return;
    expect(confirmed.subscriber).toMatchObject({ follows: { all: 'immediately' }, pending: {}, confirmedAt: later(1).toISOString() });
    expect(expiresAt(confirmed.subscriber)).toBeUndefined();
    expect(confirmFollows(confirmed.subscriber, later(2), now)).toEqual({ outcome: 'nothing-pending' });
  });

  test('a later request extends the record to 48 hours after it; a lapsed request confirms nothing', () => {
    const first = requested(undefined, 'all');
    const second = requested(first, 'country#KZ', later(40));
    expect(expiresAt(second)).toEqual(later(88));
    // At 50 h the first request's link has expired: only the second is confirmed.
    expect(confirmFollows(second, later(50), later(40))).toMatchObject({ added: { 'country#KZ': 'immediately' } });
  });

  test('a link confirms only what was asked before it was sent: a later request waits for its own link', () => {
    const first = requested(undefined, 'all');
    const second = requested(first, 'country#KZ', later(1));
    const outcome = confirmFollows(second, later(2), now);
    expect(outcome).toMatchObject({ outcome: 'confirmed', added: { all: 'immediately' } });
    if (outcome.outcome !== 'confirmed') return;
    expect(Object.keys(outcome.subscriber.pending)).toEqual(['country#KZ']);
    // The first link once more: its request is confirmed, the later one is not its to confirm.
    expect(confirmFollows(outcome.subscriber, later(3), now)).toEqual({ outcome: 'nothing-pending' });
    expect(confirmFollows(outcome.subscriber, later(3), later(1))).toMatchObject({ added: { 'country#KZ': 'immediately' } });
  });

  test('a lapsed record starts afresh under its old id: the old requests and the day\'s count are gone', () => {
    const first = requested(undefined, 'all');
    const again = requested(first, 'country#AZ', later(49));
    expect(again.id).toBe(first.id);
    expect(Object.keys(again.pending)).toEqual(['country#AZ']);
    expect(again.confirmationsSent).toEqual({ day: '2026-12-05', count: 1 });
  });

  test('at most a few confirmations a day per address, whatever is asked; the count restarts each UTC day', () => {
    let subscriber: Subscriber | undefined;
    for (let i = 0; i < CONFIRMATIONS_PER_ADDRESS_PER_DAY; i++) subscriber = requested(subscriber, `country#A${String.fromCharCode(65 + i)}`);
    expect(ask(subscriber, 'country#RU')).toEqual({ send: 'nothing', reason: 'address-limit' });
    expect(ask(subscriber, 'country#RU', new Date('2026-12-04T00:00:00Z')).send).toBe('confirmation');
  });

  test('what is already followed at that frequency sends nothing; another frequency asks again', () => {
    const outcome = confirmFollows(requested(undefined, 'all'), later(1), now);
    if (outcome.outcome !== 'confirmed') throw new Error('not confirmed');
    expect(ask(outcome.subscriber, 'all', later(2))).toEqual({ send: 'nothing', reason: 'already-followed' });
    expect(ask(outcome.subscriber, 'all', later(2), 'daily').send).toBe('confirmation');
  });

  test(`at most ${MAX_FOLLOWS} feeds per address`, () => {
    const follows = Object.fromEntries(Array.from({ length: MAX_FOLLOWS }, (_, i) => [`official#o${i}`, 'daily' as const]));
    const full: Subscriber = { ...requested(undefined, 'all'), follows, pending: {}, confirmedAt: now.toISOString() };
    expect(ask(full, 'country#KZ', later(1))).toEqual({ send: 'nothing', reason: 'too-many-follows' });
    expect(ask(full, 'official#o0', later(1), 'immediately').send).toBe('confirmation');
  });

  test('unfollowing the last feed leaves nothing, so the address goes', () => {
    const outcome = confirmFollows(requested(undefined, 'all'), later(1), now);
    if (outcome.outcome !== 'confirmed') throw new Error('not confirmed');
    const two = { ...outcome.subscriber, follows: { ...outcome.subscriber.follows, 'country#KZ': 'daily' as const } };
    expect(unfollow(two, ['all'])?.follows).toEqual({ 'country#KZ': 'daily' });
    expect(unfollow(two, ['all', 'country#KZ'])).toBeUndefined();
  });

  test('the manage page changes how often a followed feed is mailed, or stops it; it adds nothing; stopping the last one lets the address go', () => {
    const outcome = confirmFollows(requested(undefined, 'all'), later(1), now);
    if (outcome.outcome !== 'confirmed') throw new Error('not confirmed');
    const two = { ...outcome.subscriber, follows: { all: 'immediately' as const, 'country#KZ': 'daily' as const } };
    expect(changeFollows(two, { all: 'daily' })?.follows).toEqual({ all: 'daily', 'country#KZ': 'daily' });
    expect(changeFollows(two, { 'country#KZ': 'stop', 'official#someone': 'immediately' })?.follows).toEqual({ all: 'immediately' });
    // A request waiting for its confirmation stays while something is followed, and goes with the last follow.
    const waiting = requested(two, 'country#TR', later(2));
    expect(changeFollows(waiting, { all: 'stop' })?.pending).toHaveProperty(['country#TR']);
    expect(changeFollows(waiting, { all: 'stop', 'country#KZ': 'stop' })).toBeUndefined();
  });
});
