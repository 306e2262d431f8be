// Filter policies against the examples of AWS's "Amazon SNS message filtering" pages
// (string, numeric, key matching, AND/OR logic, example policies, policy constraints).
import { describe, expect, test } from 'vitest';
import { FilterPolicyError, matchesFilterPolicy, parseFilterPolicy } from '../../../local/sns/filter-policy.ts';
import type { MessageAttributes } from '../../../local/sns/message-attributes.ts';

/** Attributes written the way AWS's docs write them: {"name": {"Type": "...", "Value": ...}}. */
type DocAttributes = Record<string, { Type: string; Value: string | number }>;

function attributes(doc: DocAttributes): MessageAttributes {
  return Object.fromEntries(
    Object.entries(doc).map(([name, { Type, Value }]) => [name, { DataType: Type, StringValue: String(Value) }]),
  );
}

function matches(policy: object, doc: DocAttributes): boolean {
  return matchesFilterPolicy(parseFilterPolicy(JSON.stringify(policy)), { attributes: attributes(doc) });
}

function refusal(policy: string): string {
  try {
    parseFilterPolicy(policy);
  } catch (error) {
    expect(error).toBeInstanceOf(FilterPolicyError);
    return (error as Error).message;
  }
  throw new Error(`policy was accepted: ${policy}`);
}

describe('string value matching', () => {
  test('exact matching, String and String.Array', () => {
    const policy = { customer_interests: ['rugby', 'tennis'] };
    expect(matches(policy, { customer_interests: { Type: 'String', Value: 'rugby' } })).toBe(true);
    expect(matches(policy, { customer_interests: { Type: 'String', Value: 'tennis' } })).toBe(true);
    expect(matches(policy, { customer_interests: { Type: 'String.Array', Value: '["rugby", "tennis"]' } })).toBe(true);
    expect(matches(policy, { customer_interests: { Type: 'String', Value: 'baseball' } })).toBe(false);
    expect(matches(policy, { customer_interests: { Type: 'String.Array', Value: '["baseball"]' } })).toBe(false);
  });

  test('string comparison is case-sensitive', () => {
    expect(matches({ customer_interests: ['rugby'] }, { customer_interests: { Type: 'String', Value: 'Rugby' } })).toBe(false);
  });

  test('anything-but with a list of values', () => {
    const policy = { customer_interests: [{ 'anything-but': ['rugby', 'tennis'] }] };
    expect(matches(policy, { customer_interests: { Type: 'String', Value: 'baseball' } })).toBe(true);
    expect(matches(policy, { customer_interests: { Type: 'String', Value: 'football' } })).toBe(true);
    // "because it contains a value that isn't rugby or tennis"
    expect(matches(policy, { customer_interests: { Type: 'String.Array', Value: '["rugby", "baseball"]' } })).toBe(true);
    expect(matches(policy, { customer_interests: { Type: 'String', Value: 'rugby' } })).toBe(false);
  });

  test('anything-but with a single value (example filter policies)', () => {
    const policy = { event: [{ 'anything-but': 'order_cancelled' }] };
    expect(matches(policy, { event: { Type: 'String', Value: 'order_placed' } })).toBe(true);
    expect(matches(policy, { event: { Type: 'String', Value: 'order_cancelled' } })).toBe(false);
  });

  test('anything-but with a prefix', () => {
    const policy = { event: [{ 'anything-but': { prefix: 'order-' } }] };
    expect(matches(policy, { event: { Type: 'String', Value: 'data-entry' } })).toBe(true);
    expect(matches(policy, { event: { Type: 'String', Value: 'order_number' } })).toBe(true);
    expect(matches(policy, { event: { Type: 'String', Value: 'order-cancelled' } })).toBe(false);
  });

  test('anything-but with a suffix', () => {
    const policy = { customer_interests: [{ 'anything-but': { suffix: 'ball' } }] };
    expect(matches(policy, { customer_interests: { Type: 'String', Value: 'rugby' } })).toBe(true);
    expect(matches(policy, { customer_interests: { Type: 'String', Value: 'baseball' } })).toBe(false);
  });

  test('anything-but does not match a missing attribute', () => {
    const policy = { event: [{ 'anything-but': 'order_cancelled' }] };
    expect(matches(policy, { other: { Type: 'String', Value: 'x' } })).toBe(false);
  });

  test('prefix matching', () => {
    const policy = { customer_interests: [{ prefix: 'bas' }] };
    expect(matches(policy, { customer_interests: { Type: 'String', Value: 'baseball' } })).toBe(true);
    expect(matches(policy, { customer_interests: { Type: 'String', Value: 'basketball' } })).toBe(true);
    expect(matches(policy, { customer_interests: { Type: 'String', Value: 'rugby' } })).toBe(false);
  });

  test('suffix matching', () => {
    const policy = { customer_interests: [{ suffix: 'ball' }] };
    expect(matches(policy, { customer_interests: { Type: 'String', Value: 'baseball' } })).toBe(true);
    expect(matches(policy, { customer_interests: { Type: 'String', Value: 'basketball' } })).toBe(true);
    expect(matches(policy, { customer_interests: { Type: 'String', Value: 'rugby' } })).toBe(false);
  });

  test('equals-ignore-case matching', () => {
    const policy = { customer_interests: [{ 'equals-ignore-case': 'tennis' }] };
    expect(matches(policy, { customer_interests: { Type: 'String', Value: 'TENNIS' } })).toBe(true);
    expect(matches(policy, { customer_interests: { Type: 'String', Value: 'Tennis' } })).toBe(true);
    expect(matches(policy, { customer_interests: { Type: 'String', Value: 'Baseball' } })).toBe(false);
  });

  test('IP address matching with cidr', () => {
    const policy = { source_ip: [{ cidr: '10.0.0.0/24' }] };
    expect(matches(policy, { source_ip: { Type: 'String', Value: '10.0.0.0' } })).toBe(true);
    expect(matches(policy, { source_ip: { Type: 'String', Value: '10.0.0.255' } })).toBe(true);
    expect(matches(policy, { source_ip: { Type: 'String', Value: '10.1.1.0' } })).toBe(false);
  });
});

