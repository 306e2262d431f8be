// Bearer tokens, stored only as SHA-256 hashes: the tokens are long random strings, so a
// fast hash is enough and a stolen table does not reveal them. One partition, so listing
// them (npm run token -- list) is one Query and a lookup one GetItem.
import { DeleteCommand, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { OperatorScope, TokenScope as Scope } from '../core/scopes.ts';
import { sha256 } from '../core/sha256.ts';
import { isPartnerToken } from '../core/bearer-token.ts';
import { documentClient, isConditionFailed, queryPartition, tableName } from './dynamodb-client.ts';
import { ENTITY, keys } from './table-layout.ts';

export type { TokenScope as Scope } from '../core/scopes.ts';

/**
 * Who made the token: the local runtime from its environment or by generating it,
 * `npm run token`, or creating a subscription (a partner token).
 */
export type TokenOrigin = 'environment' | 'generated' | 'cli' | 'subscription';

export interface TokenRecord {
  tokenHash: string;
  scope: Scope;
  label: string;
  origin?: TokenOrigin;
  createdAt?: string;
  /** Updated at most once per TOKEN_USE_INTERVAL_MS, not on every request. */
  lastUsedAt?: string;
  /** A partner token: the one subscription it reads for. */
  subscriptionId?: string;
}

export const hashToken = (token: string) => sha256(token);

const fromItem = (item: Record<string, unknown>): TokenRecord => ({
  tokenHash: String(item.tokenHash ?? item.sk),
  scope: item.scope as Scope,
  label: String(item.label ?? ''),
  ...(typeof item.origin === 'string' ? { origin: item.origin as TokenOrigin } : {}),
  ...(typeof item.createdAt === 'string' ? { createdAt: item.createdAt } : {}),
  ...(typeof item.lastUsedAt === 'string' ? { lastUsedAt: item.lastUsedAt } : {}),
  ...(typeof item.subscriptionId === 'string' ? { subscriptionId: item.subscriptionId } : {}),
});

/**
 * The item of a partner token, for the transaction that creates its subscription: the two
 * exist together or not at all.
 */
export function partnerTokenItem(token: string, subscriptionId: string, label: string, now: Date): Record<string, unknown> {
  const tokenHash = hashToken(token);
  return {
    ...keys.partnerToken(tokenHash),
    entity: ENTITY.token,
    tokenHash,
    scope: 'partner' satisfies Scope,
    label,
    origin: 'subscription' satisfies TokenOrigin,
    createdAt: now.toISOString(),
    subscriptionId,
  };
}

/** Where a token's record is: partner tokens in their own partition. */
const keyOf = (record: Pick<TokenRecord, 'tokenHash' | 'scope'>) =>
  record.scope === 'partner' ? keys.partnerToken(record.tokenHash) : keys.token(record.tokenHash);

/** The record of a bearer token as sent, or undefined for a token that is not known. */
export async function findToken(token: string): Promise<TokenRecord | undefined> {
  const partner = isPartnerToken(token);
  const { Item } = await documentClient().send(
    new GetCommand({ TableName: tableName(), Key: keyOf({ tokenHash: hashToken(token), scope: partner ? 'partner' : 'press' }) }),
  );
  if (!Item) return undefined;
  const record = fromItem(Item);
  // Whatever an item in the partner partition says, it grants the partner scope and no other.
  return partner ? { ...record, scope: 'partner' } : record.scope === 'partner' ? undefined : record;
}

export async function listTokens(): Promise<TokenRecord[]> {
  return (await queryPartition(keys.tokensPartition)).map(fromItem);
}

/** Stores an operator token's hash; a token stored again keeps its creation and last use. */
export async function putToken(token: string, scope: OperatorScope, label: string, origin: TokenOrigin = 'cli'): Promise<TokenRecord> {
  const tokenHash = hashToken(token);
  const { Attributes } = await documentClient().send(
    new UpdateCommand({
      TableName: tableName(),
      Key: keys.token(tokenHash),
      // Names, not the attributes themselves: several of them are DynamoDB reserved words.
      UpdateExpression: 'SET #entity = :entity, #hash = :hash, #scope = :scope, #label = :label, #origin = :origin, #created = if_not_exists(#created, :now)',
      ExpressionAttributeNames: {
        '#entity': 'entity',
        '#hash': 'tokenHash',
        '#scope': 'scope',
        '#label': 'label',
        '#origin': 'origin',
        '#created': 'createdAt',
      },
      ExpressionAttributeValues: {
        ':entity': ENTITY.token,
        ':hash': tokenHash,
        ':scope': scope,
        ':label': label,
        ':origin': origin,
        ':now': new Date().toISOString(),
      },
      ReturnValues: 'ALL_NEW',
    }),
  );
  return fromItem(Attributes ?? {});
}

export async function deleteToken(tokenHash: string): Promise<void> {
  await documentClient().send(new DeleteCommand({ TableName: tableName(), Key: keys.token(tokenHash) }));
}

/** How stale `lastUsedAt` may get: a read must not become a write on every request. */
export const TOKEN_USE_INTERVAL_MS = 60_000;

/**
 * Records a use when the stored one is older than the interval. Conditional, so concurrent
 * requests (and a revoked token) write nothing: 'skipped' then.
 */
export async function recordTokenUse(record: Pick<TokenRecord, 'tokenHash' | 'scope'>, at: Date): Promise<'recorded' | 'skipped'> {
  try {
    await documentClient().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: keyOf(record),
        UpdateExpression: 'SET #used = :now',
        ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(#used) OR #used < :stale)',
        ExpressionAttributeNames: { '#used': 'lastUsedAt' },
        ExpressionAttributeValues: {
          ':now': at.toISOString(),
          ':stale': new Date(at.getTime() - TOKEN_USE_INTERVAL_MS).toISOString(),
        },
      }),
    );
    return 'recorded';
  } catch (error) {
    if (isConditionFailed(error)) return 'skipped';
    throw error;
  }
}
