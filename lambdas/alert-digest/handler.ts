// The daily digest's run, invoked at the site's digest time (a daily schedule in its zone; on
// one machine, the runtime's timer): the digest due at the latest digest instant, or at `due`
// when given (an operator sending a digest again, a test). A run that fails is retried by the
// invoker and carries on after the feeds and pages it finished.
import { lastDigestAt } from '../core/alerts/digest-time.ts';
import { site } from '../adapters/site-config.ts';
import { logger } from '../logger.ts';
import { sendDigests } from '../alerts/digests.ts';

export interface DigestRunEvent {
  /** ISO instant of the digest to send; the latest one by default. */
  due?: string;
}

export async function handler(event: DigestRunEvent = {}): Promise<{ due: string; recipients: number }> {
  const current = await site();
  const digestTime = current.config.alerts?.digestTime;
  if (!digestTime) throw new Error('the site configuration has no alerts.digestTime');
  const now = new Date();
  const due = event.due ? new Date(event.due) : lastDigestAt(digestTime, current.config.timeZone, now);
  if (Number.isNaN(due.getTime())) throw new Error(`not an instant: ${event.due}`);
  // A digest sent before its instant would be marked sent while entries still come in for it.
  if (due.getTime() > now.getTime()) throw new Error(`the digest due at ${due.toISOString()} is not due yet`);
  const recipients = await sendDigests(due, now);
  logger.info('digest sent', { due: due.toISOString(), recipients });
  return { due: due.toISOString(), recipients };
}
