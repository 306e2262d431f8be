import { describe, expect, test } from 'vitest';
import { stripXmlIllegal } from '../../../lambdas/core/xml-chars.ts';

describe('stripXmlIllegal', () => {
  test('drops C0 controls but keeps tab, LF and CR', () => {
    expect(stripXmlIllegal('a\u0000b\u0001c\u0008d\u000Be\u000Cf\u001Fg\th\ni\rj')).toBe('abcdefg\th\ni\rj');
  });

  test('drops lone surrogates and keeps pairs (emoji)', () => {
    expect(stripXmlIllegal('x\uD800y\uDFFFz 😀 \uD83D\uDE00')).toBe('xyz 😀 😀');
    expect(stripXmlIllegal('\uDE00\uD83D')).toBe('');
  });

  test('drops U+FFFE and U+FFFF, keeps other characters byte-exact', () => {
    const azerbaijani = 'Milli Məclisin Sədri İlham Əliyev ğ ı ş ç ö ü';
    expect(stripXmlIllegal(`${azerbaijani}\uFFFE\uFFFF`)).toBe(azerbaijani);
    expect(stripXmlIllegal('\u200F\u202Eمرحبا\u202C\u0085')).toBe('\u200F\u202Eمرحبا\u202C\u0085');
  });
});
