// Makes scheduled releases public at their instant. Invoked by the release's one-time
// schedule with { releaseId, publishedAt }, and every minute with { sweep: true } as the safety
// net for a schedule that was lost: one Query finds what is due. The transition is a write
// like any other (version +1) and conditional on the version read, so a correction or a
// reschedule that wins the race is kept and a second invocation changes nothing.
import { SCHEDULE_LEAD_MS, type DueTarget } from '../core/release-schedule.ts';
import { publishDue } from '../core/release-lifecycle.ts';
import type { Release } from '../core/release.ts';
import { VersionConflict, dueReleases, getRelease, replaceRelease } from '../adapters/release-repository.ts';
import { GroupConflict } from '../adapters/release-groups.ts';
import { logger } from '../logger.ts';

export type PublishDueEvent = DueTarget | { sweep: true };

/**
 * Schedules fire up to a minute and a second ahead (SCHEDULE_LEAD_MS plus Scheduler's
 * precision); the function waits for the instant. Anything earlier is a defect: failing makes
 * Lambda retry the asynchronous invocation, and the sweep is there after that.
 */
const MAX_EARLY_MS = SCHEDULE_LEAD_MS + 5_000;
const SWEEP_BATCH = 100;
const MAX_ATTEMPTS = 5;

export async function handler(event: PublishDueEvent): Promise<{ published: number }> {
  if ('sweep' in event) return { published: await sweep() };
  let release = await stillDue(event);
  if (!release) return { published: 0 };
  await untilInstant(release.publishedAt);
  // The write is conditional on the version read before the wait. If the release changed
  // meanwhile (an edit at the same instant has no schedule of its own), what won is read
  // and published, for as long as it is still due at this instant.
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const outcome = await publish(release);
    if (outcome === 'held') return { published: 0 };
    if (outcome === 'published') return { published: 1 };
    release = await stillDue(event);
    if (!release) return { published: 0 };
  }
  throw new Error(`release ${event.releaseId} kept changing at its instant; the sweep will publish it`);
}

/** The release, if it is still scheduled for this target's instant: moved, published, sent back or deleted ones have their own state. */
async function stillDue(target: DueTarget): Promise<Release | undefined> {
  const release = await getRelease(target.releaseId);
  return release?.status === 'scheduled' && release.publishedAt === target.publishedAt ? release : undefined;
}

async function sweep(): Promise<number> {
  let published = 0;
  for (;;) {
    const due = await dueReleases(new Date(), SWEEP_BATCH);
    let inBatch = 0;
    for (const release of due) if ((await publish(release)) === 'published') inBatch += 1;
    published += inBatch;
    // A full batch of which nothing could be published (translations held for their originals)
    // would come back the same: the next sweep tries again.
    if (due.length < SWEEP_BATCH || inBatch === 0) return published;
  }
}

async function untilInstant(publishedAt: string): Promise<void> {
  const early = Date.parse(publishedAt) - Date.now();
  if (early > MAX_EARLY_MS) throw new Error(`invoked ${early} ms before the release is due`);
  // +1: setTimeout may fire a millisecond early, and publishedAt is never later than the write.
  if (early > 0) await new Promise((resolve) => setTimeout(resolve, early + 1));
}

/** 'changed' when the release is not due as read (another write won), 'held' when its original is not public yet. */
async function publish(release: Release): Promise<'published' | 'changed' | 'held'> {
  const next = publishDue(release, new Date());
  if (!next) return 'changed';
  // A translation is never public before the release it translates: one due at the same
  // instant goes first; one that is not due yet holds the translation, which the sweep
  // publishes in the minute after it.
  if (release.translationOf) {
    const original = await getRelease(release.translationOf);
    if (original?.status === 'scheduled') await publish(original);
    const now = original && (await getRelease(original.id));
    if (now && now.status !== 'published' && now.status !== 'retracted') {
      logger.info('held until the release it translates is public', { releaseId: release.id, translationOf: now.id });
      return 'held';
    }
  }
  try {
    await replaceRelease(release, next);
    logger.info('published at its instant', { releaseId: release.id, publishedAt: release.publishedAt });
    return 'published';
  } catch (error) {
    if (error instanceof VersionConflict || error instanceof GroupConflict) return 'changed';
    throw error;
  }
}
