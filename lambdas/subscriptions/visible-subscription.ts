// The subscription a request's path names, as its caller may see it.
import { notFound } from '../core/errors.ts';
import { isId } from '../core/route-schemas.ts';
import { getSubscription } from '../adapters/subscription-repository.ts';
import type { TokenRecord } from '../adapters/token-repository.ts';

/**
 * The subscription a path names, as the caller may see it: a partner token sees only its own
 * (another one is not found, as if it did not exist).
 */
export async function subscriptionOfPath(event: { pathParameters?: Record<string, string | undefined>; caller: TokenRecord }) {
  const id = event.pathParameters?.id ?? '';
  const visible = event.caller.scope !== 'partner' || event.caller.subscriptionId === id;
  const record = visible && isId(id) ? await getSubscription(id) : undefined;
  if (!record) throw notFound(`No subscription ${id}.`);
  return record;
}

