import { test, expect } from 'vitest';
import { deriveSummary, truncateAtWord } from '../../../lambdas/core/derive-summary.ts';
import { importPlainText } from '../../../lambdas/core/normalise-text.ts';
import { fixtureRelease } from '../../support/fixture.ts';

test('the fixture summary is its lead paragraph', () => {
  const summary = deriveSummary(importPlainText(fixtureRelease().body), 'text');
  expect(summary).toBe(
    'Milli Məclisin Sədri Sahibə Qafarova Rusiya Federasiyasına işgüzar səfəri çərçivəsində Sankt-Peterburqda Qazaxıstan Respublikası Parlamenti Senatının Sədri Maulen Aşimbayev ilə görüşüb.',
  );
});

test('a long first paragraph is cut at a word boundary with an ellipsis, within the limit', () => {
  const words = Array.from({ length: 80 }, (_, i) => `söz${i}`).join(' ');
  const summary = deriveSummary(words, 'text');
  expect(summary.length).toBeLessThanOrEqual(300);
  expect(summary.endsWith('…')).toBe(true);
  const kept = summary.slice(0, -1);
  expect(words.startsWith(kept + ' ')).toBe(true); // ends exactly where a word ended
  expect(kept.length).toBeGreaterThan(280); // and does not throw away more than one word
});

test('short leading paragraphs are combined while they fit, never cut mid-paragraph', () => {
  expect(deriveSummary('Bakı, 5 iyun.\n\nİkinci abzas.\n\n' + 'x '.repeat(200), 'text')).toBe('Bakı, 5 iyun. İkinci abzas.');
});

test('HTML bodies are summarised as text', () => {
  expect(deriveSummary('<h2>Başlıq</h2><p>Birinci &amp; <strong>əsas</strong>&nbsp;abzas.</p><p>İkinci.</p>', 'html')).toBe(
    'Başlıq Birinci & əsas abzas. İkinci.',
  );
  expect(deriveSummary('<img src="https://x.az/a.png">', 'html')).toBe('');
});

test('truncateAtWord', () => {
  expect(truncateAtWord('short', 10)).toBe('short');
  expect(truncateAtWord('one two three', 10)).toBe('one two…');
  expect(truncateAtWord('one two, three', 10)).toBe('one two…'); // no dangling comma
  expect(truncateAtWord('abcdefghijkl', 5)).toBe('abcd…'); // one long word: hard cut
  expect(truncateAtWord('one two three', 8)).toBe('one two…'); // a word ending exactly at the limit stays
  expect(truncateAtWord('abc😀def', 5)).toBe('abc…'); // never half a surrogate pair
});
