import { describe, expect, test } from 'vitest';
import { languageEntryWrites } from '../../../../lambdas/core/feeds/language-entries.ts';

const LANGUAGES = ['az', 'en', 'ru'];
type Status = 'draft' | 'scheduled' | 'published' | 'retracted';
const image = (overrides: Partial<{ id: string; countries: string[]; officials: string[]; status: Status; language: string; publishedAt: string }> = {}) => ({
  id: 'R1',
  countries: ['KZ'],
  officials: ['sahibe-qafarova'],
  status: 'published' as Status,
  language: 'ru',
  publishedAt: '2024-01-01T00:00:00.000Z',
  ...overrides,
});
const keys = (entries: { feedKey: string; publishedAt: string; releaseId: string }[]) => entries.map((e) => `${e.feedKey} ${e.publishedAt} ${e.releaseId}`).sort();

describe('languageEntryWrites', () => {
  test('a published release gets the entries of its language\'s feeds, with its countries', () => {
    const writes = languageEntryWrites([{ next: image() }], LANGUAGES);
    expect(keys(writes.puts)).toEqual([
      'ru:all 2024-01-01T00:00:00.000Z R1',
      'ru:country#KZ 2024-01-01T00:00:00.000Z R1',
      'ru:official#sahibe-qafarova 2024-01-01T00:00:00.000Z R1',
    ]);
    expect(writes.puts[0]!.countries).toEqual(['KZ']);
    expect(writes.deletes).toEqual([]);
  });

  test('a draft, a scheduled release and a language the site does not have get none', () => {
    for (const next of [image({ status: 'draft' }), image({ status: 'scheduled' }), image({ language: 'tr' })]) {
      expect(languageEntryWrites([{ next }], LANGUAGES)).toEqual({ puts: [], deletes: [] });
    }
  });

  test('a correction that moves the country and the instant deletes what it left and puts what it is in', () => {
    const writes = languageEntryWrites([{ previous: image(), next: image({ countries: ['TR'], publishedAt: '2024-02-01T00:00:00.000Z' }) }], LANGUAGES);
    expect(keys(writes.deletes)).toEqual([
      'ru:all 2024-01-01T00:00:00.000Z R1',
      'ru:country#KZ 2024-01-01T00:00:00.000Z R1',
      'ru:official#sahibe-qafarova 2024-01-01T00:00:00.000Z R1',
    ]);
    expect(keys(writes.puts)).toEqual([
      'ru:all 2024-02-01T00:00:00.000Z R1',
      'ru:country#TR 2024-02-01T00:00:00.000Z R1',
      'ru:official#sahibe-qafarova 2024-02-01T00:00:00.000Z R1',
    ]);
  });

  test('a retraction deletes them all; publication and retraction in one batch leave none', () => {
    expect(keys(languageEntryWrites([{ previous: image(), next: image({ status: 'retracted' }) }], LANGUAGES).deletes)).toHaveLength(3);
    const both = languageEntryWrites([{ next: image() }, { previous: image(), next: image({ status: 'retracted' }) }], LANGUAGES);
    expect(both.puts).toEqual([]);
    expect(keys(both.deletes)).toHaveLength(3);
  });

  test('only the last image counts, so the tail of a batch retried from any record writes the same; no key is both put and deleted', () => {
    const first = { previous: image(), next: image({ officials: [] }) };
    const second = { previous: image({ officials: [] }), next: image({ officials: ['maulen-ashimbayev'] }) };
    const whole = languageEntryWrites([first, second], LANGUAGES);
    const tail = languageEntryWrites([second], LANGUAGES);
    expect(keys(whole.puts)).toEqual(keys(tail.puts));
    expect(keys(whole.puts)).toContain('ru:official#maulen-ashimbayev 2024-01-01T00:00:00.000Z R1');
    expect(keys(whole.deletes)).toEqual(['ru:official#sahibe-qafarova 2024-01-01T00:00:00.000Z R1']);
    const put = new Set(keys(whole.puts));
    for (const key of keys(whole.deletes)) expect(put.has(key)).toBe(false);
  });

  test('a regional tag is its primary language\'s, and two releases keep their own entries', () => {
    const writes = languageEntryWrites([{ next: image({ language: 'en-GB', countries: [], officials: [] }) }, { next: image({ id: 'R2', countries: [], officials: [] }) }], LANGUAGES);
    expect(keys(writes.puts)).toEqual(['en:all 2024-01-01T00:00:00.000Z R1', 'ru:all 2024-01-01T00:00:00.000Z R2']);
  });
});
