// One subscriber of e-mail alerts: an address, the feeds it follows and those it asked to
// follow and has not confirmed yet. Every change the public form asks for waits for a click on
// the confirmation link sent to the address, so no one can make alerts go to someone else's
// inbox; until the first confirmation nothing else is ever sent to it, and an address that
// never confirms is gone when its link expires. The decisions are here; the store keeps the
// record and the items that follow from it.
import { CONFIRMATION_TTL_MS } from './signed-link.ts';
import type { AlertFrequency } from './subscribe-form.ts';

/** Confirmation mails one address may be sent in a UTC day, whoever asks. */
export const CONFIRMATIONS_PER_ADDRESS_PER_DAY = 3;
/** Requests one client (network address) may make of the form in a UTC day, whatever they lead to. */
export const REQUESTS_PER_CLIENT_PER_DAY = 10;
/** Feeds one address may follow: bounds the record and the transaction that confirms it. */
export const MAX_FOLLOWS = 40;

export interface PendingFollow {
  frequency: AlertFrequency;
  /** ISO time of the request; it lapses with the confirmation link sent for it. */
  requestedAt: string;
}

export interface Subscriber {
  /** A ULID: what links name, so that no link carries the address. */
  id: string;
  address: string;
  /** The language of the page the first request came from: that of the mails that are not about one feed. */
  language: string;
  createdAt: string;
  confirmedAt?: string;
  /** feedKey → how often, confirmed. */
  follows: Record<string, AlertFrequency>;
  /** feedKey → what was asked and not confirmed yet. */
  pending: Record<string, PendingFollow>;
  /** Confirmation mails sent on `day` (UTC, YYYY-MM-DD). */
  confirmationsSent: { day: string; count: number };
}

export interface FollowRequest {
  feed: string;
  frequency: AlertFrequency;
  language: string;
}

export const utcDay = (at: Date) => at.toISOString().slice(0, 10);

const isLive = (pending: PendingFollow, now: Date) => Date.parse(pending.requestedAt) + CONFIRMATION_TTL_MS > now.getTime();

/** The pending follows whose link still works. */
export function livePending(subscriber: Subscriber, now: Date): Record<string, PendingFollow> {
  return Object.fromEntries(Object.entries(subscriber.pending).filter(([, pending]) => isLive(pending, now)));
}

/**
 * A subscriber that has never confirmed and whose links have all expired no longer exists:
 * readers treat it as absent before the table's TTL removes it.
 */
export const isLapsed = (subscriber: Subscriber, now: Date) =>
  subscriber.confirmedAt === undefined && Object.keys(livePending(subscriber, now)).length === 0;

/** When the store may delete the record: never once confirmed, else when its last link expires. */
export function expiresAt(subscriber: Subscriber): Date | undefined {
  if (subscriber.confirmedAt !== undefined) return undefined;
  const last = Math.max(...Object.values(subscriber.pending).map((pending) => Date.parse(pending.requestedAt)));
  return Number.isFinite(last) ? new Date(last + CONFIRMATION_TTL_MS) : undefined;
}

export type RequestOutcome =
  /** Send a confirmation mail for the pending follows, and keep the record. */
  | { send: 'confirmation'; subscriber: Subscriber }
  /** Nothing to send (over a limit, or nothing new): the record stays as it was. */
  | { send: 'nothing'; reason: 'address-limit' | 'too-many-follows' | 'already-followed' };

/**
 * What a request from the public form does to the address's record (undefined: there is
 * none). The form answers every outcome alike, so none reveals whether the address is known.
 */