describe('numeric value matching', () => {
  test('exact matching', () => {
    const policy = { price_usd: [{ numeric: ['=', 301.5] }] };
    expect(matches(policy, { price_usd: { Type: 'Number', Value: 301.5 } })).toBe(true);
    expect(matches(policy, { price_usd: { Type: 'Number', Value: '3.015e2' } })).toBe(true);
    expect(matches(policy, { price_usd: { Type: 'Number', Value: 301.6 } })).toBe(false);
  });

  test('anything-but with numbers', () => {
    const policy = { price: [{ 'anything-but': [100, 500] }] };
    expect(matches(policy, { price: { Type: 'Number', Value: 101 } })).toBe(true);
    expect(matches(policy, { price: { Type: 'Number', Value: 100.1 } })).toBe(true);
    expect(matches(policy, { price: { Type: 'Number', Value: 100 } })).toBe(false);
  });

  test('value ranges', () => {
    const negative = { price_usd: [{ numeric: ['<', 0] }] };
    expect(matches(negative, { price_usd: { Type: 'Number', Value: -1 } })).toBe(true);
    expect(matches(negative, { price_usd: { Type: 'Number', Value: 0 } })).toBe(false);

    const upTo150 = { price_usd: [{ numeric: ['>', 0, '<=', 150] }] };
    expect(matches(upTo150, { price_usd: { Type: 'Number', Value: 150 } })).toBe(true);
    expect(matches(upTo150, { price_usd: { Type: 'Number', Value: 0.5 } })).toBe(true);
    expect(matches(upTo150, { price_usd: { Type: 'Number', Value: 0 } })).toBe(false);
    expect(matches(upTo150, { price_usd: { Type: 'Number', Value: 150.1 } })).toBe(false);
  });

  test('numbers compare to five decimal places', () => {
    expect(matches({ x: [{ numeric: ['=', 0.3] }] }, { x: { Type: 'Number', Value: String(0.1 + 0.2) } })).toBe(true);
  });

  test('numeric conditions do not match string attributes', () => {
    expect(matches({ price_usd: [{ numeric: ['>', 0] }] }, { price_usd: { Type: 'String', Value: '10' } })).toBe(false);
  });
});

describe('key matching', () => {
  const withStore = {
    store: { Type: 'String', Value: 'fans' },
    customer_interests: { Type: 'String.Array', Value: '["baseball", "basketball"]' },
  };
  const withoutStore = { customer_interests: { Type: 'String.Array', Value: '["baseball", "basketball"]' } };

  test('exists: true', () => {
    expect(matches({ store: [{ exists: true }] }, withStore)).toBe(true);
    expect(matches({ store: [{ exists: true }] }, withoutStore)).toBe(false);
  });

  test('exists: false', () => {
    expect(matches({ store: [{ exists: false }] }, withStore)).toBe(false);
    expect(matches({ store: [{ exists: false }] }, withoutStore)).toBe(true);
  });

  test('exists: false needs at least one attribute on the message', () => {
    expect(matchesFilterPolicy(parseFilterPolicy('{"store":[{"exists":false}]}'), { attributes: {} })).toBe(false);
  });
});

