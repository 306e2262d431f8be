// When daily digests go out: at the site's `digestTime`, wall-clock time in its zone, so a
// digest set for 08:00 in Baku arrives at 08:00 there, and in a zone with summer time at 08:00
// on both sides of the change. A digest holds what was published since the one before.
import { offsetAt } from '../time-zone.ts';

const DAY_MS = 86_400_000;

/** The instant the wall clock of `zone` shows `time` (HH:MM) on the UTC-calendar date of `dayStart`. */
function instantOn(dayStart: number, time: string, zone: string): number {
  const [hours, minutes] = time.split(':').map(Number) as [number, number];
  const wall = dayStart + (hours * 60 + minutes) * 60_000;
  // The offset at the wall time read as UTC is a guess; the offset at the guess settles it. In
  // the hour a change to summer time skips, that gives the instant an hour later by the clock.
  const guess = wall - offsetAt(wall, zone);
  return wall - offsetAt(guess, zone);
}

/** The first digest instant after `now`. */
export function nextDigestAt(time: string, zone: string, now: Date): Date {
  const today = Math.floor((now.getTime() + offsetAt(now.getTime(), zone)) / DAY_MS) * DAY_MS;
  for (const day of [today - DAY_MS, today, today + DAY_MS, today + 2 * DAY_MS]) {
    const at = instantOn(day, time, zone);
    if (at > now.getTime()) return new Date(at);
  }
  throw new Error(`no digest instant after ${now.toISOString()} for ${time} in ${zone}`);
}

/** The digest before the one at `at`: the start of the period the digest at `at` covers. */
export function previousDigestAt(time: string, zone: string, at: Date): Date {
  let candidate = nextDigestAt(time, zone, new Date(at.getTime() - 2 * DAY_MS));
  for (;;) {
    const next = nextDigestAt(time, zone, candidate);
    if (next.getTime() >= at.getTime()) return candidate;
    candidate = next;
  }
}

/**
 * Entries recorded this close to a digest's instant go into the next one: the run at the instant
 * lists the feeds once, and a write that lands after that would never be read.
 */
const CLOSING_MS = 2 * 60_000;

/** The digest an event fanned out at `now` goes into. */
export const digestDueFor = (time: string, zone: string, now: Date): Date => nextDigestAt(time, zone, new Date(now.getTime() + CLOSING_MS));

/** The latest digest instant at or before `now`: the digest a run at `now` sends. */
export const lastDigestAt = (time: string, zone: string, now: Date): Date => previousDigestAt(time, zone, nextDigestAt(time, zone, now));
