// Sending at SES's rate and no faster: each sender paces its sends evenly at its share of the
// account's sending rate, starting one every 1/rate seconds whether or not the one before has
// answered (SES answers in tens of milliseconds, which would otherwise cap a sender below its
// share), with a bound on how many are under way at once, and a window rule that no second
// ever holds more than the rate.

import { JOB_RECIPIENTS } from './mail-job.ts';

/**
 * Sends one sender may have under way at once: a second's worth at its rate, and at least 10.
 * A send slower than a second then holds the next ones back, which is the back-pressure wanted.
 */
export const sendsInFlight = (perSecond: number) => Math.max(10, Math.ceil(perSecond));

/** Where a sender's pace stands: the slot its next send is planned for, and its latest starts. */
export interface PaceState {
  /** Epoch ms. */
  next: number;
  /** The starts the window rule looks at, oldest first (at most windowSends of them). */
  starts: number[];
}

export const NEW_PACE: PaceState = { next: 0, starts: [] };

/** The window rule: at most this many starts in any windowMs, which is the rate exactly. */
const windowSends = (perSecond: number) => Math.max(1, Math.floor(perSecond));
const windowMs = (perSecond: number) => (1000 * windowSends(perSecond)) / perSecond;

/**
 * How long to wait before the next send may start (0: now). Sends are planned evenly, 1/rate
 * apart; a sender that fell behind its plan (a timer that fired late, a busy machine) catches
 * up, but never past the window rule: no window of n/rate seconds holds more than n starts
 * (n the rate rounded down), so no second holds more than the rate (rounded up).
 */
export function waitBeforeSend(state: PaceState, now: number, perSecond: number): number {
  const evenly = state.next - now;
  const full = state.starts.length >= windowSends(perSecond);
  const window = full ? state.starts[0]! + windowMs(perSecond) - now : 0;
  return Math.max(0, evenly, window);
}

/** How far behind its plan a sender may catch up: a tenth of a second's sends, at once. */
const CATCH_UP_MS = 100;

/**
 * The pace after a send started at `now`. The plan starts at a sender's first send; one that
 * fell further behind than CATCH_UP_MS (an idle sender, a stalled machine) is let go rather than
 * caught up in a burst.
 */
export function afterSend(state: PaceState, now: number, perSecond: number): PaceState {
  const starts = [...state.starts, now].slice(-windowSends(perSecond));
  const planned = state.starts.length === 0 ? now : Math.max(state.next, now - CATCH_UP_MS);
  return { next: planned + 1000 / perSecond, starts };
}

/**
 * Jobs a sender takes at once: their recipients are one paced stream, so the reads before it
 * and the last answers after it cost once per batch, not once per job.
 */
export const JOBS_PER_BATCH = 10;

/**
 * How long a sender may take over one batch at its rate: every recipient of a full batch, and
 * half a minute for the reads and writes around them.
 */
export const senderTimeoutSeconds = (perSecond: number) => Math.ceil((JOBS_PER_BATCH * JOB_RECIPIENTS) / perSecond) + 30;

/** Each of `senders` concurrent senders takes an equal share of the account's rate (mails per second). */
export function senderRate(accountRate: number, senders: number): number {
  if (!(accountRate > 0) || !Number.isInteger(senders) || senders < 1) throw new Error(`no rate from ${accountRate} mails a second over ${senders} senders`);
  return accountRate / senders;
}

/**
 * The earliest the next send may start after one that started at `previousStart` (epoch ms):
 * starts are never closer than 1/rate, so no second ever holds more than the rate, even after a
 * wait for a free slot (a late start does not let the next ones catch up).
 */
export const nextSendAt = (previousStart: number, perSecond: number) => previousStart + 1000 / perSecond;

/**
 * What a refusal of SES means for that one recipient: `drop` when this message to this address
 * can never be sent (the address is malformed, or SES rejected the message), `retry` for
 * everything else (throttled, the account paused, SES unreachable), so that nothing is lost to a
 * problem that passes.
 */
export function onRefusal(sesError: string): 'drop' | 'retry' {
  return sesError === 'BadRequestException' || sesError === 'MessageRejected' ? 'drop' : 'retry';
}
