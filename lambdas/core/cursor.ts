// List cursors are opaque to clients: the last entry's sort key, base64url-encoded.
import { badRequest } from './errors.ts';
import { ULID_CHARACTERS } from './ulid.ts';

const SORT_KEY = new RegExp(String.raw`^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{3})?Z#${ULID_CHARACTERS}$`);

export const encodeCursor = (sortKey: string) => Buffer.from(sortKey, 'utf8').toString('base64url');

/** The sort key a cursor names; a 400 for one this API did not hand out (`accepts` says which keys a list hands out). */
export function decodeCursor(cursor: string, accepts: (sortKey: string) => boolean = (key) => SORT_KEY.test(key)): string {
  const sortKey = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!accepts(sortKey)) throw badRequest('The cursor is not one this API handed out.', { cursor });
  return sortKey;
}
