// The days that have a sitemap, in one partition of the table: the index is one Query of it.
// Written only under the day's render lease, read under the index's.
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { SitemapDay } from '../core/sitemaps/sitemap-paths.ts';
import { documentClient, queryPartition, tableName } from './dynamodb-client.ts';
import { ENTITY, keys } from './table-layout.ts';

export interface SitemapDayEntry {
  day: SitemapDay;
  /**
   * How many files the day's sitemap is split into (1 unless it has more than 50,000 pages); 0
   * once it lists nothing, which keeps it out of the index (the feeds function deletes no item).
   */
  parts: number;
  /** The latest modification of the day's pages. */
  lastmod: string;
}

export async function listSitemapDays(): Promise<SitemapDayEntry[]> {
  return (await queryPartition(keys.sitemapsPartition)).map((item) => ({ day: String(item.sk), parts: Number(item.parts), lastmod: String(item.lastmod) }));
}

export async function putSitemapDay(entry: SitemapDayEntry): Promise<void> {
  await documentClient().send(
    new PutCommand({ TableName: tableName(), Item: { ...keys.sitemapDay(entry.day), entity: ENTITY.sitemapDay, parts: entry.parts, lastmod: entry.lastmod } }),
  );
}
