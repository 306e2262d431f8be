// Which release versions partners were already told about. Stream records are delivered at
// least once (a failed batch is retried from its first failure), so the notify handler checks
// here before publishing and records after.
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient, tableName } from './dynamodb-client.ts';
import { ENTITY, keys } from './table-layout.ts';

/** Longer than a stream record can live (24 h), so any redelivery still finds its entry. */
const KEEP_SECONDS = 7 * 24 * 60 * 60;

export async function alreadyNotified(releaseId: string, version: number, type: string): Promise<boolean> {
  const { Item } = await documentClient().send(
    new GetCommand({ TableName: tableName(), Key: keys.notified(releaseId, version, type), ConsistentRead: true }),
  );
  return Item !== undefined;
}

export async function recordNotified(releaseId: string, version: number, type: string, messageId: string | undefined): Promise<void> {
  await documentClient().send(
    new PutCommand({
      TableName: tableName(),
      Item: {
        ...keys.notified(releaseId, version, type),
        entity: ENTITY.notified,
        messageId,
        notifiedAt: new Date().toISOString(),
        expiresAt: Math.floor(Date.now() / 1000) + KEEP_SECONDS,
      },
    }),
  );
}
