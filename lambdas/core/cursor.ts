// List cursors are opaque to clients: the last entry's sort key, base64url-encoded.
import { badRequest } from './errors.ts';

const SORT_KEY = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{3})?Z#[0-9A-HJKMNP-TV-Z]{26}$/;

export const encodeCursor = (sortKey: string) => Buffer.from(sortKey, 'utf8').toString('base64url');

export function decodeCursor(cursor: string): string {
  const sortKey = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!SORT_KEY.test(sortKey)) throw badRequest('The cursor is not one this API handed out.', { cursor });
  return sortKey;
}
