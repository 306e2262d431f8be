// From a partner's subscription request to an SNS filter policy, and which endpoints
// Pressroom agrees to deliver to.
import ipaddr from 'ipaddr.js';
import { ApiError } from './errors.ts';
import type { SubscriptionInput } from './subscription-schema.ts';
import type { Audience, MessageAttribute } from './release-event.ts';
import { sha256 } from './sha256.ts';

export type FilterPolicy = Record<string, string[]>;

/** SNS allows at most 150 combinations of values across a policy's keys. */
const MAX_COMBINATIONS = 150;

/**
 * Values sorted and keys in one order: SNS compares a repeated subscription's attributes as
 * text, so the same filter must always be the same JSON.
 */
export function filterPolicyOf(input: Omit<SubscriptionInput, 'embargo'> & { embargo?: boolean }): FilterPolicy {
  const policy: FilterPolicy = {};
  const sorted = (values: readonly string[]) => [...values].sort();
  if (input.countries) policy.countries = sorted(input.countries);
  if (input.officials) policy.officials = sorted(input.officials);
  if (input.types) policy.type = sorted(input.types);
  if (input.languages) policy.language = sorted(input.languages);
  // Always present: a policy without the key would match every audience, embargoed included.
  // It also takes the redeliveries addressed to this endpoint, and no others.
  const audiences: string[] = [...(input.embargo ? (['embargoed', 'public'] satisfies Audience[]) : (['public'] satisfies Audience[])), redeliveryAudience(input.endpoint)];
  policy.audience = sorted(audiences);
  const combinations = Object.values(policy).reduce((product, values) => product * values.length, 1);
  if (combinations > MAX_COMBINATIONS) {
    throw new ApiError(400, 'validation_failed', 'The subscription is not valid.', [
      {
        path: '',
        message: `the lists allow ${combinations} combinations of values (counting the ${audiences.length} audiences Pressroom adds); SNS allows at most ${MAX_COMBINATIONS}`,
      },
    ]);
  }
  return policy;
}

/**
 * The `audience` a redelivery carries: it names the one subscription meant, by its endpoint
 * (SNS holds one subscription per endpoint), so a subscription's filter depends only on the
 * endpoint and the lists and a repeated Subscribe is the same subscription. It costs no filter
 * key of its own: SNS allows five, and the partner's four lists and `audience` use them.
 */
export const redeliveryAudience = (endpoint: string) => `partner:${sha256(endpoint).slice(0, 32)}`;

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

/**
 * An address as ipaddr.js reads it, IPv4-mapped IPv6 (::ffff:a9fe:a9fe) turned into the IPv4
 * it carries. IPv6 text is first written the way the WHATWG URL parser writes it (the form a
 * URL's host arrives in), because ipaddr.js reads the dotted form `::127.0.0.1` as mapped while
 * the URL parser makes it the IPv4-compatible `::7f00:1`.
 */
function parseAddress(address: string): ipaddr.IPv4 | ipaddr.IPv6 | undefined {
  const bare = address.replace(/^\[|\]$/g, '');
  if (!ipaddr.isValid(bare)) return undefined;
  const text = bare.includes(':') ? new URL(`http://[${bare}]/`).hostname.slice(1, -1) : bare;
  const parsed = ipaddr.parse(text);
  return parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()
    ? (parsed as ipaddr.IPv6).toIPv4Address()
    : parsed;
}

// ::/96, the deprecated IPv4-compatible form: ipaddr.js calls it unicast, but what it reaches
// depends on the network's handling of a long-abandoned transition scheme.
const isIpv4Compatible = (address: ipaddr.IPv4 | ipaddr.IPv6) =>
  address.kind() === 'ipv6' && (address as ipaddr.IPv6).parts.slice(0, 6).every((part) => part === 0);

/** 127.0.0.0/8 and ::1 only: IPv4-compatible forms such as ::127.0.0.1 do not reach this machine. */
export function isLoopback(address: string): boolean {
  const parsed = parseAddress(address);
  if (!parsed || parsed.range() !== 'loopback') return false;
  return parsed.kind() === 'ipv4' || parsed.toNormalizedString() === '0:0:0:0:0:0:0:1';
}

/**
 * Public unicast only, as ipaddr.js classifies it: everything private, loopback,
 * link-local, CGNAT, multicast, reserved or deprecated (site-local) is refused, and so are
 * the forms that embed an IPv4 address (NAT64, 6to4, Teredo), whose target cannot be told
 * from the outside.
 */
export function isPublicAddress(address: string): boolean {
  const parsed = parseAddress(address);
  return parsed !== undefined && parsed.range() === 'unicast' && !isIpv4Compatible(parsed);
}

/** The same filter, whatever order its keys were stored in. */
export function sameFilterPolicy(a: FilterPolicy, b: FilterPolicy): boolean {
  const canonical = (policy: FilterPolicy) =>
    JSON.stringify(Object.keys(policy).sort().map((key) => [key, [...(policy[key] ?? [])].sort()]));
  return canonical(a) === canonical(b);
}

/**
 * Whether a message with these attributes reaches a subscription with this filter, as SNS
 * decides it for the policies filterPolicyOf makes: every key must match; a key matches when
 * the attribute (or, for a String.Array, one of its values) is one of the key's values.
 */
export function matchesFilter(filter: FilterPolicy, attributes: Readonly<Record<string, MessageAttribute>>): boolean {
  return Object.entries(filter).every(([key, accepted]) => {
    const attribute = attributes[key];
    if (!attribute) return false;
    const values: unknown[] = attribute.DataType === 'String.Array' ? (JSON.parse(attribute.StringValue) as unknown[]) : [attribute.StringValue];
    return values.some((value) => typeof value === 'string' && accepted.includes(value));
  });
}
