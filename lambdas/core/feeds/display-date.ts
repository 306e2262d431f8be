/**
 * "10 oktyabr 2023, 12:30" in the institution's own time zone (a reader anywhere sees the time
 * the press office did); two formatters, since ICU joins date and time in az with a stray "/".
 */
export function displayDate(date: Date, language: string, timeZone: string): string {
  try {
    const day = new Intl.DateTimeFormat(language, { dateStyle: 'long', timeZone }).format(date);
    const time = new Intl.DateTimeFormat(language, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone }).format(date);
    return `${day}, ${time}`;
  } catch {
    // A Node built without full ICU: the ISO form is still readable and still deterministic.
    return date.toISOString().slice(0, 16).replace('T', ' ');
  }
}
