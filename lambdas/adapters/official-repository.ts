// The officials registry: one partition, so listing it is one Query.
import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Official } from '../core/release.ts';
import { documentClient, tableName } from './dynamodb-client.ts';
import { ENTITY, keys } from './table-layout.ts';

export async function listOfficials(): Promise<Official[]> {
  const officials: Official[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await documentClient().send(
      new QueryCommand({
        TableName: tableName(),
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.officialsPartition },
        ExclusiveStartKey: start,
      }),
    );
    for (const { pk: _pk, sk: _sk, entity: _e, ...official } of page.Items ?? []) {
      officials.push(official as unknown as Official);
    }
    start = page.LastEvaluatedKey;
  } while (start);
  return officials;
}

/** Creates or replaces; tells which, so the API can answer 201 or 200. */
export async function putOfficial(official: Official): Promise<'created' | 'updated'> {
  const { Attributes } = await documentClient().send(
    new PutCommand({
      TableName: tableName(),
      Item: { ...keys.official(official.slug), entity: ENTITY.official, ...official },
      ReturnValues: 'ALL_OLD',
    }),
  );
  return Attributes ? 'updated' : 'created';
}
