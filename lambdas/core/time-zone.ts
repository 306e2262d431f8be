// A time zone's offset from UTC at an instant, from Intl's tz data: what the schedules of
// scheduled releases are written in, and what the local scheduler engine reads them with.

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The zone's offset from UTC at an instant, in ms (positive east of Greenwich). */
export function offsetAt(instant: number, zone: string): number {
  let format = formatters.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      era: 'short',
    });
    formatters.set(zone, format);
  }
  const fields: Record<string, string> = {};
  for (const part of format.formatToParts(instant)) fields[part.type] = part.value;
  const year = fields.era === 'BC' ? 1 - Number(fields.year) : Number(fields.year);
  const local = Date.UTC(year, Number(fields.month) - 1, Number(fields.day), Number(fields.hour), Number(fields.minute), Number(fields.second));
  // Intl has whole seconds only; the instant's own milliseconds are not an offset.
  return local - (instant - (((instant % 1000) + 1000) % 1000));
}

/** The wall-clock time (whole seconds, `yyyy-mm-ddThh:mm:ss`) an instant is in a zone. */
export function wallClockOf(instant: number, zone: string): string {
  const second = Math.floor(instant / 1000) * 1000;
  return new Date(second + offsetAt(second, zone)).toISOString().slice(0, 19);
}
