import { test, expect } from 'vitest';
import { importPlainText, normaliseString, normaliseStrings, paragraphs } from '../../../lambdas/core/normalise-text.ts';
import { fixtureRelease } from '../../support/fixture.ts';

test('normaliseString keeps Azerbaijani letters byte-exact', () => {
  const s = 'Əliyev ğ ı İ ş ü ö ç Ş Ö Ü';
  expect(Buffer.from(normaliseString(s))).toEqual(Buffer.from(s, 'utf8'));
});

test('normaliseString composes to NFC', () => {
  // "ə" is precomposed already; "ü" as u + combining diaeresis must become U+00FC.
  expect(normaliseString('u\u0308')).toBe('\u00FC');
  expect(normaliseString('I\u0307')).toBe('İ');
});

test('normaliseString strips characters illegal in XML 1.0 and keeps tab and newline', () => {
  expect(normaliseString('a\u0000b\u0007c\u001Fd')).toBe('abcd');
  expect(normaliseString('x\uD800y')).toBe('xy'); // lone high surrogate
  expect(normaliseString('x\uDC00y')).toBe('xy'); // lone low surrogate
  expect(normaliseString('x\uFFFEy\uFFFF')).toBe('xy');
  expect(normaliseString('a\tb\nc')).toBe('a\tb\nc');
  expect(normaliseString('😀')).toBe('😀'); // a surrogate pair is a character, not an error
});

test('normaliseString turns CR and CRLF into LF and trims', () => {
  expect(normaliseString('  a\r\nb\rc \n')).toBe('a\nb\nc');
  expect(normaliseString('\uFEFF title \u00A0')).toBe('title');
});

test('normaliseStrings walks objects and arrays and leaves keys and non-strings alone', () => {
  expect(normaliseStrings({ ' k ': ' v\u0000 ', n: 1, list: [' a ', null, { deep: 'u\u0308 ' }] })).toEqual({
    ' k ': 'v',
    n: 1,
    list: ['a', null, { deep: 'ü' }],
  });
});

test('paragraphs splits on blank lines, including whitespace-only ones', () => {
  expect(paragraphs('\n\none\ntwo\n \t\nthree\n\n\n\nfour\n')).toEqual(['one\ntwo', 'three', 'four']);
  expect(paragraphs('   ')).toEqual([]);
});

test('the fixture imports with its layout breaks repaired', () => {
  const { body } = fixtureRelease();
  const imported = importPlainText(body);
  const paras = imported.split('\n\n');

  const rolu = paras.find((p) => p.includes('xüsusi rolu diqqətə'));
  expect(rolu).toBeDefined();
  expect(rolu).toContain('imzalanmış sənədlər'); // "im-" + blank line + "zalanmış", same paragraph
  expect(rolu).not.toMatch(/ro-|im-/);
  expect(paras.some((p) => p.includes('parlamentlərinin roluna diqqət çəkərək'))).toBe(true);
  expect(imported).toContain('Sankt-Peterburqda');
  expect(paras).toHaveLength(6);
  expect(paras[0]).toMatch(/^Milli Məclisin Sədri Sahibə Qafarova Rusiya/);
  expect(paras.at(-1)).toBe('Görüşdə qarşılıqlı maraq doğuran digər məsələlər barədə də geniş fikir mübadiləsi aparılıb.');
  expect(imported).not.toMatch(/\n{3}| {2}/);
  expect(importPlainText(imported)).toBe(imported); // idempotent: a correction re-imports safely
});

test('a hyphenated word split by a line or paragraph break is joined only before lower case', () => {
  expect(importPlainText('xüsusi ro-\nlu var.')).toBe('xüsusi rolu var.');
  expect(importPlainText('xüsusi ro-\n\nlu var.')).toBe('xüsusi rolu var.');
  expect(importPlainText('şəhər Sankt-\nPeterburq')).toBe('şəhər Sankt-Peterburq');
  expect(importPlainText('Sankt-\n\nPeterburq')).toBe('Sankt-\n\nPeterburq');
  expect(importPlainText('word -\n\nnext')).toBe('word - next'); // a spaced dash is not a split word
});

test('a mid-sentence paragraph break is joined when the next paragraph starts lower case', () => {
  expect(importPlainText('roluna\n\ndiqqət çəkərək.')).toBe('roluna diqqət çəkərək.');
  expect(importPlainText('üçün\n\nğ ı ş ə ö ç ü')).toBe('üçün ğ ı ş ə ö ç ü');
  expect(importPlainText('Bitdi.\n\nyeni')).toBe('Bitdi.\n\nyeni');
  expect(importPlainText('Bitdi?\n\nyeni')).toBe('Bitdi?\n\nyeni');
  expect(importPlainText('Dedi: «Bəli.»\n\nsonra')).toBe('Dedi: «Bəli.»\n\nsonra');
  expect(importPlainText('Siyahı:\n\nbir')).toBe('Siyahı:\n\nbir');
  expect(importPlainText('yarımçıq\n\nYeni cümlə')).toBe('yarımçıq\n\nYeni cümlə');
});

test('single line breaks become a space, space runs collapse, paragraphs are separated by one blank line', () => {
  expect(importPlainText('a  b\nc\t\td\r\n\r\n\r\n\r\nE  f')).toBe('a b c d\n\nE f');
  expect(importPlainText('  \n\n')).toBe('');
});
