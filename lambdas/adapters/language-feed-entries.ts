// The feeds per language's index entries (lambdas/core/feeds/language-entries.ts says why the
// feeds function writes them): the same items as the API's entries, in their own partitions.
import type { LanguageEntry, LanguageEntryWrites } from '../core/feeds/language-entries.ts';
import { batchWriteItems } from './dynamodb-client.ts';
import { ENTITY, keys } from './table-layout.ts';

const keyOf = (entry: LanguageEntry) => keys.feedEntry(entry.feedKey, entry.publishedAt, entry.releaseId);

/** The item of one entry, as the API writes a language-neutral feed's. */
export function languageEntryItem(entry: LanguageEntry): Record<string, unknown> {
  return { ...keyOf(entry), entity: ENTITY.feedEntry, releaseId: entry.releaseId, countries: [...entry.countries] };
}

export async function writeLanguageEntries(writes: LanguageEntryWrites): Promise<void> {
  await batchWriteItems([
    ...writes.deletes.map((entry) => ({ DeleteRequest: { Key: keyOf(entry) } })),
    ...writes.puts.map((entry) => ({ PutRequest: { Item: languageEntryItem(entry) } })),
  ]);
}
