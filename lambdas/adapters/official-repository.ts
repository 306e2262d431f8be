// The officials registry: one partition, so listing it is one Query.
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Official } from '../core/release.ts';
import { documentClient, queryPartition, tableName } from './dynamodb-client.ts';
import { ENTITY, keys } from './table-layout.ts';

export async function listOfficials(): Promise<Official[]> {
  return (await queryPartition(keys.officialsPartition)).map(
    ({ pk: _pk, sk: _sk, entity: _e, ...official }) => official as unknown as Official,
  );
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

/** The officials by slug, as the renderers look them up. */
export async function officialsBySlug(): Promise<ReadonlyMap<string, Official>> {
  return new Map((await listOfficials()).map((official) => [official.slug, official]));
}
