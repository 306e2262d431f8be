// Who may do what: a token carries one scope; a route needs one, or none ('public').
// Pure data, so the route table, the auth middleware, the token tools and the CDK app share it.

/** Scopes a token can carry. A later 'partner' scope is one more entry here and in `grants`. */
export const SCOPES = ['press', 'admin'] as const;
export type TokenScope = (typeof SCOPES)[number];

export const isScope = (value: unknown): value is TokenScope => SCOPES.includes(value as TokenScope);

/** What a route needs: nothing, or a token whose scope grants this one. */
export type RouteScope = 'public' | TokenScope;

/** The scopes each token scope grants: admin may do everything press may. */
export const grants: Readonly<Record<TokenScope, ReadonlySet<TokenScope>>> = {
  press: new Set(['press']),
  admin: new Set(['press', 'admin']),
};