describe('AND/OR logic', () => {
  test('AND across keys', () => {
    const policy = { customer_interests: ['rugby'], price_usd: [{ numeric: ['>', 100] }] };
    expect(matches(policy, { customer_interests: { Type: 'String', Value: 'rugby' }, price_usd: { Type: 'Number', Value: 101 } })).toBe(true);
    expect(matches(policy, { customer_interests: { Type: 'String', Value: 'rugby' }, price_usd: { Type: 'Number', Value: 100 } })).toBe(false);
    expect(matches(policy, { customer_interests: { Type: 'String', Value: 'rugby' } })).toBe(false);
  });

  test('OR within a value list', () => {
    const policy = { customer_interests: ['rugby', 'football', 'baseball'] };
    for (const value of ['rugby', 'football', 'baseball']) {
      expect(matches(policy, { customer_interests: { Type: 'String', Value: value } })).toBe(true);
    }
    expect(matches(policy, { customer_interests: { Type: 'String', Value: 'tennis' } })).toBe(false);
  });

  test('$or across keys: "source" && ("metricName" || "namespace")', () => {
    const policy = { source: ['aws.cloudwatch'], $or: [{ metricName: ['CPUUtilization'] }, { namespace: ['AWS/EC2'] }] };
    const source = { source: { Type: 'String', Value: 'aws.cloudwatch' } };
    expect(matches(policy, { ...source, metricName: { Type: 'String', Value: 'CPUUtilization' } })).toBe(true);
    expect(matches(policy, { ...source, namespace: { Type: 'String', Value: 'AWS/EC2' } })).toBe(true);
    expect(matches(policy, { ...source, metricName: { Type: 'String', Value: 'ReadLatency' } })).toBe(false);
    expect(matches(policy, { metricName: { Type: 'String', Value: 'CPUUtilization' } })).toBe(false);
  });

  test('nested $or', () => {
    const policy = {
      source: ['aws.cloudwatch'],
      $or: [
        { namespace: ['AWS/EC2', 'AWS/ES'] },
        { metricType: ['MetricType'], $or: [{ metricId: [1234, 4321] }, { spaceId: [1000, 2000, 3000] }] },
      ],
    };
    const source = { source: { Type: 'String', Value: 'aws.cloudwatch' } };
    expect(matches(policy, { ...source, namespace: { Type: 'String', Value: 'AWS/ES' } })).toBe(true);
    expect(matches(policy, { ...source, metricType: { Type: 'String', Value: 'MetricType' }, spaceId: { Type: 'Number', Value: 2000 } })).toBe(true);
    expect(matches(policy, { ...source, metricType: { Type: 'String', Value: 'MetricType' } })).toBe(false);
  });

  test('"$or" that is not a list of at least two objects is an ordinary attribute name', () => {
    expect(matches({ $or: ['x'] }, { $or: { Type: 'String', Value: 'x' } })).toBe(true);
  });
});

describe('the example message of "Example filter policies"', () => {
  const message = {
    customer_interests: { Type: 'String.Array', Value: '["soccer", "rugby", "hockey"]' },
    store: { Type: 'String', Value: 'example_corp' },
    event: { Type: 'String', Value: 'order_placed' },
    price_usd: { Type: 'Number', Value: '210.75' },
  };

  test('a policy that accepts it', () => {
    const policy = {
      store: ['example_corp'],
      event: [{ 'anything-but': 'order_cancelled' }],
      customer_interests: ['rugby', 'football', 'baseball'],
      price_usd: [{ numeric: ['>=', 100] }],
    };
    expect(matches(policy, message)).toBe(true);
  });

  test('a policy that rejects it', () => {
    const policy = {
      store: ['example_corp'],
      event: ['order_cancelled'],
      encrypted: [false],
      customer_interests: ['basketball', 'baseball'],
    };
    expect(matches(policy, message)).toBe(false);
  });
});

