import { test, expect } from 'vitest';
import { decodeEntities, htmlToTextBlocks } from '../../../lambdas/core/html-text.ts';

test('decodeEntities handles numeric and common named entities, leaves unknown ones', () => {
  expect(decodeEntities('&amp;&lt;&gt;&quot;&#39;&#x259;&#601;&raquo;&unknown;&#xD800;')).toBe('&<>"\'əə»&unknown;&#xD800;');
});

test('htmlToTextBlocks breaks at block ends and drops markup', () => {
  expect(htmlToTextBlocks('<p>a<b>b</b></p><p>c<br>d</p><ul><li>e</li></ul>x<style>p{}</style>')).toEqual(['ab', 'c', 'd', 'e', 'x']);
});

test('a table reads row by row, its cells words apart', () => {
  expect(htmlToTextBlocks('<table><caption>Vote</caption><tr><th>For</th><th>Against</th></tr><tr><td>98</td><td>3</td></tr></table>')).toEqual([
    'Vote',
    'For Against',
    '98 3',
  ]);
});
