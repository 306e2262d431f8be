// Dates on a release page: in the site's time zone like every page (display-date.ts), and
// saying which zone, since a journalist abroad quotes the time and must know whose it is.
import { escapeMarkup } from '../escape-markup.ts';
import { displayDate } from '../feeds/display-date.ts';

/** "15 iyun 2023, 14:00 (GMT+4)": the zone as its offset, which reads the same in every language. */
export function zonedDate(date: Date, language: string, timeZone: string): string {
  try {
    const zone = new Intl.DateTimeFormat(language, { timeZone, timeZoneName: 'shortOffset' })
      .formatToParts(date)
      .find((part) => part.type === 'timeZoneName')?.value;
    return `${displayDate(date, language, timeZone)} (${zone ?? timeZone})`;
  } catch {
    // Without full ICU displayDate falls back to the ISO form, which is in UTC.
    return `${date.toISOString().slice(0, 16).replace('T', ' ')} (UTC)`;
  }
}

/** The date in a <time> whose datetime is the instant in UTC. */
export function zonedTimeHtml(date: Date, language: string, timeZone: string): string {
  return `<time datetime="${date.toISOString()}">${escapeMarkup(zonedDate(date, language, timeZone))}</time>`;
}
