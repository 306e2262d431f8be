// Translation groups in the single table: one item per group (`group#<id>` / `group`) holding
// its members by language (lambdas/core/translations.ts). Each write of a member rewrites the
// item in the member's own transaction, conditional on the group's version as it was read, so
// two writes to one group cannot both land on a stale copy: the one that loses is a conflict.
import { GetCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import type { GroupMembers } from '../core/translations.ts';
import { batchGetItems, documentClient, tableName } from './dynamodb-client.ts';
import { ENTITY, keys } from './table-layout.ts';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

export interface ReleaseGroup {
  id: string;
  members: GroupMembers;
  /** 0 for a group not written yet. */
  version: number;
}

/** A write of a member lost the race for its group: another member's write changed it meanwhile. */
export class GroupConflict extends Error {
  constructor(readonly groupId: string) {
    super(`translation group ${groupId} changed meanwhile`);
  }
}

const toGroup = (id: string, item: Record<string, unknown> | undefined): ReleaseGroup => ({
  id,
  members: (item?.members as GroupMembers | undefined) ?? {},
  version: (item?.version as number | undefined) ?? 0,
});

export async function getGroup(id: string): Promise<ReleaseGroup> {
  const { Item } = await documentClient().send(new GetCommand({ TableName: tableName(), Key: keys.releaseGroup(id), ConsistentRead: true }));
  return toGroup(id, Item);
}

/** The groups by id (those never written come back empty). */
export async function getGroups(ids: readonly string[]): Promise<Map<string, ReleaseGroup>> {
  const unique = [...new Set(ids)];
  const items = await batchGetItems(unique.map((id) => keys.releaseGroup(id)));
  const byKey = new Map(items.map((item) => [String(item.pk), item]));
  return new Map(unique.map((id) => [id, toGroup(id, byKey.get(keys.releaseGroup(id).pk))]));
}

/** The transaction item that writes `members` over the group as it was read. */
export function groupWrite(group: ReleaseGroup, members: GroupMembers): TransactItem {
  return {
    Put: {
      TableName: tableName(),
      Item: { ...keys.releaseGroup(group.id), entity: ENTITY.releaseGroup, members, version: group.version + 1 },
      ...(group.version === 0
        ? { ConditionExpression: 'attribute_not_exists(pk)' }
        : { ConditionExpression: 'version = :groupVersion', ExpressionAttributeValues: { ':groupVersion': group.version } }),
    },
  };
}
