// DynamoDB stream records → release changes (and the changes of what else the consumers follow:
// officials, translation groups). Index entries and other items are skipped: only the release
// item says what happened to a release.
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import type { Release } from '../core/release.ts';
import type { GroupMembers } from '../core/translations.ts';
import { toRelease } from './release-repository.ts';
import { ENTITY } from './table-layout.ts';

export interface ReleaseChange {
  /** The record's sequence number: the item identifier Lambda expects in batchItemFailures. */
  sequenceNumber: string;
  previous?: Release;
  next?: Release;
}

function image(record: DynamoDBRecord, which: 'OldImage' | 'NewImage'): Record<string, unknown> | undefined {
  const raw = record.dynamodb?.[which];
  return raw ? unmarshall(raw as Record<string, AttributeValue>) : undefined;
}

/** The item's entity, read from the raw image: other items are skipped before any unmarshalling. */
function entityOf(record: DynamoDBRecord): string | undefined {
  const raw = (record.dynamodb?.NewImage ?? record.dynamodb?.OldImage) as Record<string, AttributeValue> | undefined;
  return raw?.entity?.S;
}

export function releaseChanges(event: DynamoDBStreamEvent): ReleaseChange[] {
  const changes: ReleaseChange[] = [];
  for (const record of event.Records) {
    // An item of another kind that the SDK cannot unmarshall must not block the release stream.
    if (entityOf(record) !== ENTITY.release) continue;
    const oldItem = image(record, 'OldImage');
    const newItem = image(record, 'NewImage');
    changes.push({
      sequenceNumber: record.dynamodb?.SequenceNumber ?? '',
      ...(oldItem ? { previous: toRelease(oldItem) } : {}),
      ...(newItem ? { next: toRelease(newItem) } : {}),
    });
  }
  return changes;
}

/**
 * Sequence numbers of the records that created, changed or removed an official: feed titles,
 * categories and the directory carry officials' names, so such a change concerns every feed.
 */
export function officialChanges(event: DynamoDBStreamEvent): string[] {
  return event.Records.filter((record) => entityOf(record) === ENTITY.official).map((record) => record.dynamodb?.SequenceNumber ?? '');
}

export interface GroupChange {
  sequenceNumber: string;
  previous?: GroupMembers;
  next?: GroupMembers;
}

/** Changes of translation groups: which members a group lists, before and after. */
export function groupChanges(event: DynamoDBStreamEvent): GroupChange[] {
  return event.Records.filter((record) => entityOf(record) === ENTITY.releaseGroup).map((record) => {
    const previous = image(record, 'OldImage')?.members as GroupMembers | undefined;
    const next = image(record, 'NewImage')?.members as GroupMembers | undefined;
    return { sequenceNumber: record.dynamodb?.SequenceNumber ?? '', ...(previous ? { previous } : {}), ...(next ? { next } : {}) };
  });
}
