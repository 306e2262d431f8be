import { describe, expect, test } from 'vitest';
import { clientNetwork, isCrossSite } from '../../../../lambdas/core/alerts/client-network.ts';

describe('who counts as one client of the form', () => {
  test('an IPv4 address as itself, an IPv6 address by its /64, an IPv4-mapped one as IPv4', () => {
    expect(clientNetwork('203.0.113.7')).toBe('203.0.113.7');
    expect(clientNetwork('2001:db8:1:2:aaaa::1')).toBe(clientNetwork('2001:db8:1:2:ffff:ffff:ffff:ffff'));
    expect(clientNetwork('2001:db8:1:2::1')).not.toBe(clientNetwork('2001:db8:1:3::1'));
    expect(clientNetwork('::ffff:203.0.113.7')).toBe('203.0.113.7');
  });

  test('a POST from another site is cross-site; one from the site itself, or one that says nothing, is not', () => {
    const site = 'https://press.example.org';
    expect(isCrossSite({ 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' }, site)).toBe(true);
    expect(isCrossSite({ 'sec-fetch-site': 'same-site' }, site)).toBe(true);
    expect(isCrossSite({ 'sec-fetch-site': 'same-origin', origin: site }, site)).toBe(false);
    expect(isCrossSite({ origin: 'https://evil.example' }, site)).toBe(true);
    expect(isCrossSite({ origin: site }, site)).toBe(false);
    expect(isCrossSite({}, site)).toBe(false);
  });
});
