import { createHash } from 'node:crypto';

/** Hex SHA-256 of text (UTF-8) or bytes: token hashes, idempotency keys, request and file fingerprints. */
export function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}