describe('the Pressroom contract', () => {
  test('{"countries": ["KZ"]} selects a release about KZ, RU and AZ, and {"countries": ["TR"]} does not', () => {
    const release = {
      type: { Type: 'String', Value: 'release.published' },
      countries: { Type: 'String.Array', Value: '["KZ","RU","AZ"]' },
      officials: { Type: 'String.Array', Value: '["sahibe-qafarova","maulen-ashimbayev"]' },
      language: { Type: 'String', Value: 'az' },
    };
    expect(matches({ countries: ['KZ'] }, release)).toBe(true);
    expect(matches({ countries: ['TR'] }, release)).toBe(false);
    expect(matches({ countries: ['KZ'], type: ['release.retracted'] }, release)).toBe(false);
  });

  test('an empty policy passes everything', () => {
    expect(matchesFilterPolicy(parseFilterPolicy('{}'), { attributes: {} })).toBe(true);
  });
});

describe('MessageBody scope', () => {
  test('nested properties of a JSON body', () => {
    const policy = parseFilterPolicy(JSON.stringify({ release: { countries: ['KZ'] } }), 'MessageBody');
    expect(matchesFilterPolicy(policy, { attributes: {}, body: JSON.stringify({ release: { countries: ['KZ', 'RU'] } }) })).toBe(true);
    expect(matchesFilterPolicy(policy, { attributes: {}, body: JSON.stringify({ release: { countries: ['TR'] } }) })).toBe(false);
    expect(matchesFilterPolicy(policy, { attributes: {}, body: 'not json' })).toBe(false);
  });
});

describe('policy constraints', () => {
  test('invalid JSON', () => {
    expect(refusal('{"a": [')).toMatch(/^FilterPolicy: failed to parse JSON/);
  });

  test('at most five keys', () => {
    expect(() => parseFilterPolicy(JSON.stringify({ a: ['1'], b: ['1'], c: ['1'], d: ['1'], e: ['1'] }))).not.toThrow();
    expect(refusal(JSON.stringify({ a: ['1'], b: ['1'], c: ['1'], d: ['1'], e: ['1'], f: ['1'] }))).toBe(
      'FilterPolicy: Filter policy can not have more than 5 keys',
    );
  });

  test('at most 150 combinations (the product of the value counts)', () => {
    const values = (n: number) => Array.from({ length: n }, (_, i) => `v${i}`);
    expect(() => parseFilterPolicy(JSON.stringify({ a: values(10), b: values(15) }))).not.toThrow();
    expect(refusal(JSON.stringify({ a: values(10), b: values(16) }))).toBe('FilterPolicy: Filter policy is too complex');
  });

  test('nested policies are refused for the MessageAttributes scope', () => {
    expect(refusal(JSON.stringify({ a: { b: ['x'] } }))).toMatch(/does not support nested filter policy/);
  });

  test('unknown operators and malformed operands', () => {
    expect(refusal(JSON.stringify({ a: [{ contains: 'x' }] }))).toBe('FilterPolicy: Unrecognized match type contains');
    expect(refusal(JSON.stringify({ a: [{ prefix: 1 }] }))).toBe('FilterPolicy: prefix match pattern must be a string');
    expect(refusal(JSON.stringify({ a: [{ exists: 'yes' }] }))).toMatch(/exists match pattern must be either true or false/);
    expect(refusal(JSON.stringify({ a: [{ prefix: 'x', suffix: 'y' }] }))).toBe('FilterPolicy: Only one key allowed in match expression');
    expect(refusal(JSON.stringify({ a: [{ 'anything-but': { contains: 'x' } }] }))).toMatch(/Unsupported anything-but pattern/);
    expect(refusal(JSON.stringify({ a: [] }))).toBe('FilterPolicy: Empty arrays are not allowed');
    expect(refusal(JSON.stringify({ a: 'x' }))).toBe('FilterPolicy: "a" must be an object or an array');
    expect(refusal('["a"]')).toMatch(/must be a JSON object/);
  });

  test('numeric expressions', () => {
    expect(refusal(JSON.stringify({ a: [{ numeric: ['!=', 1] }] }))).toMatch(/Unrecognized numeric range operator/);
    expect(refusal(JSON.stringify({ a: [{ numeric: ['>', 'one'] }] }))).toBe('FilterPolicy: Value of > must be numeric');
    expect(refusal(JSON.stringify({ a: [{ numeric: ['=', 1, '<', 2] }] }))).toMatch(/Too many elements/);
    expect(refusal(JSON.stringify({ a: [{ numeric: ['>', 5, '<', 3] }] }))).toBe('FilterPolicy: Bottom must be less than top');
    expect(refusal(JSON.stringify({ a: [{ numeric: ['>', 0, '>', 3] }] }))).toMatch(/Bad numeric range operator/);
  });
});
