// Bearer-token authorisation for a route of the table: its scope decides what is needed.
// The token's hash is looked up in the table; which scope grants which is lambdas/core/scopes.ts.
import type middy from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { ApiError } from '../core/errors.ts';
import { grants } from '../core/scopes.ts';
import { findToken, recordTokenUse, TOKEN_USE_INTERVAL_MS, type TokenRecord } from '../adapters/token-repository.ts';
import { adapterSettings } from '../adapters/adapter-context.ts';
import { logger } from '../logger.ts';
import type { RouteSpec } from '../routes.ts';
import type { HttpResult } from './response.ts';

export type AuthEvent = APIGatewayProxyEventV2 & { caller?: TokenRecord };

export function bearerToken(event: APIGatewayProxyEventV2): string | undefined {
  const header = event.headers?.authorization;
  if (!header) return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match?.[1]) throw new ApiError(401, 'unauthorized', 'The Authorization header must be "Bearer <token>".');
  return match[1];
}

/** The last-use writes under way, per request, awaited once the handler is done. */
const pendingUse = new WeakMap<object, Promise<void>>();
/** When this process last recorded each token's use (per table): one conditional write per minute and process at most. */
const recordedAt = new Map<string, number>();

async function identify(event: AuthEvent): Promise<TokenRecord | undefined> {
  const token = bearerToken(event);
  if (token === undefined) return undefined;
  const record = await findToken(token);
  if (!record) throw new ApiError(401, 'unauthorized', 'The token is not known.');
  noteUse(event, record);
  return record;
}

/**
 * Records the token's use without holding the request up: the write runs alongside the
 * handler and is awaited after it (in Lambda nothing may be left running once the response
 * is out). A failure is logged, never the request's failure.
 */
function noteUse(event: AuthEvent, record: TokenRecord): void {
  const now = Date.now();
  const memo = `${adapterSettings().tableName}/${record.tokenHash}`;
  const stored = record.lastUsedAt ? Date.parse(record.lastUsedAt) : 0;
  const last = Math.max(stored, recordedAt.get(memo) ?? 0);
  if (now - last < TOKEN_USE_INTERVAL_MS) return;
  recordedAt.set(memo, now);
  pendingUse.set(
    event,
    recordTokenUse(record, new Date(now)).then(
      () => undefined,
      (error: unknown) => {
        recordedAt.delete(memo);
        logger.warn('could not record the token\'s last use', { tokenHash: record.tokenHash.slice(0, 12), error: error as Error });
      },
    ),
  );
}

const awaitUse = async (request: middy.Request<APIGatewayProxyEventV2, HttpResult>) => {
  await pendingUse.get(request.event);
};

/**
 * A token that is sent must be valid on every route (401 otherwise); a route with a scope
 * needs one that grants it (401 without a token, 403 with too small a scope).
 */
export function authenticate(route: Pick<RouteSpec, 'scope'>): middy.MiddlewareObj<APIGatewayProxyEventV2, HttpResult> {
  const { scope } = route;
  return {
    before: async (request) => {
      const event = request.event as AuthEvent;
      const caller = await identify(event);
      if (scope !== 'public') {
        if (!caller) throw new ApiError(401, 'unauthorized', 'This route needs Authorization: Bearer <token>.');
        if (!grants[caller.scope].has(scope)) {
          throw new ApiError(403, 'forbidden', `This route needs the ${scope} scope; the token has ${caller.scope}.`);
        }
      }
      if (caller) event.caller = caller;
    },
    after: awaitUse,
    // A refused request (403, or any error) must not leave the write running after its answer either.
    onError: awaitUse,
  };
}
