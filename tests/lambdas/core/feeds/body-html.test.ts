import { describe, expect, test } from 'vitest';
import { bodyHtml, textToHtml } from '../../../../lambdas/core/feeds/body-html.ts';

describe('textToHtml', () => {
  test('one <p> per paragraph', () => {
    expect(textToHtml('Birinci abzas.\n\nİkinci abzas.')).toBe('<p>Birinci abzas.</p>\n<p>İkinci abzas.</p>');
  });

  test('escapes markup in the text', () => {
    expect(textToHtml('a < b & "c"\n\n<script>x</script>')).toBe('<p>a &lt; b &amp; &quot;c&quot;</p>\n<p>&lt;script&gt;x&lt;/script&gt;</p>');
  });

  test('keeps a single newline as a line break and ignores empty paragraphs', () => {
    expect(textToHtml('\n\nline one\nline two\n\n\n\n   \n\nend\n')).toBe('<p>line one<br>line two</p>\n<p>end</p>');
  });

  test('handles CRLF text', () => {
    expect(textToHtml('a\r\n\r\nb')).toBe('<p>a</p>\n<p>b</p>');
  });
});

describe('bodyHtml', () => {
  test('sanitised html bodies come out as they are, minus illegal characters', () => {
    expect(bodyHtml({ bodyFormat: 'html', body: '<p>Salam <b>dünya</b>\u0001</p>' })).toBe('<p>Salam <b>dünya</b></p>');
  });

  test('html bodies are sanitised again: the table is not a trust boundary', () => {
    expect(bodyHtml({ bodyFormat: 'html', body: '<p onclick="x()">Salam</p><script>x()</script>' })).toBe('<p>Salam</p>');
  });

  test('text bodies become paragraphs', () => {
    expect(bodyHtml({ bodyFormat: 'text', body: 'Salam\n\ndünya' })).toBe('<p>Salam</p>\n<p>dünya</p>');
  });
});
