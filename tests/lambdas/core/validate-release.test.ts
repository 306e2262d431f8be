import { test, expect } from 'vitest';
import { ApiError } from '../../../lambdas/core/errors.ts';
import { parseListQuery, validateOfficialInput, validateReleaseInput } from '../../../lambdas/core/validate-release.ts';
import { fixtureInput, fixtureRelease } from '../../support/fixture.ts';

const known = new Set(['sahibe-qafarova', 'maulen-ashimbayev', 'ilham-aliyev']);

function failure(run: () => unknown): ApiError {
  try {
    run();
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error('expected an ApiError');
}

const rejected = (raw: unknown) => failure(() => validateReleaseInput(raw, known));

test('the fixture is accepted and normalised', () => {
  const input = validateReleaseInput(
    fixtureInput({ language: 'AZ', countries: ['kz', 'RU', 'az', 'KZ'], publishedAt: '2023-06-15T14:00:00+04:00' }),
    known,
  );
  expect(input.title).toBe(fixtureRelease().title);
  expect(Buffer.from(input.title)).toEqual(Buffer.from(fixtureRelease().title, 'utf8'));
  expect(input.body).toContain('rolu diqqətə');
  expect(input.body).toContain('imzalanmış');
  expect(input.body).toContain('roluna diqqət');
  expect(input.bodyFormat).toBe('text');
  expect(input.language).toBe('az');
  expect(input.countries).toEqual(['KZ', 'RU', 'AZ']);
  expect(input.officials).toEqual(['sahibe-qafarova', 'maulen-ashimbayev']);
  expect(input.publishedAt).toBe('2023-06-15T10:00:00.000Z');
  expect(input.summary).toMatch(/^Milli Məclisin Sədri .* görüşüb\.$/);
  expect(input.url).toBe('https://www.meclis.gov.az/news.php?id=1');
});

test('defaults: text format, no countries or officials; optional fields stay absent', () => {
  const input = validateReleaseInput({ title: 'T', body: 'B.', language: 'en' }, known);
  expect(input).toEqual({
    title: 'T', summary: 'B.', body: 'B.', bodyFormat: 'text', language: 'en', countries: [], officials: [], images: [], attachments: [], embargo: false, status: 'published',
  });
  expect(Object.keys(input)).not.toContain('url');
  expect(Object.keys(input)).not.toContain('publishedAt');
});

test('control characters are stripped from every field, not rejected', () => {
  const input = validateReleaseInput(
    { title: 'Ti\u0000t\u0007le\uD800', body: 'Bo\u0001dy', summary: ' S\u001F ', language: 'az' },
    known,
  );
  expect(input.title).toBe('Title');
  expect(input.body).toBe('Body');
  expect(input.summary).toBe('S');
});

test('line breaks and tabs in a title become one space', () => {
  expect(validateReleaseInput({ title: 'Milli Məclisin\r\n  Sədri\tgörüşüb', body: 'B', language: 'az' }, known).title).toBe(
    'Milli Məclisin Sədri görüşüb',
  );
});

test('a given summary is kept; html bodies are sanitised and summarised as text', () => {
  expect(validateReleaseInput({ ...fixtureInput(), summary: 'Qısa.' }, known).summary).toBe('Qısa.');
  const html = validateReleaseInput(
    { title: 'T', language: 'az', bodyFormat: 'html', body: '<p onclick="x()">Salam <script>evil()</script><b>dünya</b></p>' },
    known,
  );
  expect(html.body).toBe('<p>Salam <b>dünya</b></p>');
  expect(html.summary).toBe('Salam dünya');
});

test('an html body with nothing left after sanitising is refused', () => {
  const error = rejected({ title: 'T', language: 'az', bodyFormat: 'html', body: '<script>x()</script>' });
  expect(error.status).toBe(400);
  expect(error.details).toEqual([{ path: 'body', message: 'has no content left after sanitising' }]);
});

const badInput: [string, Record<string, unknown>, { path: string; message: RegExp }][] = [
  ['missing title', { title: undefined }, { path: 'title', message: /^required$/ }],
  ['blank title', { title: ' \u0000 ' }, { path: 'title', message: /not be empty/ }],
  ['301-char title', { title: 'ə'.repeat(301) }, { path: 'title', message: /at most 300/ }],
  ['<script> in the title', { title: 'Salam <script>alert(1)</script>' }, { path: 'title', message: /HTML/ }],
  ['a tag in the summary', { summary: '<b>x</b>' }, { path: 'summary', message: /HTML/ }],
  ['1001-char summary', { summary: 'a'.repeat(1001) }, { path: 'summary', message: /at most 1000/ }],
  ['missing body', { body: undefined }, { path: 'body', message: /^required$/ }],
  ['empty body', { body: '  ' }, { path: 'body', message: /not be empty/ }],
  ['unknown field', { id: 'x' }, { path: 'id', message: /^unknown field: id$/ }],
  ['bad bodyFormat', { bodyFormat: 'markdown' }, { path: 'bodyFormat', message: /"text" or "html"/ }],
  ['country XX', { countries: ['KZ', 'XX'] }, { path: 'countries[1]', message: /unknown country code: XX/ }],
  ['country not two letters', { countries: ['KAZ'] }, { path: 'countries[0]', message: /alpha-2/ }],
  ['countries not an array', { countries: 'KZ' }, { path: 'countries', message: /array/ }],
  ['21 countries', { countries: Array(21).fill('KZ') }, { path: 'countries', message: /at most 20/ }],
  ['unknown official', { officials: ['sahibe-qafarova', 'foo'] }, { path: 'officials[1]', message: /^unknown official: foo$/ }],
  ['malformed official slug', { officials: ['Sahibe_Qafarova'] }, { path: 'officials[0]', message: /slug/ }],
  ['bad language', { language: 'not a tag!!' }, { path: 'language', message: /BCP 47/ }],
  ['missing language', { language: undefined }, { path: 'language', message: /^required$/ }],
  ['relative url', { url: '/news/1' }, { path: 'url', message: /absolute/ }],
  ['javascript: url', { url: 'javascript:alert(1)' }, { path: 'url', message: /http or https/ }],
  ['publishedAt without zone', { publishedAt: '2023-06-15T10:00:00' }, { path: 'publishedAt', message: /time zone/ }],
  ['publishedAt impossible date', { publishedAt: '2023-02-30T10:00:00Z' }, { path: 'publishedAt', message: /real date/ }],
  ['title not a string', { title: 42 }, { path: 'title', message: /must be a string/ }],
];

test.each(badInput)('400 validation_failed: %s', (_name, overrides, expected) => {
  const raw: Record<string, unknown> = { ...fixtureInput(), ...overrides };
  for (const key of Object.keys(raw)) if (raw[key] === undefined) delete raw[key];
  const error = rejected(raw);
  expect(error.status).toBe(400);
  expect(error.code).toBe('validation_failed');
  const details = error.details as { path: string; message: string }[];
  expect(details).toHaveLength(1);
  expect(details[0]!.path).toBe(expected.path);
  expect(details[0]!.message).toMatch(expected.message);
});

test('every problem is reported at once', () => {
  const error = rejected({ title: '', language: 'not a tag!!', countries: ['XX'], officials: ['foo'], extra: 1 });
  expect((error.details as { path: string }[]).map((d) => d.path).sort()).toEqual(
    ['body', 'countries[0]', 'extra', 'language', 'officials[0]', 'title'].sort(),
  );
});

test('a non-object body is refused', () => {
  for (const raw of [null, [], 'text', 3]) {
    const error = rejected(raw);
    expect(error.status).toBe(400);
    expect(error.details).toEqual([{ path: '', message: 'must be a JSON object' }]);
  }
});

test('a body over 100 KB of UTF-8 is 413, before and whatever the other errors', () => {
  const oversized = 'ə'.repeat(51_201); // 102 402 bytes, but only 51 201 characters
  const error = rejected({ body: oversized, title: '<script>', countries: ['XX'], unknown: true });
  expect(error.status).toBe(413);
  expect(error.code).toBe('payload_too_large');
  // Exactly at the limit is fine.
  const atLimit = 'ə'.repeat(51_200);
  expect(validateReleaseInput({ title: 'T', language: 'az', body: atLimit }, known).body).toBe(atLimit);
});

test('validateOfficialInput normalises and validates', () => {
  expect(
    validateOfficialInput('sahibe-qafarova', {
      names: { AZ: ' Sahibə Qafarova ', en: 'Sahiba Gafarova' },
      role: { en: 'Chair of the Milli Majlis' },
      country: 'az',
    }),
  ).toEqual({
    slug: 'sahibe-qafarova',
    names: { az: 'Sahibə Qafarova', en: 'Sahiba Gafarova' },
    role: { en: 'Chair of the Milli Majlis' },
    country: 'AZ',
  });
  const error = failure(() => validateOfficialInput('ok', { names: {}, role: { 'not a tag!!': 'x' }, country: 'XX', x: 1 }));
  expect(error.status).toBe(400);
  expect(error.details).toEqual([
    { path: 'names', message: 'must have at least 1 entry' },
    { path: 'role["not a tag!!"]', message: expect.stringMatching(/BCP 47/) },
    { path: 'country', message: 'unknown country code: XX' },
    { path: 'x', message: 'unknown field: x' },
  ]);
  const badSlug = failure(() => validateOfficialInput('Not A Slug', { names: { az: 'x' }, role: {}, country: 'AZ' }));
  expect((badSlug.details as { path: string }[])[0]!.path).toBe('slug');
  const longName = failure(() => validateOfficialInput('x', { names: { az: 'a'.repeat(201) }, role: {}, country: 'AZ' }));
  expect(longName.details).toEqual([{ path: 'names.az', message: 'must be at most 200 characters' }]);
});

test('parseListQuery: defaults, string limit, upper-case country, empty values ignored', () => {
  expect(parseListQuery(undefined)).toEqual({ limit: 20 });
  expect(parseListQuery({ country: 'kz', official: 'sahibe-qafarova', limit: '100', cursor: 'abc' })).toEqual({
    country: 'KZ',
    official: 'sahibe-qafarova',
    limit: 100,
    cursor: 'abc',
  });
  expect(parseListQuery({ cursor: '', limit: undefined })).toEqual({ limit: 20 });
});

test.each([
  [{ limit: '0' }, 'limit'],
  [{ limit: '101' }, 'limit'],
  [{ limit: '2.5' }, 'limit'],
  [{ limit: 'ten' }, 'limit'],
  [{ country: 'XX' }, 'country'],
  [{ official: 'Not Slug' }, 'official'],
  [{ countries: 'KZ' }, 'countries'],
])('parseListQuery refuses %j', (query, path) => {
  const error = failure(() => parseListQuery(query));
  expect(error.status).toBe(400);
  expect((error.details as { path: string }[]).map((d) => d.path)).toEqual([path]);
});
