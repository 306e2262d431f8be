// DynamoDB stream records → release changes. Index entries and other items are skipped:
// only the release item says what happened to a release.
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import type { Release } from '../core/release.ts';
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

export function releaseChanges(event: DynamoDBStreamEvent): ReleaseChange[] {
  const changes: ReleaseChange[] = [];
  for (const record of event.Records) {
    const oldItem = image(record, 'OldImage');
    const newItem = image(record, 'NewImage');
    if ((newItem ?? oldItem)?.entity !== ENTITY.release) continue;
    changes.push({
      sequenceNumber: record.dynamodb?.SequenceNumber ?? '',
      ...(oldItem ? { previous: toRelease(oldItem) } : {}),
      ...(newItem ? { next: toRelease(newItem) } : {}),
    });
  }
  return changes;
}