export function requestFollow(existing: Subscriber | undefined, request: FollowRequest, address: string, newId: () => string, now: Date): RequestOutcome {
  const today = utcDay(now);
  const current: Subscriber =
    existing === undefined || isLapsed(existing, now)
      ? { id: existing?.id ?? newId(), address, language: request.language, createdAt: now.toISOString(), follows: {}, pending: {}, confirmationsSent: { day: today, count: 0 } }
      : { ...existing, pending: livePending(existing, now) };
  if (current.follows[request.feed] === request.frequency) return { send: 'nothing', reason: 'already-followed' };
  const sent = current.confirmationsSent.day === today ? current.confirmationsSent.count : 0;
  if (sent >= CONFIRMATIONS_PER_ADDRESS_PER_DAY) return { send: 'nothing', reason: 'address-limit' };
  const feeds = new Set([...Object.keys(current.follows), ...Object.keys(current.pending), request.feed]);
  if (feeds.size > MAX_FOLLOWS) return { send: 'nothing', reason: 'too-many-follows' };
  return {
    send: 'confirmation',
    subscriber: {
      ...current,
      pending: { ...current.pending, [request.feed]: { frequency: request.frequency, requestedAt: now.toISOString() } },
      confirmationsSent: { day: today, count: sent + 1 },
    },
  };
}

export type ConfirmOutcome =
  | { outcome: 'confirmed'; subscriber: Subscriber; added: Record<string, AlertFrequency> }
  /** A link used again, or for requests that lapsed: nothing changes. */
  | { outcome: 'nothing-pending' };

/**
 * A click on a confirmation link that checked out, issued at `issuedAt`: the pending follows it
 * was sent for, and still live, become follows. A request made after the link was sent waits
 * for its own link, so an old or forwarded link never confirms what its mail did not list.
 */
export function confirmFollows(subscriber: Subscriber, now: Date, issuedAt: Date): ConfirmOutcome {
  // Links carry whole seconds.
  const issuedSecond = Math.floor(issuedAt.getTime() / 1000);
  const covered = Object.entries(livePending(subscriber, now)).filter(([, pending]) => Math.floor(Date.parse(pending.requestedAt) / 1000) <= issuedSecond);
  if (covered.length === 0) return { outcome: 'nothing-pending' };
  const added = Object.fromEntries(covered.map(([feed, pending]) => [feed, pending.frequency]));
  const pending = Object.fromEntries(Object.entries(subscriber.pending).filter(([feed]) => !(feed in added)));
  return {
    outcome: 'confirmed',
    added,
    subscriber: { ...subscriber, confirmedAt: subscriber.confirmedAt ?? now.toISOString(), follows: { ...subscriber.follows, ...added }, pending },
  };
}

/** What is left after the reader stops following `feeds`; undefined when nothing is, and the address goes. */
export function unfollow(subscriber: Subscriber, feeds: readonly string[]): Subscriber | undefined {
  const follows = Object.fromEntries(Object.entries(subscriber.follows).filter(([feed]) => !feeds.includes(feed)));
  const pending = Object.fromEntries(Object.entries(subscriber.pending).filter(([feed]) => !feeds.includes(feed)));
  if (Object.keys(follows).length === 0 && Object.keys(pending).length === 0) return undefined;
  return { ...subscriber, follows, pending };
}

/** What the manage page asks of one followed feed. */
export type FollowChoice = AlertFrequency | 'stop';

/**
 * The manage page's answer: each followed feed it names at the frequency chosen, or no longer
 * followed; undefined when none is left, and the address goes. Only feeds already followed can
 * change: a new follow waits for its own confirmation, and pending requests stay as they are
 * while anything is still followed.
 */
export function changeFollows(subscriber: Subscriber, choices: Readonly<Record<string, FollowChoice>>): Subscriber | undefined {
  const follows: Record<string, AlertFrequency> = {};
  for (const [feed, frequency] of Object.entries(subscriber.follows)) {
    const choice = choices[feed] ?? frequency;
    if (choice !== 'stop') follows[feed] = choice;
  }
  // Stopping the last follow is asking for nothing more: requests not confirmed yet go too.
  if (Object.keys(follows).length === 0) return undefined;
  return { ...subscriber, follows };
}
