// Bearer tokens, stored only as SHA-256 hashes: the tokens are long random strings, so a
// fast hash is enough and a stolen table does not reveal them.
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient, tableName } from './dynamodb-client.ts';
import { ENTITY, keys, sha256 } from './table-layout.ts';
import type { TokenScope } from '../core/scopes.ts';

export type Scope = TokenScope;

export interface TokenRecord {
  tokenHash: string;
  scope: Scope;
  label: string;
}

export const hashToken = sha256;

export async function findToken(tokenHash: string): Promise<TokenRecord | undefined> {
  const { Item } = await documentClient().send(
    new GetCommand({ TableName: tableName(), Key: keys.token(tokenHash) }),
  );
  return Item ? { tokenHash, scope: Item.scope as Scope, label: String(Item.label ?? '') } : undefined;
}

export async function putToken(token: string, scope: Scope, label: string): Promise<void> {
  const tokenHash = hashToken(token);
  await documentClient().send(
    new PutCommand({
      TableName: tableName(),
      Item: { ...keys.token(tokenHash), entity: ENTITY.token, tokenHash, scope, label, createdAt: new Date().toISOString() },
    }),
  );
}
