import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';

/** Every address a URL's host resolves to now (empty when it does not resolve). */
export async function resolveHost(endpoint: string): Promise<string[]> {
  const host = new URL(endpoint).hostname.replace(/^\[|\]$/g, '');
  if (isIP(host)) return [host];
  try {
    return (await lookup(host, { all: true, verbatim: true })).map((entry) => entry.address);
  } catch {
    return [];
  }
}
