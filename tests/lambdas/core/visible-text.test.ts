import { expect, test } from 'vitest';
import fc from 'fast-check';
import { atMostGraphemes, graphemeCount, hasVisibleCharacter } from '../../../lambdas/core/visible-text.ts';

const segmenter = new Intl.Segmenter();
const direct = (text: string) => [...segmenter.segment(text)].length;

// Pieces that make clusters across a window's edge: pairs, flags, ZWJ sequences, marks.
const piece = fc.constantFrom('a', 'ə', 'e\u0301', '🇦🇿', '🇰🇿', '👍🏽', '👩\u200D💻', '\u200D', '\u0301', '\uD83D', 'क्ष', '\r\n', ' ', 'İ');

test('graphemeCount counts what Intl.Segmenter counts, across window edges', () => {
  fc.assert(
    fc.property(fc.array(piece, { maxLength: 700 }), (pieces) => {
      const text = pieces.join('');
      expect(graphemeCount(text)).toBe(direct(text));
    }),
    { numRuns: 200 },
  );
  const zalgo = `a${'\u0301'.repeat(2000)}b`;
  expect(graphemeCount(zalgo)).toBe(2);
});

test('graphemeCount stops once past the limit', () => {
  expect(graphemeCount('a'.repeat(1_000_000), 300)).toBeGreaterThan(300);
  expect(graphemeCount('a'.repeat(1_000_000), 300)).toBeLessThan(600);
  expect(atMostGraphemes('🇦🇿'.repeat(300), 300)).toBe(true);
  expect(atMostGraphemes('🇦🇿'.repeat(301), 300)).toBe(false);
});

test('hasVisibleCharacter', () => {
  for (const text of ['', ' ', '\u200B\u200C\u200D\u2060\uFEFF', '\u00AD', '\u3164', '\uFE0F', '\u00A0\u2009\u3000']) {
    expect(hasVisibleCharacter(text), JSON.stringify(text)).toBe(false);
  }
  for (const text of ['a', '\u200Ba', '.', '👍', '\u2800']) expect(hasVisibleCharacter(text), JSON.stringify(text)).toBe(true);
});
