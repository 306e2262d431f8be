import { describe, expect, test } from 'vitest';
import { escapeMarkup } from '../../../lambdas/core/escape-markup.ts';

describe('escapeMarkup', () => {
  test('escapes the four characters that are markup in text and double-quoted attributes', () => {
    expect(escapeMarkup(`<a href="x" title='y'>&amp;</a>`)).toBe(`&lt;a href=&quot;x&quot; title='y'&gt;&amp;amp;&lt;/a&gt;`);
  });

  test("leaves the apostrophe, which readers would otherwise show as an entity", () => {
    expect(escapeMarkup(`MPs' vote`)).toBe(`MPs' vote`);
  });

  test('leaves everything else alone, Azerbaijani included', () => {
    expect(escapeMarkup('Sahibə Qafarova, İlham Əliyev — ğ ı ş 😀')).toBe('Sahibə Qafarova, İlham Əliyev — ğ ı ş 😀');
  });

  test('strips characters that are illegal in XML', () => {
    expect(escapeMarkup('a\u0001\uD800b')).toBe('ab');
  });

  test('never lets a tag or a double-quoted attribute break out', () => {
    for (const hostile of ['"><script>alert(1)</script>', '" onmouseover="x', ']]>', '&lt;']) {
      const escaped = escapeMarkup(hostile);
      expect(escaped).not.toMatch(/[<>"]/);
      expect(escaped).not.toMatch(/&(?!(?:amp|lt|gt|quot);)/);
    }
  });
});
