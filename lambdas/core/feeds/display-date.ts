// Creating an Intl formatter costs far more than formatting with one, and a feed formats a date
// for every entry and every change note: one pair of formatters per language and time zone.
const formatters = new Map<string, { day: Intl.DateTimeFormat; time: Intl.DateTimeFormat } | null>();

function formattersFor(language: string, timeZone: string) {
  const key = `${language}\u0000${timeZone}`;
  let found = formatters.get(key);
  if (found === undefined) {
    try {
      found = {
        day: new Intl.DateTimeFormat(language, { dateStyle: 'long', timeZone }),
        time: new Intl.DateTimeFormat(language, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone }),
      };
    } catch {
      found = null;
    }
    formatters.set(key, found);
  }
  return found;
}

/**
 * "10 oktyabr 2023, 12:30" in the institution's own time zone (a reader anywhere sees the time
 * the press office did); two formatters, since ICU joins date and time in az with a stray "/".
 */
export function displayDate(date: Date, language: string, timeZone: string): string {
  const format = formattersFor(language, timeZone);
  try {
    if (format) return `${format.day.format(date)}, ${format.time.format(date)}`;
  } catch {
    // An invalid date: the ISO form below throws the same way the formatter does.
  }
  // A Node built without full ICU: the ISO form is still readable and still deterministic.
  return date.toISOString().slice(0, 16).replace('T', ' ');
}

/** "10 oktyabr 2023": the day alone, in the institution's time zone. */
export function displayDay(date: Date, language: string, timeZone: string): string {
  const format = formattersFor(language, timeZone);
  try {
    if (format) return format.day.format(date);
  } catch {
    // As in displayDate.
  }
  return date.toISOString().slice(0, 10);
}
