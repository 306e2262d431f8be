// From a partner's subscription request to an SNS filter policy, and which endpoints
// Pressroom agrees to deliver to.
import { isIP } from 'node:net';
import { ApiError } from './errors.ts';
import type { SubscriptionInput } from './subscription-schema.ts';

export type FilterPolicy = Record<string, string[]>;

/** SNS allows at most 150 combinations of values across a policy's keys. */
const MAX_COMBINATIONS = 150;

/**
 * Values sorted and keys in one order: SNS compares a repeated subscription's attributes as
 * text, so the same filter must always be the same JSON.
 */
export function filterPolicyOf(input: SubscriptionInput): FilterPolicy {
  const policy: FilterPolicy = {};
  const sorted = (values: readonly string[]) => [...values].sort();
  if (input.countries) policy.countries = sorted(input.countries);
  if (input.officials) policy.officials = sorted(input.officials);
  if (input.types) policy.type = sorted(input.types);
  if (input.languages) policy.language = sorted(input.languages);
  const combinations = Object.values(policy).reduce((product, values) => product * values.length, 1);
  if (combinations > MAX_COMBINATIONS) {
    throw new ApiError(400, 'validation_failed', 'The subscription is not valid.', [
      { path: '', message: `the lists allow ${combinations} combinations of values; SNS allows at most ${MAX_COMBINATIONS}` },
    ]);
  }
  return policy;
}

/**
 * 'deployed': https only, and never to private, loopback or link-local addresses (SNS would
 * otherwise be a way into networks the partner does not own). 'local': the one-machine
 * runtime, where plain http to loopback is how a developer's receiver listens.
 */
export type EndpointPolicy = 'deployed' | 'local';

export function endpointProblem(endpoint: string, addresses: readonly string[], policy: EndpointPolicy): string | undefined {
  const url = new URL(endpoint);
  if (url.username || url.password) return 'must not contain credentials';
  const allLoopback = addresses.length > 0 && addresses.every(isLoopback);
  if (policy === 'local' && allLoopback) return undefined;
  if (url.protocol !== 'https:') return policy === 'local' ? 'must be https, or http to a loopback address' : 'must use https';
  if (addresses.length === 0) return 'does not resolve to any address';
  const blocked = addresses.find((address) => !isPublicAddress(address));
  if (blocked) return `resolves to ${blocked}, which is not a public address`;
  return undefined;
}

export function isLoopback(address: string): boolean {
  const v4 = ipv4Of(address);
  if (v4) return v4[0] === 127;
  return address === '::1';
}

/** Public unicast only: no private, loopback, link-local, CGNAT, multicast or reserved ranges. */
export function isPublicAddress(address: string): boolean {
  const v4 = ipv4Of(address);
  if (v4) {
    const [a, b] = v4 as [number, number, number, number];
    return !(
      a === 0 ||
      a === 10 ||
      a === 127 ||
      (a === 100 && b >= 64 && b <= 127) ||
      (a === 169 && b === 254) ||
      (a === 172 && b >= 16 && b <= 31) ||
      (a === 192 && b === 168) ||
      (a === 192 && b === 0) ||
      (a === 198 && (b === 18 || b === 19)) ||
      a >= 224
    );
  }
  if (isIP(address) !== 6) return false;
  const lower = address.toLowerCase();
  if (lower === '::' || lower === '::1') return false;
  // fc00::/7 unique local, fe80::/10 link-local, ff00::/8 multicast
  if (/^f[cd]/.test(lower) || /^fe[89ab]/.test(lower) || lower.startsWith('ff')) return false;
  return true;
}

function ipv4Of(address: string): number[] | undefined {
  // IPv4-mapped IPv6 (::ffff:10.0.0.1) is the IPv4 address in disguise.
  const plain = address.toLowerCase().startsWith('::ffff:') ? address.slice(7) : address;
  return isIP(plain) === 4 ? plain.split('.').map(Number) : undefined;
}

/** The same filter, whatever order its keys were stored in. */
export function sameFilterPolicy(a: FilterPolicy, b: FilterPolicy): boolean {
  const canonical = (policy: FilterPolicy) =>
    JSON.stringify(Object.keys(policy).sort().map((key) => [key, [...(policy[key] ?? [])].sort()]));
  return canonical(a) === canonical(b);
}
