// Sending at SES's rate and no faster: each sender paces its sends evenly at its share of the
// account's sending rate, starting one every 1/rate seconds whether or not the one before has
// answered (SES answers in tens of milliseconds, which would otherwise cap a sender below its
// share), with a bound on how many are under way at once.

import { JOB_RECIPIENTS } from './mail-job.ts';

/** Sends one sender may have under way at once. */
export const MAX_SENDS_IN_FLIGHT = 10;

/**
 * How long a sender may take over one job at its rate: every recipient of a full job, and half
 * a minute for the reads and writes around them.
 */
export const senderTimeoutSeconds = (perSecond: number) => Math.ceil(JOB_RECIPIENTS / perSecond) + 30;

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
