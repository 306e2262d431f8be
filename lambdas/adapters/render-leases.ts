// The render leases of the feeds function's documents in the table (one item per document,
// lambdas/core/feeds/render-lease.ts decides what they mean): conditional UpdateItems, so
// taking, counting a wish and letting go are each one atomic step.
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { RenderLease } from '../core/feeds/render-lease.ts';
import { documentClient, isConditionFailed, tableName } from './dynamodb-client.ts';
import { ENTITY, keys } from './table-layout.ts';

export interface HeldLease {
  /** `touches` when the lease was taken or renewed: the render that follows covers every wish up to it. */
  from: number;
  /** Epoch ms at which the lease ends (this invocation's clock). */
  until: number;
  /** Removal times the render must take into account (consumed when the render is written). */
  removals: string[];
}

const removalsOf = (item: Record<string, unknown> | undefined): string[] =>
  item?.removals instanceof Set ? [...(item.removals as Set<string>)].sort() : [];

function leaseOf(item: Record<string, unknown> | undefined): RenderLease | undefined {
  if (!item) return undefined;
  return {
    touches: Number(item.touches ?? 0),
    rendered: Number(item.rendered ?? 0),
    renders: Number(item.renders ?? 0),
    ...(typeof item.holder === 'string' ? { holder: item.holder } : {}),
    ...(item.leaseUntil !== undefined ? { leaseUntil: Number(item.leaseUntil) } : {}),
    removals: removalsOf(item),
  };
}

const removalSet = (removedAt: string | undefined) => (removedAt === undefined ? {} : { ':removals': new Set([removedAt]) });

/**
 * Takes the lease when it is free or expired; counts a wish too when `wish` (the first attempt
 * of an invocation, not the later ones of one that waited). Undefined when someone holds it.
 */
export async function takeRenderLease(
  document: string,
  holder: string,
  { now, leaseMs, wish, removedAt }: { now: number; leaseMs: number; wish: boolean; removedAt?: string },
): Promise<HeldLease | undefined> {
  const until = now + leaseMs;
  try {
    const { Attributes } = await documentClient().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: keys.renderLease(document),
        UpdateExpression: `SET holder = :holder, leaseUntil = :until, entity = :entity ADD touches :wish${removedAt === undefined ? '' : ', removals :removals'}`,
        ConditionExpression: 'attribute_not_exists(holder) OR leaseUntil < :now',
        ExpressionAttributeValues: {
          ':holder': holder,
          ':until': until,
          ':now': now,
          ':entity': ENTITY.renderLease,
          ':wish': wish ? 1 : 0,
          ...removalSet(removedAt),
        },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return { from: Number(Attributes?.touches ?? 0), until, removals: removalsOf(Attributes) };
  } catch (error) {
    if (isConditionFailed(error)) return undefined;
    throw error;
  }
}

/** Counts a wish on a held lease (and a removal for its holder to render); its number. */
export async function wishRender(document: string, removedAt?: string): Promise<number> {
  const { Attributes } = await documentClient().send(
    new UpdateCommand({
      TableName: tableName(),
      Key: keys.renderLease(document),
      UpdateExpression: `SET entity = :entity ADD touches :one${removedAt === undefined ? '' : ', removals :removals'}`,
      ExpressionAttributeValues: { ':entity': ENTITY.renderLease, ':one': 1, ...removalSet(removedAt) },
      ReturnValues: 'ALL_NEW',
    }),
  );
  return Number(Attributes?.touches ?? 0);
}

export async function readRenderLease(document: string): Promise<RenderLease | undefined> {
  const { Item } = await documentClient().send(
    new GetCommand({ TableName: tableName(), Key: keys.renderLease(document), ConsistentRead: true }),
  );
  return leaseOf(Item);
}

type Written = { from: number; removals: readonly string[] };

function writtenParts({ from, removals }: Written) {
  return {
    expression: `ADD renders :one${removals.length > 0 ? ' DELETE removals :consumed' : ''}`,
    values: { ':from': from, ':one': 1, ...(removals.length > 0 ? { ':consumed': new Set(removals) } : {}) },
  };
}

/**
 * After a written render: lets go, unless a wish came since it started (then false, and the
 * lease is still this holder's).
 */
export async function releaseRenderLease(document: string, holder: string, written: Written): Promise<boolean> {
  const parts = writtenParts(written);
  try {
    await documentClient().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: keys.renderLease(document),
        UpdateExpression: `SET rendered = :from REMOVE holder, leaseUntil ${parts.expression}`,
        ConditionExpression: 'holder = :holder AND touches = :from',
        ExpressionAttributeValues: { ...parts.values, ':holder': holder },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailed(error)) return false;
    throw error;
  }
}

/**
 * After a written render with wishes it did not see: keeps the lease for another render and
 * returns it, or, with `handOn`, lets go leaving the wishes to a waiting invocation. Undefined
 * when the lease is not this holder's any more (it expired and was taken).
 */
export async function renewRenderLease(
  document: string,
  holder: string,
  written: Written,
  { now, leaseMs, handOn }: { now: number; leaseMs: number; handOn: boolean },
): Promise<HeldLease | undefined> {
  const parts = writtenParts(written);
  const until = now + leaseMs;
  try {
    const { Attributes } = await documentClient().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: keys.renderLease(document),
        UpdateExpression: handOn
          ? `SET rendered = :from REMOVE holder, leaseUntil ${parts.expression}`
          : `SET rendered = :from, leaseUntil = :until ${parts.expression}`,
        ConditionExpression: 'holder = :holder',
        ExpressionAttributeValues: { ...parts.values, ':holder': holder, ...(handOn ? {} : { ':until': until }) },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return { from: Number(Attributes?.touches ?? 0), until, removals: removalsOf(Attributes) };
  } catch (error) {
    if (isConditionFailed(error)) return undefined;
    throw error;
  }
}

/** After a render that failed: lets go without counting it written, so the wishes stay open. */
export async function abandonRenderLease(document: string, holder: string): Promise<void> {
  try {
    await documentClient().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: keys.renderLease(document),
        UpdateExpression: 'REMOVE holder, leaseUntil',
        ConditionExpression: 'holder = :holder',
        ExpressionAttributeValues: { ':holder': holder },
      }),
    );
  } catch (error) {
    if (!isConditionFailed(error)) throw error;
  }
}
