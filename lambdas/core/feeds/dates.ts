/** Parses an ISO 8601 timestamp; a value that does not parse yields the fallback instead of a throw mid-render. */
export function parseDate(value: string | undefined, fallback: Date): Date {
  if (value === undefined) return fallback;
  const time = Date.parse(value);
  return Number.isNaN(time) ? fallback : new Date(time);
}

export const EPOCH = new Date(0);
