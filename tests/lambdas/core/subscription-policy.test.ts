import { describe, expect, test } from 'vitest';
import {
  endpointProblem,
  filterPolicyOf,
  isLoopback,
  isPublicAddress,
  matchesFilter,
  redeliveryAudience,
  sameFilterPolicy,
} from '../../../lambdas/core/subscription-policy.ts';
import { ApiError } from '../../../lambdas/core/errors.ts';

describe('filterPolicyOf', () => {
  test('each list becomes the key of the message attribute it matches', () => {
    expect(filterPolicyOf({ endpoint: 'https://p.example/hook', countries: ['KZ'], types: ['release.retracted'], languages: ['az'], officials: ['ilham-aliyev'] })).toEqual({
      countries: ['KZ'],
      officials: ['ilham-aliyev'],
      type: ['release.retracted'],
      language: ['az'],
      audience: [redeliveryAudience('https://p.example/hook'), 'public'],
    });
  });

  test('every policy names its audiences: only an embargo subscription matches embargo events', () => {
    const own = redeliveryAudience('https://p.example/hook');
    expect(filterPolicyOf({ endpoint: 'https://p.example/hook' }).audience).toEqual([own, 'public']);
    expect(filterPolicyOf({ endpoint: 'https://p.example/hook', embargo: false }).audience).toEqual([own, 'public']);
    expect(filterPolicyOf({ endpoint: 'https://p.example/hook', embargo: true }).audience).toEqual(['embargoed', own, 'public']);
  });

  test('the same filter is the same JSON whatever order its values came in (SNS compares the text)', () => {
    const a = filterPolicyOf({ endpoint: 'https://p.example/hook', countries: ['KZ', 'AZ'], languages: ['ru', 'en'] });
    const b = filterPolicyOf({ endpoint: 'https://p.example/hook', languages: ['en', 'ru'], countries: ['AZ', 'KZ'] });
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(a.countries).toEqual(['AZ', 'KZ']);
  });

  test('sameFilterPolicy ignores order and tells filters apart', () => {
    expect(sameFilterPolicy({ countries: ['KZ', 'AZ'], type: ['x'] }, { type: ['x'], countries: ['AZ', 'KZ'] })).toBe(true);
    expect(sameFilterPolicy({ countries: ['KZ'] }, { countries: ['TR'] })).toBe(false);
    expect(sameFilterPolicy({}, { countries: ['KZ'] })).toBe(false);
  });

  test('no lists: everything public', () => {
    expect(filterPolicyOf({ endpoint: 'https://p.example/hook' })).toEqual({ audience: [redeliveryAudience('https://p.example/hook'), 'public'] });
  });

  test('more than 150 combinations is refused, as SNS would, counting the audiences Pressroom adds', () => {
    const many = (n: number) => Array.from({ length: n }, (_, i) => `o${i}`);
    // Two audiences (public, this partner's redeliveries): half of SNS's 150 for the lists.
    expect(() => filterPolicyOf({ endpoint: 'https://p.example', officials: many(15), languages: many(5) })).not.toThrow();
    expect(() => filterPolicyOf({ endpoint: 'https://p.example', officials: many(16), languages: many(5) })).toThrow(ApiError);
    // Embargo access is a third.
    expect(() => filterPolicyOf({ endpoint: 'https://p.example', officials: many(10), languages: many(5), embargo: true })).not.toThrow();
    expect(() => filterPolicyOf({ endpoint: 'https://p.example', officials: many(11), languages: many(5), embargo: true })).toThrow(ApiError);
  });
});

describe('redeliveryAudience', () => {
  test('names one endpoint, the same every time, so a repeated Subscribe has the same policy', () => {
    expect(redeliveryAudience('https://p.example/hook')).toBe(redeliveryAudience('https://p.example/hook'));
    expect(redeliveryAudience('https://p.example/hook')).not.toBe(redeliveryAudience('https://q.example/hook'));
    expect(redeliveryAudience('https://p.example/hook')).toMatch(/^partner:[0-9a-f]{32}$/);
  });
});

