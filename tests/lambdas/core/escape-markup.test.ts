import { describe, expect, test } from 'vitest';
import { escapeMarkup } from '../../../lambdas/core/escape-markup.ts';

describe('escapeMarkup', () => {
  test('escapes the five markup characters', () => {
    expect(escapeMarkup(`<a href="x" title='y'>&amp;</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;');
  });

  test('leaves everything else alone, Azerbaijani included', () => {
    expect(escapeMarkup('Sahibə Qafarova, İlham Əliyev — ğ ı ş 😀')).toBe('Sahibə Qafarova, İlham Əliyev — ğ ı ş 😀');
  });

  test('strips characters that are illegal in XML', () => {
    expect(escapeMarkup('a\u0001\uD800b')).toBe('ab');
  });

  test('never lets a tag or an attribute break out', () => {
    for (const hostile of ['"><script>alert(1)</script>', "' onmouseover='x", ']]>', '&lt;']) {
      const escaped = escapeMarkup(hostile);
      expect(escaped).not.toMatch(/[<>"']/);
      expect(escaped).not.toMatch(/&(?!(?:amp|lt|gt|quot|#39);)/);
    }
  });
});
