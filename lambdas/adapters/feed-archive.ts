// A feed's archive pages in the table (lambdas/core/feeds/archive.ts decides them): one
// partition per feed, each page an item keyed by its last bound, so the page of an entry is one
// Query for the first bound not before it. Read and written only under the feed's render lease.
import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { ArchivePage } from '../core/feeds/archive.ts';
import type { Release } from '../core/release.ts';
import { documentClient, queryPartition, tableName } from './dynamodb-client.ts';
import { feedReleasesIn } from './release-repository.ts';
import { ENTITY, keys } from './table-layout.ts';

const pageOf = (item: Record<string, unknown>): ArchivePage => ({
  last: String(item.sk),
  ...(typeof item.after === 'string' ? { after: item.after } : {}),
});

/** The page an entry with this sort key belongs to; undefined when it is after every closed page. */
export async function archivePageOf(feedKey: string, sortKey: string): Promise<ArchivePage | undefined> {
  const { Items } = await documentClient().send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: 'pk = :pk AND sk >= :key',
      ExpressionAttributeValues: { ':pk': keys.archivePartition(feedKey), ':key': sortKey },
      Limit: 1,
      ConsistentRead: true,
    }),
  );
  return Items?.[0] ? pageOf(Items[0]) : undefined;
}

/** The newest closed page whose last bound is after `through` (any, when absent): one a render closed but could not record. */
export async function lastArchivePageAfter(feedKey: string, through: string | undefined): Promise<ArchivePage | undefined> {
  const { Items } = await documentClient().send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: through === undefined ? 'pk = :pk' : 'pk = :pk AND sk > :through',
      ExpressionAttributeValues: { ':pk': keys.archivePartition(feedKey), ...(through === undefined ? {} : { ':through': through }) },
      ScanIndexForward: false,
      Limit: 1,
      ConsistentRead: true,
    }),
  );
  return Items?.[0] ? pageOf(Items[0]) : undefined;
}

/** Every closed page of a feed, oldest first (a rebuild renders them all). */
export async function listArchivePages(feedKey: string): Promise<ArchivePage[]> {
  return (await queryPartition(keys.archivePartition(feedKey))).map(pageOf);
}

export async function putArchivePage(feedKey: string, page: ArchivePage): Promise<void> {
  await documentClient().send(
    new PutCommand({
      TableName: tableName(),
      Item: { ...keys.archivePage(feedKey, page.last), entity: ENTITY.archivePage, ...(page.after === undefined ? {} : { after: page.after }) },
    }),
  );
}

/** The sort keys of the feed's entries after `after` (all, when absent), oldest first, at most `limit`. */
export async function entriesAfter(feedKey: string, after: string | undefined, limit: number): Promise<string[]> {
  const items = await queryPartition(keys.feedPartition(feedKey), { ...(after === undefined ? {} : { after }), limit });
  return items.map((item) => String(item.sk));
}

/** The published releases of one closed page, newest first. */
export async function pageReleases(feedKey: string, page: ArchivePage): Promise<Release[]> {
  return feedReleasesIn(feedKey, { ...(page.after === undefined ? {} : { after: page.after }), last: page.last, descending: true });
}
