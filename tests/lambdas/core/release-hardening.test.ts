// Input that used to get through validation in a form clients would not expect.
import { expect, test } from 'vitest';
import { ApiError } from '../../../lambdas/core/errors.ts';
import { validateReleaseInput } from '../../../lambdas/core/validate-release.ts';
import { sanitiseHtml } from '../../../lambdas/core/sanitise-html.ts';
import { fixtureInput } from '../../support/fixture.ts';

const known = new Set(['sahibe-qafarova', 'maulen-ashimbayev']);
const validate = (overrides: Record<string, unknown>) => validateReleaseInput(fixtureInput(overrides), known);

function details(overrides: Record<string, unknown>): { path: string; message: string }[] {
  try {
    validate(overrides);
  } catch (error) {
    if (error instanceof ApiError && error.status === 400) return error.details as { path: string; message: string }[];
    throw error;
  }
  throw new Error('expected a 400');
}

test('publishedAt must fall in the years 1900 to 9999 once in UTC; the future is allowed', () => {
  expect(details({ publishedAt: '9999-12-31T23:59:59-23:59' })).toEqual([
    { path: 'publishedAt', message: expect.stringMatching(/1900.*9999/) },
  ]);
  expect(details({ publishedAt: '1899-12-31T23:59:59Z' })).toEqual([{ path: 'publishedAt', message: expect.stringMatching(/1900/) }]);
  // 1900-01-01T01:00+02:00 is 1899 in UTC.
  expect(details({ publishedAt: '1900-01-01T01:00:00+02:00' })).toEqual([{ path: 'publishedAt', message: expect.stringMatching(/1900/) }]);
  expect(details({ publishedAt: '0001-01-01T00:00:00Z' })[0]?.path).toBe('publishedAt');
  expect(validate({ publishedAt: '9999-12-31T23:59:59+01:00' }).publishedAt).toBe('9999-12-31T22:59:59.000Z');
  expect(validate({ publishedAt: '1900-01-01T00:00:00Z' }).publishedAt).toBe('1900-01-01T00:00:00.000Z');
  expect(validate({ publishedAt: '2999-01-01T00:00:00Z' }).publishedAt).toBe('2999-01-01T00:00:00.000Z');
});

test('title and summary limits count characters as readers see them (grapheme clusters)', () => {
  const flag = '🇦🇿'; // one character, four UTF-16 code units
  expect(validate({ title: flag.repeat(300) }).title).toBe(flag.repeat(300));
  expect(validate({ title: '👍🏽'.repeat(151) }).title).toHaveLength(151 * 4);
  expect(details({ title: '👍'.repeat(301) })).toEqual([{ path: 'title', message: 'must be at most 300 characters' }]);
  expect(validate({ summary: 'ə\u0301'.repeat(1000) }).summary).toHaveLength(2000);
  expect(details({ summary: 'ə\u0301'.repeat(1001) })).toEqual([{ path: 'summary', message: 'must be at most 1000 characters' }]);
});

test('a title or summary of only invisible characters is empty', () => {
  for (const invisible of ['\u200B', '\u200C\u200D', '\u2060', '\uFEFF\u200B', '\u00AD', '\u200E\u202E', '\u3164', '\u180E', '\uFE0F']) {
    expect(details({ title: invisible }), JSON.stringify(invisible)).toEqual([{ path: 'title', message: 'must not be empty' }]);
    expect(details({ summary: `\u00A0${invisible}\u2009` }), JSON.stringify(invisible)).toEqual([{ path: 'summary', message: 'must not be empty' }]);
  }
  // Joiners inside real text are part of it.
  expect(validate({ title: 'Görüş\u200Bkeçirilib' }).title).toBe('Görüş\u200Bkeçirilib');
  expect(validate({ title: '👩\u200D💻' }).title).toBe('👩\u200D💻');
});

test('url is stored in its WHATWG serialisation, as feeds carry it', () => {
  expect(validate({ url: 'https://meclis.gov.az/news?c="x"<y>' }).url).toBe('https://meclis.gov.az/news?c=%22x%22%3Cy%3E');
  expect(validate({ url: 'HTTPS://Meclis.GOV.az' }).url).toBe('https://meclis.gov.az/');
  expect(validate({ url: 'https://meclis.gov.az/xəbər' }).url).toBe('https://meclis.gov.az/x%C9%99b%C9%99r');
});

test('what the sanitiser removes disappears: no "[removed]" marker in bodies or summaries', () => {
  for (const html of [
    '<p>a<scr<script></script>ipt>alert(1)</p>',
    '<p>a<sty<style></style>le>p{}</p>',
    '<p>a</p><scr<script>x</script>ipt>alert(1)',
    '<p>a<scr<scr<script></script>ipt></script>ipt>alert(1)</p>',
  ]) {
    expect(sanitiseHtml(html), html).not.toMatch(/\[\/?removed\]|alert|<script|<style/i);
    const input = validate({ bodyFormat: 'html', body: html });
    // A script left unclosed by the join takes the rest with it, as a browser would read it.
    expect(input.body).toMatch(/^<p>a(<\/p>)?$/);
    expect(input.summary).toBe('a');
  }
  // Text that merely says so is the author's.
  expect(sanitiseHtml('<p>[removed]</p>')).toBe('<p>[removed]</p>');
});
