// Who may do what: a token carries one scope; a route needs one, or none ('public').
// Pure data, so the route table, the auth middleware, the token tools and the CDK app share it.

/** Scopes a token can carry. */
export const SCOPES = ['press', 'admin', 'partner'] as const;
export type TokenScope = (typeof SCOPES)[number];

/**
 * The scopes an operator hands out (`npm run token`, the local runtime's tokens). A partner
 * token is bound to one subscription, so only creating that subscription makes one.
 */
export const OPERATOR_SCOPES = ['press', 'admin'] as const satisfies readonly TokenScope[];
export type OperatorScope = (typeof OPERATOR_SCOPES)[number];

export const isScope = (value: unknown): value is TokenScope => SCOPES.includes(value as TokenScope);
export const isOperatorScope = (value: unknown): value is OperatorScope => OPERATOR_SCOPES.includes(value as OperatorScope);

/** What a route needs: nothing, or a token whose scope grants this one. */
export type RouteScope = 'public' | TokenScope;

/**
 * The scopes each token scope grants: admin may do everything press and partners may; a
 * partner token reads what its own subscription may see (the handlers narrow it to that).
 */
export const grants: Readonly<Record<TokenScope, ReadonlySet<TokenScope>>> = {
  press: new Set(['press']),
  admin: new Set(['press', 'admin', 'partner']),
  partner: new Set(['partner']),
};
