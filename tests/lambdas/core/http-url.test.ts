import { expect, test } from 'vitest';
import * as v from 'valibot';
import { HttpUrlSchema, httpUrl } from '../../../lambdas/core/http-url.ts';

test('httpUrl accepts only absolute http(s), in its WHATWG serialisation', () => {
  expect(httpUrl('https://meclis.gov.az/x')).toBe('https://meclis.gov.az/x');
  expect(httpUrl('HTTPS://Meclis.GOV.az')).toBe('https://meclis.gov.az/');
  expect(httpUrl('https://meclis.gov.az/?c="x"<y>')).toBe('https://meclis.gov.az/?c=%22x%22%3Cy%3E');
  expect(httpUrl(' https://meclis.gov.az/ ')).toBe('https://meclis.gov.az/');
  expect(httpUrl('ftp://x')).toBeUndefined();
  expect(httpUrl('//x.az')).toBeUndefined();
  expect(httpUrl('java\tscript:alert(1)')).toBeUndefined();
  expect(httpUrl(undefined)).toBeUndefined();
});

test('HttpUrlSchema speaks about the URL, then about the scheme', () => {
  const messages = (s: unknown) => (v.safeParse(HttpUrlSchema, s).issues ?? []).map((issue) => issue.message);
  expect(messages('https://meclis.gov.az/')).toEqual([]);
  expect(messages('/news/1')).toEqual(['must be an absolute URL']);
  expect(messages('javascript:alert(1)')).toEqual(['must use http or https']);
  expect(messages(`https://x.az/${'a'.repeat(2048)}`)).toContain('must be at most 2048 characters');
});
