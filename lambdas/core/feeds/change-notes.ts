// A release's public change history as the feeds show it: "Updated <date>: <note>", one line
// per major correction that carried a changeNote, newest first, after the content.
import type { Release } from '../release.ts';
import { chromeLanguage, chromeStrings, type Site } from '../site.ts';
import { escapeMarkup } from '../escape-markup.ts';
import { stripXmlIllegal } from '../xml-chars.ts';
import { parseDate } from './dates.ts';
import { displayDate } from './display-date.ts';

/** One change, ready to show. */
export interface EntryChange {
  at: Date;
  /** Plain text, cleaned of what XML cannot carry. */
  note: string;
  /** `at` as the pages show dates: in the feed language, in the site's time zone. */
  date: string;
  /** The catalogue's changeNote, e.g. "Updated {date}: {note}". */
  template: string;
}

/**
 * The changes to show, newest first (ties: the later entry first, as the history is appended
 * to), in the feed language — the chrome around the note is the feed's, like every other label.
 * A change whose time does not parse, or whose note is nothing once cleaned, is left out.
 */
export function entryChanges(changes: Release['changes'], site: Site, language: string): EntryChange[] {
  const ui = chromeLanguage(site, language);
  const template = chromeStrings(site, language).changeNote;
  return changes
    .map((change, index) => ({ change, index, at: parseDate(change.at, new Date(Number.NaN)) }))
    .filter(({ change, at }) => !Number.isNaN(at.getTime()) && stripXmlIllegal(change.note).trim() !== '')
    .sort((a, b) => b.at.getTime() - a.at.getTime() || b.index - a.index)
    .map(({ change, at }) => ({ at, note: stripXmlIllegal(change.note), date: displayDate(at, ui, site.config.timeZone), template }));
}

const PLACEHOLDER = /(\{date\}|\{note\})/;

/** "Updated 16 iyun 2023, 12:00: Tarix düzəldildi". */
export function changeText(change: EntryChange): string {
  return change.template
    .split(PLACEHOLDER)
    .map((part) => (part === '{date}' ? change.date : part === '{note}' ? change.note : part))
    .join('');
}

/** The same as a paragraph, the date in a <time>; every piece escaped. */
export function changeHtml(change: EntryChange, className = 'pressroom-change'): string {
  const inner = change.template
    .split(PLACEHOLDER)
    .map((part) =>
      part === '{date}'
        ? `<time datetime="${change.at.toISOString()}">${escapeMarkup(change.date)}</time>`
        : escapeMarkup(part === '{note}' ? change.note : part),
    )
    .join('');
  return `<p class="${escapeMarkup(className)}">${inner}</p>`;
}

/** HTML content followed by the changes; the content itself when there are none. */
export function withChangesHtml(html: string, changes: readonly EntryChange[]): string {
  return changes.length === 0 ? html : [html, ...changes.map((change) => changeHtml(change))].filter((part) => part !== '').join('\n');
}

/** Plain text followed by the changes, a paragraph each (blank lines, as text bodies separate paragraphs). */
export function withChangesText(text: string, changes: readonly EntryChange[]): string {
  return changes.length === 0 ? text : [text, ...changes.map(changeText)].filter((part) => part !== '').join('\n\n');
}

/** The history as data (JSON Feed's `_pressroom` extension): the API's shape and order, oldest first. */
export function changesData(changes: readonly EntryChange[]): { at: string; note: string }[] {
  return changes.map((change) => ({ at: change.at.toISOString(), note: change.note })).reverse();
}
