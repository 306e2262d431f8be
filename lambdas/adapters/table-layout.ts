// The single table's key layout, shared by the adapters, the local runtime (which creates
// the table) and the CDK stack, so the three cannot disagree.
import { feedSortKey } from '../core/feed-keys.ts';
import { sha256 } from '../core/sha256.ts';

export const PARTITION_KEY = 'pk';
export const SORT_KEY = 'sk';
/** DynamoDB TTL attribute (epoch seconds) for idempotency records and the notify ledger. */
export const TTL_ATTRIBUTE = 'expiresAt';

export const keys = {
  release: (id: string) => ({ pk: `release#${id}`, sk: 'release' }),
  /** Sorted by publishedAt then id, so a feed's newest N is one descending Query. */
  feedEntry: (feedKey: string, publishedAt: string, id: string) => ({
    pk: `feed#${feedKey}`,
    sk: feedSortKey({ publishedAt, id }),
  }),
  feedPartition: (feedKey: string) => `feed#${feedKey}`,
  /**
   * A feed's closed archive documents (lambdas/core/feeds/archive.ts), by the sort key of the
   * last entry each may hold: the page of an entry is the first whose `sk` is not before it.
   */
  archivePage: (feedKey: string, last: string) => ({ pk: `archive#${feedKey}`, sk: last }),
  archivePartition: (feedKey: string) => `archive#${feedKey}`,
  /**
   * The press office's lists of releases that are not public: drafts by id (creation order),
   * scheduled releases by their instant, so the due ones are the start of one Query.
   */
  statusEntry: (status: 'draft' | 'scheduled', publishedAt: string, id: string) => ({
    pk: `status#${status}`,
    sk: status === 'scheduled' ? `${publishedAt}#${id}` : id,
  }),
  statusPartition: (status: 'draft' | 'scheduled') => `status#${status}`,
  official: (slug: string) => ({ pk: 'officials', sk: slug }),
  officialsPartition: 'officials',
  /** Bearer tokens by hash, in one partition: a lookup is one GetItem, listing them one Query. */
  token: (tokenHash: string) => ({ pk: 'tokens', sk: tokenHash }),
  tokensPartition: 'tokens',
  /** Partner tokens (one per subscription), apart from the operators': only partner scope is ever read from here. */
  partnerToken: (tokenHash: string) => ({ pk: 'partner-tokens', sk: tokenHash }),
  /** What SNS could not deliver to a subscription, newest last: `<failedAt>#<messageId>`. */
  failedDelivery: (subscriptionId: string, failedAt: string, messageId: string) => ({
    pk: `failed-deliveries#${subscriptionId}`,
    sk: `${failedAt}#${messageId}`,
  }),
  failedDeliveriesPartition: (subscriptionId: string) => `failed-deliveries#${subscriptionId}`,
  notified: (releaseId: string, version: number, type: string) => ({
    pk: `notified#${releaseId}`,
    sk: `${String(version).padStart(9, '0')}#${type}`,
  }),
  subscription: (id: string) => ({ pk: 'subscriptions', sk: id }),
  /** Claims an SNS subscription for one record (in the same partition, so the same grant). */
  subscriptionClaim: (subscriptionArn: string) => ({ pk: 'subscriptions', sk: `arn#${sha256(subscriptionArn)}` }),
  subscriptionsPartition: 'subscriptions',
  /** The registry of feeds that exist (one item per feed, `sk` its feedKey): one Query lists them. */
  feedRegistration: (feedKey: string) => ({ pk: 'feeds', sk: feedKey }),
  feedRegistryPartition: 'feeds',
  /** The days that have a sitemap (one item per UTC day, `sk` the day): one Query lists them for the index. */
  sitemapDay: (day: string) => ({ pk: 'sitemaps', sk: day }),
  sitemapsPartition: 'sitemaps',
  /**
   * The render lease of one document the feeds function writes (a feed by its feedKey, or
   * `directory`): who renders it now, and how many wanted it rendered (lambdas/core/feeds/render-lease.ts).
   */
  renderLease: (document: string) => ({ pk: `feed-render#${document}`, sk: 'feed-render' }),
  /** The event log: one partition, sorted by `<time>#<sequence>` (lambdas/core/event-log.ts). */
  loggedEvent: (sortKey: string) => ({ pk: 'events', sk: sortKey }),
  eventLogPartition: 'events',
  /** The log's last position, which every append moves on in its transaction. */
  eventSequence: { pk: 'event-sequence', sk: 'event-sequence' },
  /** One per logged eventId, so an event is appended once. */
  loggedEventId: (eventId: string) => ({ pk: `event-id#${eventId}`, sk: 'event-id' }),
  /** A translation group: its members by language (lambdas/core/translations.ts). */
  releaseGroup: (id: string) => ({ pk: `group#${id}`, sk: 'group' }),
  /** An uploaded photo or document: its state, what it is and its renditions. */
  media: (id: string) => ({ pk: `media#${id}`, sk: 'media' }),
  idempotency: (tokenHash: string, key: string) => ({
    pk: `idempotency#${tokenHash}#${sha256(key)}`,
    sk: 'idempotency',
  }),
} as const;

/** What an item is, so stream consumers can skip everything but releases. */
export const ENTITY = {
  release: 'release',
  feedEntry: 'feed-entry',
  statusEntry: 'status-entry',
  official: 'official',
  token: 'token',
  idempotency: 'idempotency',
  notified: 'notified',
  subscription: 'subscription',
  subscriptionClaim: 'subscription-claim',
  failedDelivery: 'failed-delivery',
  feedRegistration: 'feed-registration',
  archivePage: 'archive-page',
  sitemapDay: 'sitemap-day',
  renderLease: 'render-lease',
  media: 'media',
  loggedEvent: 'logged-event',
  eventSequence: 'event-sequence',
  loggedEventId: 'logged-event-id',
  releaseGroup: 'release-group',
} as const;

/** CreateTable input for the local runtime and tests; the CDK stack mirrors it. */
export function tableDefinition(tableName: string) {
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST' as const,
    AttributeDefinitions: [
      { AttributeName: PARTITION_KEY, AttributeType: 'S' as const },
      { AttributeName: SORT_KEY, AttributeType: 'S' as const },
    ],
    KeySchema: [
      { AttributeName: PARTITION_KEY, KeyType: 'HASH' as const },
      { AttributeName: SORT_KEY, KeyType: 'RANGE' as const },
    ],
    StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' as const },
  };
}
