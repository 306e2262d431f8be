// What the per-client limit counts as one client: an IPv4 address, or an IPv6 /64, since one
// subscriber line is given a whole /64 and could otherwise make every request look new.
import ipaddr from 'ipaddr.js';

export function clientNetwork(address: string): string {
  if (!ipaddr.isValid(address)) return address;
  const parsed = ipaddr.process(address);
  if (parsed.kind() === 'ipv4') return parsed.toString();
  const parts = (parsed as ipaddr.IPv6).parts.slice(0, 4);
  return `${parts.map((part) => part.toString(16)).join(':')}::/64`;
}

/**
 * Whether a POST to the subscribe form comes from a page of this site: browsers say so in
 * Sec-Fetch-Site and Origin. A request that sends neither (an old browser, a script) is let
 * through; the per-address limit still holds for it.
 */
export function isCrossSite(headers: { origin?: string; 'sec-fetch-site'?: string }, siteOrigin: string): boolean {
  const fetchSite = headers['sec-fetch-site'];
  if (fetchSite !== undefined) return fetchSite !== 'same-origin' && fetchSite !== 'none';
  const origin = headers.origin;
  return origin !== undefined && origin !== 'null' && origin !== siteOrigin;
}
