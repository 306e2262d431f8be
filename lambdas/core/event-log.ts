// The event log: every event partners are sent, in the order it was appended, so a partner that
// missed webhooks reads what it missed with a cursor. Positions are given out one after the
// other (a sequence number and a time that never goes back), and an event is written in the
// same transaction that takes its position: nothing can be appended behind a cursor already
// handed out. The sort key is `<time>#<sequence>`, so `since` is a key condition too.
import { decodeCursor } from './cursor.ts';
import { invalid } from './validation-issues.ts';

/** How long events are kept, and so how long a cursor stays valid. */
export const EVENT_RETENTION_DAYS = 90;
export const EVENT_LIST_LIMIT_DEFAULT = 50;
export const EVENT_LIST_LIMIT_MAX = 100;

export interface EventPosition {
  seq: number;
  /** ISO 8601 UTC, never earlier than the previous position's. */
  at: string;
}

const SEQUENCE_DIGITS = 12;
const EVENT_SORT_KEY = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z#\d{12}$/;

/** The position after `previous` (the first when there is none), at `now` or later. */
export function nextPosition(previous: EventPosition | undefined, now: Date): EventPosition {
  const at = previous && Date.parse(previous.at) > now.getTime() ? previous.at : now.toISOString();
  return { seq: (previous?.seq ?? 0) + 1, at };
}

export const sortKeyOf = (position: EventPosition) => `${position.at}#${String(position.seq).padStart(SEQUENCE_DIGITS, '0')}`;

/** Before every position: where a reader with no cursor starts. */
export const LOG_START = `0000-00-00T00:00:00.000Z#${'0'.repeat(SEQUENCE_DIGITS)}`;

/** Where a `since` time starts: before every event at that time or later. */
export const sortKeyAtOrAfter = (since: string) => `${new Date(since).toISOString()}#${'0'.repeat(SEQUENCE_DIGITS)}`;

/** The sort key an `after` cursor names; a 400 naming `after` for anything else. */
export function decodeEventCursor(cursor: string): string {
  try {
    return decodeCursor(cursor, (key) => key === LOG_START || EVENT_SORT_KEY.test(key));
  } catch {
    throw invalid('The query string is not valid.', [{ path: 'after', message: 'is not a cursor this API handed out' }]);
  }
}

/**
 * The cursor a page ends with: after its last event, or, for an empty page, where it started —
 * but never beyond the newest position (a `since` in the future, a fast clock), or events
 * appended later would sort behind it and never be read.
 */
export function pageEnd(lastOfPage: string | undefined, from: string, newest: string): string {
  return lastOfPage ?? (from > newest ? newest : from);
}

/** When an event appended at `at` leaves the log (DynamoDB TTL, epoch seconds). */
export const expiryOf = (at: string) => Math.floor(Date.parse(at) / 1000) + EVENT_RETENTION_DAYS * 24 * 60 * 60;
