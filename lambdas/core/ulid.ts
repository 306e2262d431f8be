// Release and subscription ids are ULIDs: 26 characters of Crockford's base32 (no I, L, O, U).
// One pattern, so the handlers' path checks, the list cursor and the OpenAPI document agree.

/** The 26 characters of a ULID, unanchored, for composing into larger patterns. */
export const ULID_CHARACTERS = '[0-9A-HJKMNP-TV-Z]{26}';

export const ULID_PATTERN = new RegExp(`^${ULID_CHARACTERS}$`);

export const isUlid = (id: string) => ULID_PATTERN.test(id);
