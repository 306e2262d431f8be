// A feed's archive pages, kept under the feed's render lease by the render of the feed itself
// (regenerate-feeds.ts): the pages the open part fills are closed, and the closed pages a change
// touched (a correction, a retraction, a release backdated into one) are rendered again. Which
// pages, and their bounds, are the core's (lambdas/core/feeds/archive.ts).
import {
  archivedKeys,
  openPartFull,
  pagePosition,
  pagesToClose,
  type ArchivePage,
  type ArchivePosition,
} from '../core/feeds/archive.ts';
import type { Release } from '../core/release.ts';
import { archivePageOf, entriesAfter, lastArchivePageAfter, listArchivePages, pageReleases, putArchivePage } from '../adapters/feed-archive.ts';

/** Renders and writes one document of the feed from its releases (newest first) at a place in the archive. */
export type WriteDocument = (releases: Release[], archive: ArchivePosition) => Promise<void>;

export interface ArchiveWork {
  key: string;
  /** The archive's last bound as the feed's registration has it. */
  through: string | undefined;
  /** The sort keys of the subscription document's entries, newest first. */
  newest: readonly string[];
  size: number;
  /** Where the changes that touched the feed sort in it. */
  changed: readonly string[];
  /** Render every closed page again (a rebuild). */
  everyPage?: boolean;
  /** At most this many pages are closed in one render; the rest at the next (an archive that predates this code). */
  closeLimit: number;
}

/** Keeps the archive; resolves to its last bound afterwards, for the subscription document's prev-archive link. */
export async function keepArchive(work: ArchiveWork, write: WriteDocument): Promise<string | undefined> {
  const rendered = new Set<string>();
  const render = async (page: ArchivePage) => {
    if (rendered.has(page.last)) return;
    rendered.add(page.last);
    await write(await pageReleases(work.key, page), pagePosition(page));
  };

  const pages = work.everyPage ? await listArchivePages(work.key) : await touchedPages(work);
  for (const page of pages) await render(page);

  let through = work.through;
  if (!openPartFull(work.newest, through, work.size)) return through;
  // A render that died between closing a page and recording it left the page's item: it is taken
  // as closed rather than closed again with other bounds.
  through = (await lastArchivePageAfter(work.key, through))?.last ?? through;
  for (let closed = 0; closed < work.closeLimit; ) {
    const closing = pagesToClose(await entriesAfter(work.key, through, work.size * Math.min(4, work.closeLimit - closed)), through, work.size);
    if (closing.length === 0) break;
    for (const page of closing.slice(0, work.closeLimit - closed)) {
      // Written before its item, so a page that is found has its documents.
      await render(page);
      await putArchivePage(work.key, page);
      through = page.last;
      closed++;
    }
  }
  return through;
}

/** The closed pages the changes fall in, each once. */
async function touchedPages(work: ArchiveWork): Promise<ArchivePage[]> {
  const pages = new Map<string, ArchivePage>();
  for (const sortKey of archivedKeys(work.changed, work.through)) {
    if ([...pages.values()].some((page) => sortKey <= page.last && (page.after === undefined || sortKey > page.after))) continue;
    const page = await archivePageOf(work.key, sortKey);
    if (page) pages.set(page.last, page);
  }
  return [...pages.values()];
}
