// The index entries of the feeds per language. The API's transaction writes a release with the
// entries of its language-neutral feeds only (doubling them there would take a correction that
// moves every country and official past DynamoDB's 100 items); the feeds function, which alone
// reads the feeds per language, keeps their entries from the stream before it renders them.
import { feedKey, languageFeedsOf } from '../feed-keys.ts';
import type { Release } from '../release.ts';

type Image = Pick<Release, 'id' | 'countries' | 'officials' | 'status' | 'language' | 'publishedAt'>;

export interface LanguageEntry {
  feedKey: string;
  publishedAt: string;
  releaseId: string;
  countries: readonly string[];
}

export interface LanguageEntryWrites {
  puts: LanguageEntry[];
  deletes: LanguageEntry[];
}

const entriesOf = (image: Image | undefined, siteLanguages: readonly string[]): LanguageEntry[] =>
  image
    ? languageFeedsOf(image, siteLanguages).map((feed) => ({ feedKey: feedKey(feed), publishedAt: image.publishedAt, releaseId: image.id, countries: image.countries }))
    : [];

const identity = (entry: LanguageEntry) => `${entry.feedKey}|${entry.publishedAt}|${entry.releaseId}`;

/**
 * What the language feeds' entries must become after these changes (in stream order): each
 * release's entries as its last image lists it, and none of those any earlier image listed.
 * Only the end state is written, so a batch retried from any record writes the same; a key is
 * never both put and deleted, as one BatchWriteItem requires.
 */
export function languageEntryWrites(
  changes: readonly { previous?: Image; next?: Image }[],
  siteLanguages: readonly string[],
): LanguageEntryWrites {
  const last = new Map<string, Image | undefined>();
  const seen = new Map<string, LanguageEntry>();
  for (const change of changes) {
    const id = change.next?.id ?? change.previous?.id;
    if (id === undefined) continue;
    for (const entry of [...entriesOf(change.previous, siteLanguages), ...entriesOf(change.next, siteLanguages)]) seen.set(identity(entry), entry);
    last.set(id, change.next);
  }
  const puts = [...last.values()].flatMap((image) => entriesOf(image, siteLanguages));
  const kept = new Set(puts.map(identity));
  return { puts, deletes: [...seen.values()].filter((entry) => !kept.has(identity(entry))) };
}
