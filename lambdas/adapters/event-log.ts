// The event log in the single table. Appending takes the next position from one sequence item
// and writes the event in the same transaction, conditional on the sequence still being where
// it was read: two appends at once cannot both take a position, and the one that loses reads
// the sequence again. An event is appended once per eventId (a redelivered stream record finds
// it there). Reading is one Query on the log's partition after a sort key.
import { GetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { LOG_START, expiryOf, nextPosition, sortKeyOf, type EventPosition } from '../core/event-log.ts';
import type { MessageAttribute } from '../core/release-event.ts';
import { batchGetItems, documentClient, tableName } from './dynamodb-client.ts';
import { ENTITY, TTL_ATTRIBUTE, keys } from './table-layout.ts';

export interface LoggedEvent {
  sortKey: string;
  eventId: string;
  /** The SNS message body, exactly as partners receive it. */
  body: string;
  /** The message attributes it was published with: what subscriptions' filters matched, and what a redelivery carries again. */
  attributes: Record<string, MessageAttribute>;
}

/**
 * How often a lost race for the next position is tried again before the record fails (and is
 * retried). Appends are serialised on one item, so the budget bounds how many can race at once:
 * one notify per stream shard appends, a handful; 16 at once still land on a loaded machine.
 * The worst wait (about 11 s) stays well inside notify's 60 s.
 */
const APPEND_ATTEMPTS = 30;
const BACKOFF_CAP_MS = 400;

export async function appendEvent(
  eventId: string,
  body: string,
  attributes: Record<string, MessageAttribute>,
  now: () => Date = () => new Date(),
): Promise<'appended' | 'already appended'> {
  for (let attempt = 1; ; attempt++) {
    const { Item } = await documentClient().send(new GetCommand({ TableName: tableName(), Key: keys.eventSequence, ConsistentRead: true }));
    const previous = Item ? ({ seq: Item.seq as number, at: Item.at as string } satisfies EventPosition) : undefined;
    const position = nextPosition(previous, now());
    const sortKey = sortKeyOf(position);
    try {
      await documentClient().send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: tableName(),
                Item: { ...keys.eventSequence, entity: ENTITY.eventSequence, seq: position.seq, at: position.at },
                ...(previous
                  ? { ConditionExpression: 'seq = :seq', ExpressionAttributeValues: { ':seq': previous.seq } }
                  : { ConditionExpression: 'attribute_not_exists(pk)' }),
              },
            },
            {
              Put: {
                TableName: tableName(),
                Item: {
                  ...keys.loggedEvent(sortKey),
                  entity: ENTITY.loggedEvent,
                  eventId,
                  body,
                  attributes: JSON.stringify(attributes),
                  [TTL_ATTRIBUTE]: expiryOf(position.at),
                },
              },
            },
            {
              Put: {
                TableName: tableName(),
                Item: { ...keys.loggedEventId(eventId), entity: ENTITY.loggedEventId, sortKey, [TTL_ATTRIBUTE]: expiryOf(position.at) },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
          ],
        }),
      );
      return 'appended';
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const [sequence, , id] = error.CancellationReasons ?? [];
      if (id?.Code === 'ConditionalCheckFailed') return 'already appended';
      const lostRace = sequence?.Code === 'ConditionalCheckFailed' || error.CancellationReasons?.some((r) => r.Code === 'TransactionConflict');
      if (!lostRace || attempt >= APPEND_ATTEMPTS) throw error;
      // Full jitter on a doubling ceiling: appenders that collided spread apart at once, so the
      // losers of a large burst stop colliding with each other instead of retrying in step.
      await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(BACKOFF_CAP_MS, 10 * 2 ** attempt)));
    }
  }
}

/** The sort key of the newest position taken (LOG_START for an empty log). */
export async function newestSortKey(): Promise<string> {
  const { Item } = await documentClient().send(new GetCommand({ TableName: tableName(), Key: keys.eventSequence, ConsistentRead: true }));
  return Item ? sortKeyOf({ seq: Item.seq as number, at: Item.at as string }) : LOG_START;
}

/** Up to `limit` events after the sort key, oldest first. */
export async function eventsAfter(sortKey: string, limit: number): Promise<LoggedEvent[]> {
  const { Items = [] } = await documentClient().send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: 'pk = :pk AND sk > :after',
      ExpressionAttributeValues: { ':pk': keys.eventLogPartition, ':after': sortKey },
      ConsistentRead: true,
      Limit: limit,
    }),
  );
  return Items.map(fromItem);
}

const fromItem = (item: Record<string, unknown>): LoggedEvent => ({
  sortKey: item.sk as string,
  eventId: item.eventId as string,
  body: item.body as string,
  attributes: typeof item.attributes === 'string' ? (JSON.parse(item.attributes) as Record<string, MessageAttribute>) : {},
});

/** The logged events with these eventIds, by eventId; ids the log does not hold are absent. */
export async function eventsByIds(eventIds: readonly string[]): Promise<Map<string, LoggedEvent>> {
  const markers = await batchGetItems(eventIds.map((id) => keys.loggedEventId(id)));
  const events = await batchGetItems(markers.map((marker) => keys.loggedEvent(String(marker.sortKey))));
  return new Map(events.map(fromItem).map((event) => [event.eventId, event]));
}
