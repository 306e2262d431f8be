// The chrome's words, one JSON catalogue per language in this folder (az.json, en.json, …):
// adding a language is adding a file and naming it in the configuration's `languages`.
import * as v from 'valibot';
import { detailsOf } from '../validation-issues.ts';

const entry = v.pipe(v.string(), v.nonEmpty());

export const CatalogueSchema = v.strictObject({
  subscribe: entry,
  allFeeds: entry,
  noReleases: entry,
  updated: entry,
  /** One entry of a release's change history: {date} as the pages show dates, {note} the note. */
  changeNote: v.pipe(entry, v.includes('{date}'), v.includes('{note}')),
  /** {institution} is the institution's name in that language. */
  directoryTitle: v.pipe(entry, v.includes('{institution}')),
  directoryIntro: entry,
  everything: entry,
  countries: entry,
  officials: entry,
  /** What a feed is and how to subscribe, in one line, for people who have never used a feed reader. */
  howTo: entry,
  /** The language switcher's label. */
  languages: entry,
  /** The feeds of every language, as the switcher and the directory name them. */
  allLanguages: entry,
  /** Before the links to a release in the other languages of its group. */
  alsoIn: entry,
  /** A release page: its publication time, and the notice that replaces a retracted one. */
  published: entry,
  withdrawn: entry,
  withdrawnNotice: entry,
  /** A photo's link to its original file, and the heading of a release's attachments. */
  downloadOriginal: entry,
  downloads: entry,
  /** The heading of the press office's contact block. */
  pressContact: entry,
  /** A feed page's links back through its archive, and from an archive page to the newest releases. */
  olderReleases: entry,
  latestReleases: entry,
  /** An archive page's heading: {from} and {to} are the dates of its oldest and newest releases. */
  archive: v.pipe(entry, v.includes('{from}'), v.includes('{to}')),
  /** An e-mail alert: the link to the release's page, why it came ({feed} is the feed followed), its links. */
  alertRead: entry,
  alertWhy: v.pipe(entry, v.includes('{feed}')),
  unsubscribe: entry,
  manageAlerts: entry,
  /**
   * The confirmation mail ({institution} is the institution's name): its subject, what was
   * asked, the button, and what ignoring it does ({hours}: how long the link works).
   */
  confirmSubject: v.pipe(entry, v.includes('{institution}')),
  confirmMail: v.pipe(entry, v.includes('{institution}')),
  confirmButton: entry,
  confirmIgnore: v.pipe(entry, v.includes('{hours}')),
  /** The e-mail alert form of feed pages and the directory ({time}: the digest's time of day). */
  alertsHeading: entry,
  alertsIntro: entry,
  emailLabel: entry,
  frequencyLabel: entry,
  frequencyImmediately: entry,
  frequencyDaily: v.pipe(entry, v.includes('{time}')),
  subscribeButton: entry,
  /** The pages the form and the links in alert mails answer with. */
  checkInboxTitle: entry,
  checkInboxText: entry,
  formErrorTitle: entry,
  emailInvalid: entry,
  confirmTitle: entry,
  confirmedTitle: entry,
  confirmedText: entry,
  nothingPending: entry,
  linkInvalid: entry,
  linkExpired: entry,
  unsubscribeTitle: entry,
  unsubscribeText: entry,
  unsubscribedTitle: entry,
  unsubscribedText: entry,
  /** The page of a manage link: what the reader follows, each with how often or to stop; and after a change. */
  manageText: entry,
  frequencyStop: entry,
  saveButton: entry,
  managedTitle: entry,
  managedText: entry,
  /** A dependency was down: try again. */
  tryAgain: entry,
  /** The daily digest's subject: {feed} the feed followed, {date} the day. */
  digestSubject: v.pipe(entry, v.includes('{feed}'), v.includes('{date}')),
});

export type Catalogue = v.InferOutput<typeof CatalogueSchema>;

/** The catalogue, or an error naming the language and the keys that are missing or wrong. */
export function parseCatalogue(input: unknown, language: string): Catalogue {
  const result = v.safeParse(CatalogueSchema, input);
  if (result.success) return result.output;
  const problems = detailsOf(result.issues).map((detail) => `${detail.path || '(the whole file)'}: ${detail.message}`);
  throw new Error(`invalid catalogue lambdas/core/i18n/${language}.json:\n  ${problems.join('\n  ')}`);
}
