import { hasPage } from '../release-link.ts';
import type { Release } from '../release.ts';

type Image = Pick<Release, 'id' | 'status'>;

export interface TouchedPage {
  releaseId: string;
  /** Every change that touched the page: if it cannot be written, these are retried. */
  changeIds: string[];
}

/**
 * The release pages these changes call for, each once: a release that is or was public has one
 * (a retraction's is its withdrawal notice); a draft or scheduled release has none, so its
 * changes touch no page. The page is rendered from the table as it is then, not from the images.
 */
export function touchedPages(changes: readonly { id: string; previous?: Image; next?: Image }[]): TouchedPage[] {
  const pages = new Map<string, TouchedPage>();
  for (const change of changes) {
    const image = change.next ?? change.previous;
    if (image === undefined || !hasPage(image.status)) continue;
    const page = pages.get(image.id) ?? { releaseId: image.id, changeIds: [] };
    if (!page.changeIds.includes(change.id)) page.changeIds.push(change.id);
    pages.set(image.id, page);
  }
  return [...pages.values()];
}
