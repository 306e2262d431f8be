import * as v from 'valibot';
import { describe, expect, test } from 'vitest';
import { SubscriberAddressSchema } from '../../../../lambdas/core/alerts/subscriber-address.ts';

const parse = (input: unknown) => {
  const result = v.safeParse(SubscriberAddressSchema, input);
  return result.success ? { address: result.output } : { refused: result.issues[0]!.message };
};

describe('a subscriber\'s address', () => {
  test('is kept as typed, trimmed, with its domain lower-cased and in ASCII', () => {
    expect(parse('"quoted.but.printable"@example.org')).toEqual({ address: '"quoted.but.printable"@example.org' });
    expect(parse('Aynur.Mammadova@Meclis.GOV.az')).toEqual({ address: 'Aynur.Mammadova@meclis.gov.az' });
    expect(parse('  press@example.org\t')).toEqual({ address: 'press@example.org' });
    expect(parse('redaktor@bücher.de')).toEqual({ address: 'redaktor@xn--bcher-kva.de' });
  });

  test('a line break anywhere, even at the end, is refused: it would start another header', () => {
    for (const input of ['a@example.org\r\nBcc: everyone@example.org', 'a@example.org\n', '\ra@example.org']) {
      expect(parse(input)).toEqual({ refused: 'must be a single line' });
    }
  });

  test('what the validator or the sender cannot take is refused with the field\'s message', () => {
    // A quoted local part may hold white space and control characters for isEmail; not for the sender.
    const quoted = ['"a\u2028b"@example.org', '"a\u000bb"@example.org', '"a b"@example.org'];
    for (const input of ['not an address', 'a@localhost', 'a@[127.0.0.1]', 'Name <a@example.org>', 'a@@example.org', 'ünvan@example.org', '@example.org', 'a@', ...quoted]) {
      expect(parse(input), input).toEqual({ refused: 'must be an e-mail address, such as name@example.org' });
    }
    expect(parse('')).toEqual({ refused: 'is required' });
    expect(parse(42)).toEqual({ refused: 'must be a string' });
  });

  test('over 254 characters is too long, also once its domain is written in ASCII', () => {
    expect(parse(`${'a'.repeat(64)}@${'b'.repeat(60)}.${'c'.repeat(60)}.${'d'.repeat(60)}.org`).address).toBeDefined();
    expect(parse(`${'a'.repeat(64)}@${'b'.repeat(190)}.org`)).toEqual({ refused: 'must be at most 254 characters' });
    // 228 characters as typed, 333 in punycode.
    const label = 'şəğıöüçx'.repeat(4);
    const unicode = `${'a'.repeat(60)}@${[label, label, label, label, label].join('.')}.az`;
    expect(unicode.length).toBeLessThanOrEqual(254);
    expect(parse(unicode)).toEqual({ refused: 'must be at most 254 characters with its domain in ASCII' });
  });
});
