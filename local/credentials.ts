// The credentials the local engines take orders with. The repository's old fixed pair was
// public, so checking it proved nothing: each data folder gets its own pair at its first
// start (kept in <data>/credentials.json, readable by its owner only), and a runtime in memory
// gets a fresh pair. The access key id also names DynamoDB Local's database file, so a client
// with any other key sees an empty database.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LocalCredentials } from '../lambdas/adapters/settings.ts';

export const CREDENTIALS_FILE = 'credentials.json';

/** DynamoDB Local accepts access key ids of letters and digits only. */
export function newLocalCredentials(): LocalCredentials {
  return {
    accessKeyId: `LOCAL${randomBytes(10).toString('hex').toUpperCase()}`,
    secretAccessKey: randomBytes(30).toString('base64url'),
  };
}

/** The data folder's pair, made and stored at its first start; a fresh pair without a folder. */
export function localCredentials(dataDir?: string): LocalCredentials {
  if (!dataDir) return newLocalCredentials();
  const file = join(dataDir, CREDENTIALS_FILE);
  if (existsSync(file)) {
    const stored = JSON.parse(readFileSync(file, 'utf8')) as Partial<LocalCredentials>;
    if (typeof stored.accessKeyId !== 'string' || typeof stored.secretAccessKey !== 'string') {
      throw new Error(`${file} does not hold accessKeyId and secretAccessKey`);
    }
    return { accessKeyId: stored.accessKeyId, secretAccessKey: stored.secretAccessKey };
  }
  const created = newLocalCredentials();
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(file, `${JSON.stringify(created, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
  return created;
}

export const ALERT_KEY_FILE = 'alert-key';

/**
 * The key that signs alert links and hashes subscribers' addresses: the data folder's own, made
 * at its first start (links in mail already sent must keep working after a restart), or a fresh
 * one without a folder.
 */
export function localAlertKey(dataDir?: string): Buffer {
  if (!dataDir) return randomBytes(32);
  const file = join(dataDir, ALERT_KEY_FILE);
  if (existsSync(file)) return Buffer.from(readFileSync(file, 'utf8').trim(), 'base64url');
  const key = randomBytes(32);
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(file, `${key.toString('base64url')}\n`, { mode: 0o600, flag: 'wx' });
  return key;
}
