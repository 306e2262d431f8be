// One-time schedule expressions, at(yyyy-mm-ddThh:mm:ss): a wall-clock time in the schedule's
// IANA time zone (UTC when none is given), turned into the instant it names with Intl's zone
// data, so no time-zone library is needed.
import { invalidField } from './scheduler-error.ts';
import { offsetAt } from '../../lambdas/core/time-zone.ts';

const AT_EXPRESSION = /^at\((\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})\)$/;
const DAY_MS = 86_400_000;

/** The time zone, checked against Intl's zone data; AWS refuses names it does not know. */
export function checkTimeZone(zone: string, field: string): void {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
  } catch {
    throw invalidField(field, zone, 'Member must be a valid IANA time zone name');
  }
}

/**
 * The instant (ms since the epoch) an at() expression names in a time zone. AWS documents what
 * Scheduler does across daylight saving changes only for recurring schedules (a cron time in
 * the spring-forward gap is skipped, one in the fall-back overlap runs once), nothing for at().
 * A one-time schedule skipped would be a release never published, so here a wall time in the
 * overlap is its earlier instant (the first of the two), and one in the gap also the earlier
 * of the two candidate instants (read with the offset after the change, so it fires before
 * the gap rather than an hour after it).
 */
export function instantOfAt(expression: string, zone: string, field = 'scheduleExpression'): number {
  const parts = AT_EXPRESSION.exec(expression);
  if (!parts) {
    throw invalidField(field, expression, 'Member must be a one-time schedule expression at(yyyy-mm-ddThh:mm:ss); the local engine supports no other');
  }
  const [year, month, day, hour, minute, second] = parts.slice(1).map(Number) as [number, number, number, number, number, number];
  const wall = Date.UTC(year, month - 1, day, hour, minute, second);
  const check = new Date(wall);
  if (
    check.getUTCFullYear() !== year ||
    check.getUTCMonth() !== month - 1 ||
    check.getUTCDate() !== day ||
    check.getUTCHours() !== hour ||
    check.getUTCMinutes() !== minute ||
    check.getUTCSeconds() !== second
  ) {
    throw invalidField(field, expression, 'Member must name a date and time that exist');
  }
  // The offsets in force a day either side cover any single change at that wall time; an
  // instant is a reading of the wall time when the zone really has that offset at it.
  const offsets = new Set([offsetAt(wall - DAY_MS, zone), offsetAt(wall, zone), offsetAt(wall + DAY_MS, zone)]);
  const candidates = [...offsets].map((offset) => ({ instant: wall - offset, offset }));
  const readings = candidates.filter(({ instant, offset }) => offsetAt(instant, zone) === offset).map(({ instant }) => instant);
  return Math.min(...(readings.length > 0 ? readings : candidates.map(({ instant }) => instant)));
}