describe('matchesFilter (the filter as SNS applies it, for the event log)', () => {
  const attributes = {
    type: { DataType: 'String', StringValue: 'release.published' },
    audience: { DataType: 'String', StringValue: 'public' },
    countries: { DataType: 'String.Array', StringValue: '["AZ","KZ"]' },
  } as const;

  test('every key must match; an array attribute matches by any of its values', () => {
    expect(matchesFilter({ countries: ['KZ'], audience: ['public'] }, attributes)).toBe(true);
    expect(matchesFilter({ countries: ['TR'], audience: ['public'] }, attributes)).toBe(false);
    expect(matchesFilter({ countries: ['KZ'], audience: ['embargoed'] }, attributes)).toBe(false);
  });

  test('a key whose attribute the message lacks does not match (a release without officials)', () => {
    expect(matchesFilter({ officials: ['ilham-aliyev'], audience: ['public'] }, attributes)).toBe(false);
  });
});

describe('endpointProblem (SSRF rules)', () => {
  test.each([
    ['https to a public address', 'https://partner.example/hook', ['93.184.216.34'], 'deployed', undefined],
    ['plain http', 'http://partner.example/hook', ['93.184.216.34'], 'deployed', 'must use https'],
    ['a private address', 'https://partner.example/hook', ['10.1.2.3'], 'deployed', 'resolves to 10.1.2.3, which is not a public address'],
    ['a name resolving to public and private', 'https://partner.example/hook', ['93.184.216.34', '192.168.1.1'], 'deployed', 'resolves to 192.168.1.1, which is not a public address'],
    ['loopback', 'https://127.0.0.1/hook', ['127.0.0.1'], 'deployed', 'resolves to 127.0.0.1, which is not a public address'],
    ['link-local (instance metadata)', 'https://169.254.169.254/latest', ['169.254.169.254'], 'deployed', 'resolves to 169.254.169.254, which is not a public address'],
    ['IPv6 loopback', 'https://[::1]/hook', ['::1'], 'deployed', 'resolves to ::1, which is not a public address'],
    ['an IPv4-mapped literal as the URL parser writes it', 'https://[::ffff:169.254.169.254]/', ['::ffff:a9fe:a9fe'], 'deployed', 'resolves to ::ffff:a9fe:a9fe, which is not a public address'],
    ['IPv4-mapped private', 'https://x.example/hook', ['::ffff:10.0.0.1'], 'deployed', 'resolves to ::ffff:10.0.0.1, which is not a public address'],
    ['a name that does not resolve', 'https://nowhere.invalid/hook', [], 'deployed', 'does not resolve to any address'],
    ['credentials', 'https://u:p@partner.example/hook', ['93.184.216.34'], 'deployed', 'must not contain credentials'],
    ['local: http to loopback', 'http://127.0.0.1:4000/', ['127.0.0.1'], 'local', undefined],
    ['local: http elsewhere', 'http://partner.example/', ['93.184.216.34'], 'local', 'must be https, or http to a loopback address'],
  ] as const)('%s', (_name, endpoint, addresses, policy, expected) => {
    expect(endpointProblem(endpoint, addresses, policy)).toBe(expected);
  });

  test.each(['100.64.0.1', '172.16.5.4', '172.31.255.255', '192.0.0.8', '198.18.0.1', '224.0.0.1', '0.0.0.0', 'fd00::1', 'fe80::1', 'ff02::1',
    '::ffff:a9fe:a9fe', '::ffff:10.0.0.1', '::ffff:127.0.0.1', '64:ff9b::a9fe:a9fe', '2002:a9fe:a9fe::', '::127.0.0.1', '::7f00:1', '::a9fe:a9fe', 'fec0::1',
    '2001:db8::1', '255.255.255.255', 'not an address'])(
    '%s is not public',
    (address) => expect(isPublicAddress(address)).toBe(false),
  );

  test.each(['8.8.8.8', '172.32.0.1', '2001:4860:4860::8888', '::ffff:8.8.8.8', '[2001:4860:4860::8888]'])('%s is public', (address) => expect(isPublicAddress(address)).toBe(true));
});

describe('isLoopback', () => {
  test.each(['127.0.0.1', '127.1.2.3', '::1', '::ffff:127.0.0.1', '[::1]'])('%s is loopback', (a) => expect(isLoopback(a)).toBe(true));
  test.each(['::127.0.0.1', '10.0.0.1', '::', 'localhost'])('%s is not', (a) => expect(isLoopback(a)).toBe(false));
});
