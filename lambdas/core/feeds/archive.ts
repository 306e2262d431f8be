// A feed's archive (RFC 5005 archived feeds): its older entries in closed documents that never
// change when new releases arrive, so a subscriber can page back to the first release. The
// subscription document stays the newest `size` entries; the part of the index after the last
// closed page is the open part, which is always inside the subscription document.
//
// A page is closed once the open part holds `size` entries: its oldest `size` become the next
// page, whose bounds are kept from then on. Pages are found by their bounds, not by counting,
// so a release backdated into a closed page, or retracted from one, changes that page alone and
// no other; nothing done per release grows with the archive.

/**
 * One closed archive document: the feed's entries whose sort key is after `after` (none for the
 * first page, which also takes anything backdated before it) and not after `last`.
 */
export interface ArchivePage {
  last: string;
  after?: string;
}

/**
 * The page's id in its URLs: the release id in its last bound, unique within a feed (no two
 * entries share a sort key) and fixed once the page is closed.
 */
export function archivePageId(sortKey: string): string {
  return sortKey.slice(sortKey.lastIndexOf('#') + 1);
}

/** Where a document sits in the archive: `page` for a closed page (absent: the subscription document), `previous` the page before it. */
export interface ArchivePosition {
  page?: string;
  previous?: string;
}

/** The subscription document's position: the last closed page before it, if any. */
export function subscriptionPosition(through: string | undefined): ArchivePosition {
  return through === undefined ? {} : { previous: archivePageId(through) };
}

/** A closed page's position: its own id and the page before it. */
export function pagePosition(page: ArchivePage): ArchivePosition {
  return { page: archivePageId(page.last), ...(page.after === undefined ? {} : { previous: archivePageId(page.after) }) };
}

/**
 * True when the open part is full, judged from the newest `size` entries the subscription
 * document is rendered from: all of them are after the archive's last bound.
 */
export function openPartFull(newest: readonly string[], through: string | undefined, size: number): boolean {
  return newest.length >= size && newest.every((key) => through === undefined || key > through);
}

/**
 * The pages the open part's oldest entries (ascending, all after `through`) close: each the
 * next `size`, as many whole pages as there are. What is left stays open.
 */
export function pagesToClose(open: readonly string[], through: string | undefined, size: number): ArchivePage[] {
  const pages: ArchivePage[] = [];
  let after = through;
  for (let start = 0; start + size <= open.length; start += size) {
    const last = open[start + size - 1]!;
    pages.push({ last, ...(after === undefined ? {} : { after }) });
    after = last;
  }
  return pages;
}

/** The sort keys, each once, that fall in the closed part (not after `through`): the ones whose page must be rendered again. */
export function archivedKeys(sortKeys: Iterable<string>, through: string | undefined): string[] {
  if (through === undefined) return [];
  return [...new Set([...sortKeys].filter((key) => key <= through))].sort();
}
