// When a release must become public by itself, and how that instant is said to EventBridge
// Scheduler. Pure: the stream consumer turns the plan into Scheduler calls.
import type { Release } from './release.ts';
import { offsetAt, wallClockOf } from './time-zone.ts';

/** What the schedule of a release must become after a change. */
export type SchedulePlan =
  | { kind: 'put'; releaseId: string; version: number; publishedAt: string }
  | { kind: 'delete'; releaseId: string }
  | undefined;

/**
 * A schedule exists exactly while a release is scheduled. It is put when the release becomes
 * scheduled or its instant moves (an edit of a scheduled release at the same instant leaves it
 * alone: the publisher reads the release when it fires), deleted when it stops being scheduled
 * other than by being published at that instant.
 */
export function schedulePlanOf(previous: Release | undefined, next: Release | undefined): SchedulePlan {
  const wasScheduled = previous?.status === 'scheduled';
  if (next?.status === 'scheduled') {
    if (wasScheduled && previous.publishedAt === next.publishedAt) return undefined;
    return { kind: 'put', releaseId: next.id, version: next.version, publishedAt: next.publishedAt };
  }
  // Published at its own instant: the schedule ran and deleted itself (or, if the sweep was
  // first, runs once more and finds nothing to do before it does).
  if (wasScheduled && next?.status === 'published' && next.publishedAt === previous.publishedAt) return undefined;
  return wasScheduled ? { kind: 'delete', releaseId: previous.id } : undefined;
}

/** What a one-time schedule hands the publisher: which release, due at which instant. */
export interface DueTarget {
  releaseId: string;
  publishedAt: string;
}

export const scheduleNameOf = (releaseId: string) => `release-${releaseId}`;

/** The same release and version always make the same token, so a replayed record does not make a second schedule. */
export const clientTokenOf = (plan: { releaseId: string; version: number }) => `${plan.releaseId}-${plan.version}`;

const HOUR = 3_600_000;

/**
 * EventBridge Scheduler invokes a one-time schedule "with 60 second precision": anywhere in
 * the minute that follows its time. So a release's schedule is set a minute ahead of its
 * instant, and the publisher waits for the instant itself: published on time, never early.
 */
export const SCHEDULE_LEAD_MS = 60_000;

/** When a release's schedule fires: a minute ahead, on a whole second, and never in the past. */
export function fireInstantOf(publishedAt: string, now: Date): number {
  const ahead = Math.floor((Date.parse(publishedAt) - SCHEDULE_LEAD_MS) / 1000) * 1000;
  return Math.max(ahead, Math.ceil(now.getTime() / 1000) * 1000 + 1000);
}

/**
 * The one-time expression for an instant on a whole second, in the site's time zone, as an
 * operator reads schedules. Within three hours of a change of the zone's offset a wall-clock
 * time can be ambiguous or missing, so there the expression is in UTC instead.
 */
export function atExpression(instant: number, timeZone: string): { expression: string; timeZone: string } {
  const steady = offsetAt(instant - 3 * HOUR, timeZone) === offsetAt(instant + 3 * HOUR, timeZone);
  const zone = steady ? timeZone : 'UTC';
  return { expression: `at(${wallClockOf(instant, zone)})`, timeZone: zone };
}
