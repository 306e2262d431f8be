// The group decisions, pure: what each reader sees of a group, and what a write leaves in it.
import { describe, expect, test } from 'vitest';
import { checkNotBeforeOriginal, membersAfter, membersJoined, translationsFor, type GroupMembers, membersToRelink } from '../../../lambdas/core/translations.ts';
import type { Release } from '../../../lambdas/core/release.ts';

const members: GroupMembers = {
  ru: { id: 'R', status: 'published', url: 'https://example.org/ru' },
  az: { id: 'A', status: 'published' },
  en: { id: 'E', status: 'draft' },
  tr: { id: 'T', status: 'retracted' },
};
const link = (member: { id: string; url?: string }) => member.url ?? `api/${member.id}`;

test('the public sees public members, the press office all but the retracted; never the release itself; sorted by language', () => {
  expect(translationsFor({ id: 'A', language: 'az' }, members, 'public', link)).toEqual([{ language: 'ru', id: 'R', url: 'https://example.org/ru' }]);
  expect(translationsFor({ id: 'A', language: 'az' }, members, 'press', link)).toEqual([
    { language: 'en', id: 'E', url: 'api/E' },
    { language: 'ru', id: 'R', url: 'https://example.org/ru' },
  ]);
});

const release = (fields: Partial<Release>) => ({ id: 'N', language: 'kk', status: 'published', url: undefined, ...fields }) as Release;

test('a write puts the member under its language with its state; a deletion takes it out; a new group gets the release it started from', () => {
  expect(membersAfter(members, release({ id: 'E', language: 'en', status: 'published' })).en).toEqual({ id: 'E', status: 'published' });
  expect(Object.keys(membersAfter(members, release({ id: 'T', language: 'tr' }), true))).toEqual(['ru', 'az', 'en']);
  expect(membersJoined({}, release({ id: 'E', language: 'en', url: 'https://x.test/en' }), release({ id: 'A', language: 'az', status: 'scheduled' }))).toEqual({
    az: { id: 'A', status: 'scheduled' },
    en: { id: 'E', status: 'published', url: 'https://x.test/en' },
  });
});

test('a translation may not be public, or scheduled earlier, while the release it translates is not public', () => {
  const original = release({ id: 'A', status: 'scheduled', publishedAt: '2030-01-01T10:00:00.000Z' });
  const translation = (fields: Partial<Release>) => release({ translationOf: 'A', ...fields });
  expect(() => checkNotBeforeOriginal(translation({ status: 'published' }), original)).toThrow(/not public yet/);
  expect(() => checkNotBeforeOriginal(translation({ status: 'scheduled', publishedAt: '2030-01-01T09:59:59.000Z' }), original)).toThrow(/scheduled for/);
  expect(() => checkNotBeforeOriginal(translation({ status: 'scheduled', publishedAt: '2030-01-01T10:00:00.000Z' }), original)).not.toThrow();
  expect(() => checkNotBeforeOriginal(translation({ status: 'scheduled', publishedAt: '2031-01-01T00:00:00.000Z' }), release({ id: 'A', status: 'draft' }))).toThrow(/a draft/);
  expect(() => checkNotBeforeOriginal(translation({ status: 'published' }), release({ id: 'A', status: 'published' }))).not.toThrow();
  // The release it translates was deleted (a draft): nothing left to wait for.
  expect(() => checkNotBeforeOriginal(translation({ status: 'published' }), undefined)).not.toThrow();
});

describe('membersToRelink', () => {
  const az = { id: 'A', status: 'published' as const };
  const en = { id: 'E', status: 'published' as const };
  test('a member becoming public relinks every public member, before and after', () => {
    expect(membersToRelink({ az }, { az, en }).sort()).toEqual(['A', 'E']);
  });
  test('a retraction relinks the members that linked it, and it', () => {
    expect(membersToRelink({ az, en }, { az, en: { ...en, status: 'retracted' } }).sort()).toEqual(['A', 'E']);
  });
  test('a draft joining, or a write that changes no public link, relinks nothing', () => {
    expect(membersToRelink({ az }, { az, en: { id: 'E', status: 'draft' } })).toEqual([]);
    expect(membersToRelink({ az, en }, { az, en })).toEqual([]);
  });
  test('a public member whose url changes relinks the others', () => {
    expect(membersToRelink({ az, en }, { az, en: { ...en, url: 'https://example.org/en' } }).sort()).toEqual(['A', 'E']);
  });
});
