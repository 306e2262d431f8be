// Bearer-token authorisation. The token's hash is looked up in the table; the admin scope
// includes everything the press scope may do.
import type middy from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { ApiError } from '../core/errors.ts';
import { findToken, hashToken, type Scope, type TokenRecord } from '../adapters/token-repository.ts';
import type { HttpResult } from './response.ts';

export type AuthEvent = APIGatewayProxyEventV2 & { caller?: TokenRecord };

const grants: Record<Scope, ReadonlySet<Scope>> = {
  press: new Set(['press']),
  admin: new Set(['press', 'admin']),
};

export function bearerToken(event: APIGatewayProxyEventV2): string | undefined {
  const header = event.headers?.authorization;
  if (!header) return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match?.[1]) throw new ApiError(401, 'unauthorized', 'The Authorization header must be "Bearer <token>".');
  return match[1];
}

async function identify(event: AuthEvent): Promise<TokenRecord | undefined> {
  const token = bearerToken(event);
  if (token === undefined) return undefined;
  const record = await findToken(hashToken(token));
  if (!record) throw new ApiError(401, 'unauthorized', 'The token is not known.');
  return record;
}

/** The route needs a token with `scope`. */
export function requireScope(scope: Scope): middy.MiddlewareObj<APIGatewayProxyEventV2, HttpResult> {
  return {
    before: async (request) => {
      const event = request.event as AuthEvent;
      const caller = await identify(event);
      if (!caller) throw new ApiError(401, 'unauthorized', 'This route needs Authorization: Bearer <token>.');
      if (!grants[caller.scope].has(scope)) {
        throw new ApiError(403, 'forbidden', `This route needs the ${scope} scope; the token has ${caller.scope}.`);
      }
      event.caller = caller;
    },
  };
}

/** Public route that shows more to a known caller; an unknown token is still a 401. */
export function optionalAuth(): middy.MiddlewareObj<APIGatewayProxyEventV2, HttpResult> {
  return {
    before: async (request) => {
      const event = request.event as AuthEvent;
      event.caller = await identify(event);
    },
  };
}
