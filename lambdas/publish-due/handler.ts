// Makes scheduled releases public at their instant. Invoked by the release's one-time
// schedule with { releaseId, publishedAt }, and every minute with { sweep: true } as the safety
// net for a schedule that was lost: one Query finds what is due. The transition is a write
// like any other (version +1) and conditional on the version read, so a correction or a
// reschedule that wins the race is kept and a second invocation changes nothing.
import { SCHEDULE_LEAD_MS, type DueTarget } from '../core/release-schedule.ts';
import { publishDue } from '../core/release-lifecycle.ts';
import type { Release } from '../core/release.ts';
import { VersionConflict, dueReleases, getRelease, replaceRelease } from '../adapters/release-repository.ts';
import { logger } from '../logger.ts';

export type PublishDueEvent = DueTarget | { sweep: true };

/**
 * Schedules fire up to a minute and a second ahead (SCHEDULE_LEAD_MS plus Scheduler's
 * precision); the function waits for the instant. Anything earlier is a defect, and failing
 * makes Scheduler retry.
 */
const MAX_EARLY_MS = SCHEDULE_LEAD_MS + 5_000;
const SWEEP_BATCH = 100;

export async function handler(event: PublishDueEvent): Promise<{ published: number }> {
  if ('sweep' in event) return { published: await sweep() };
  const release = await getRelease(event.releaseId);
  // Moved, published, sent back or deleted since: its current state has its own schedule.
  if (!release || release.status !== 'scheduled' || release.publishedAt !== event.publishedAt) return { published: 0 };
  await untilInstant(release.publishedAt);
  return { published: (await publish(release)) ? 1 : 0 };
}

async function sweep(): Promise<number> {
  let published = 0;
  for (;;) {
    const due = await dueReleases(new Date(), SWEEP_BATCH);
    for (const release of due) if (await publish(release)) published += 1;
    if (due.length < SWEEP_BATCH) return published;
  }
}

async function untilInstant(publishedAt: string): Promise<void> {
  const early = Date.parse(publishedAt) - Date.now();
  if (early > MAX_EARLY_MS) throw new Error(`invoked ${early} ms before the release is due`);
  // +1: setTimeout may fire a millisecond early, and publishedAt is never later than the write.
  if (early > 0) await new Promise((resolve) => setTimeout(resolve, early + 1));
}

async function publish(release: Release): Promise<boolean> {
  const next = publishDue(release, new Date());
  if (!next) return false;
  try {
    await replaceRelease(release, next);
    logger.info('published at its instant', { releaseId: release.id, publishedAt: release.publishedAt });
    return true;
  } catch (error) {
    if (error instanceof VersionConflict) return false;
    throw error;
  }
}
