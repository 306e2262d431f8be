// Writes the page of each release a batch touched (lambdas/core/pages/), each under its own render
// lease, as a feed is, so that of two invocations rendering one page the later data is written
// last. The page is rendered from the release as the table holds it once the lease is held.
import { renderReleasePage } from '../core/pages/render-release-page.ts';
import type { TouchedPage } from '../core/pages/touched-pages.ts';
import { hasPage, releasePagePath } from '../core/release-link.ts';
import { feedFile } from '../core/feeds/index.ts';
import { getRelease, listFeed } from '../adapters/release-repository.ts';
import { officialsBySlug } from '../adapters/official-repository.ts';
import { writeFeedFile } from '../adapters/feed-store.ts';
import { apiBaseUrl, publicBaseUrl } from '../adapters/public-urls.ts';
import { site as loadSite } from '../adapters/site-config.ts';
import { withPublicTranslations } from './public-translations.ts';
import { renderUnderLease } from './render-under-lease.ts';
import { eachLimited } from './each-limited.ts';
import { logger } from '../logger.ts';

/** The lease document of a release's page (feeds are named by their feedKey, the directory `directory`). */
export const pageDocument = (releaseId: string) => `page:${releaseId}`;

const CONCURRENCY = 8;

/** The change ids of the pages that could not be written (to be retried). */
export async function renderReleasePages(pages: readonly TouchedPage[]): Promise<Set<string>> {
  const failed = new Set<string>();
  if (pages.length === 0) return failed;
  const site = await loadSite();
  const bases = { publicBaseUrl: publicBaseUrl(), apiBaseUrl: apiBaseUrl() };
  await eachLimited(pages, CONCURRENCY, async (page) => {
    try {
      await renderUnderLease(pageDocument(page.releaseId), async (lease) => {
        const [stored, officials] = await Promise.all([getRelease(page.releaseId), officialsBySlug()]);
        // A draft or a scheduled release has no page, and a deleted one never had.
        if (!stored || !hasPage(stored.status)) return;
        const [release] = await withPublicTranslations([stored], bases);
        const file = feedFile(releasePagePath(stored.id), renderReleasePage({ site, release: release!, officials, baseUrl: bases.publicBaseUrl }));
        lease.beforeWrite();
        await writeFeedFile(file);
      });
    } catch (error) {
      for (const id of page.changeIds) failed.add(id);
      logger.error('release page failed', { release: page.releaseId, error: String(error) });
    }
  });
  return failed;
}

/**
 * The page of every published release, found through the feed of everything, as `npm start`
 * rebuilds every feed: without a data folder its object store starts empty (unchanged bytes are
 * not rewritten). A retracted release is in no feed: its withdrawal notice comes back only where
 * the store kept it (AWS's bucket, a local data folder). Returns the ids whose page could not be
 * written.
 */
export async function rebuildPublishedPages(): Promise<Set<string>> {
  const ids: string[] = [];
  let after: string | undefined;
  do {
    const page = await listFeed('all', 100, after === undefined ? {} : { after });
    ids.push(...page.items.map((release) => release.id));
    after = page.next;
  } while (after !== undefined);
  return renderReleasePages(ids.map((releaseId) => ({ releaseId, changeIds: [releaseId] })));
}
