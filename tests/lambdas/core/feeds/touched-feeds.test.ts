import { describe, expect, test } from 'vitest';
import { latestTime, touchedFeeds, type FeedChange } from '../../../../lambdas/core/feeds/touched-feeds.ts';

// A language the site has no feeds for, so these cases see the language-neutral feeds only.
const release = (countries: string[], officials: string[], updatedAt = '2024-01-01T00:00:00.000Z', status: 'published' | 'retracted' = 'published', language = 'tr') => ({
  countries,
  officials,
  updatedAt,
  status,
  language,
});
const LANGUAGES = ['az', 'en', 'ru'];

const keys = (changes: FeedChange[]) => touchedFeeds(changes, LANGUAGES).map((feed) => feed.key);

describe('touchedFeeds', () => {
  test('a new release touches all, each of its countries and each of its officials', () => {
    expect(keys([{ id: '1', next: release(['KZ', 'RU', 'AZ'], ['sahibe-qafarova', 'maulen-ashimbayev']) }])).toEqual([
      'all',
      'country#AZ',
      'country#KZ',
      'country#RU',
      'official#maulen-ashimbayev',
      'official#sahibe-qafarova',
    ]);
  });

  test('a correction touches the union of old and new feeds; the ones it left carry the correction time', () => {
    const touched = touchedFeeds([
      {
        id: '1',
        previous: release(['KZ', 'RU'], ['sahibe-qafarova'], '2024-01-01T00:00:00.000Z'),
        next: release(['KZ', 'TR'], ['ilham-aliyev'], '2024-02-01T00:00:00.000Z'),
      },
    ], LANGUAGES);
    expect(touched.map((feed) => feed.key)).toEqual([
      'all',
      'country#KZ',
      'country#RU',
      'country#TR',
      'official#ilham-aliyev',
      'official#sahibe-qafarova',
    ]);
    const removed = Object.fromEntries(touched.map((feed) => [feed.key, feed.removedAt]));
    expect(removed).toEqual({
      all: undefined,
      'country#KZ': undefined,
      'country#RU': '2024-02-01T00:00:00.000Z',
      'country#TR': undefined,
      'official#ilham-aliyev': undefined,
      'official#sahibe-qafarova': '2024-02-01T00:00:00.000Z',
    });
  });

  test('a retraction touches every feed the release was in, each with the retraction time', () => {
    const touched = touchedFeeds([
      { id: '7', previous: release(['KZ'], ['maulen-ashimbayev']), next: release(['KZ'], ['maulen-ashimbayev'], '2024-03-01T00:00:00.000Z', 'retracted') },
    ], LANGUAGES);
    expect(touched.map((feed) => [feed.key, feed.removedAt])).toEqual([
      ['all', '2024-03-01T00:00:00.000Z'],
      ['country#KZ', '2024-03-01T00:00:00.000Z'],
      ['official#maulen-ashimbayev', '2024-03-01T00:00:00.000Z'],
    ]);
  });

  test('a change between retracted images touches nothing', () => {
    expect(keys([{ id: '1', previous: release(['KZ'], [], undefined, 'retracted'), next: release(['KZ'], [], undefined, 'retracted') }])).toEqual([]);
  });

  test('several changes touching one feed render it once and remember every change', () => {
    const touched = touchedFeeds([
      { id: 'a', next: release(['KZ'], []) },
      { id: 'b', next: release(['KZ', 'RU'], []) },
      { id: 'b', next: release(['KZ', 'RU'], []) },
      { id: 'c', next: release(['TR'], []) },
    ], LANGUAGES);
    expect(touched.map((feed) => [feed.key, feed.changeIds])).toEqual([
      ['all', ['a', 'b', 'c']],
      ['country#KZ', ['a', 'b']],
      ['country#RU', ['b']],
      ['country#TR', ['c']],
    ]);
  });

  test('removedAt is the latest removal among the changes, whatever their order', () => {
    const touched = touchedFeeds([
      { id: 'a', previous: release(['KZ'], []), next: release(['KZ'], [], '2024-05-01T00:00:00.000Z', 'retracted') },
      { id: 'b', previous: release(['KZ'], []), next: release(['KZ'], [], '2024-04-01T00:00:00.000Z', 'retracted') },
      { id: 'c', next: release(['KZ'], [], '2024-06-01T00:00:00.000Z') },
    ], LANGUAGES);
    expect(touched.find((feed) => feed.key === 'country#KZ')?.removedAt).toBe('2024-05-01T00:00:00.000Z');
  });
});

test('a release in one of the site\'s languages touches the same feeds in its language too; one in a regional variant, its primary language\'s', () => {
  expect(keys([{ id: '1', next: release(['KZ'], ['sahibe-qafarova'], undefined, 'published', 'ru') }])).toEqual([
    'all',
    'country#KZ',
    'official#sahibe-qafarova',
    'ru:all',
    'ru:country#KZ',
    'ru:official#sahibe-qafarova',
  ]);
  expect(keys([{ id: '1', next: release([], [], undefined, 'published', 'en-GB') }])).toEqual(['all', 'en:all']);
  const retracted = touchedFeeds([{ id: '1', previous: release(['KZ'], [], '2024-01-01T00:00:00.000Z', 'published', 'ru'), next: release(['KZ'], [], '2024-02-01T00:00:00.000Z', 'retracted', 'ru') }], LANGUAGES);
  expect(retracted.find((feed) => feed.key === 'ru:country#KZ')?.removedAt).toBe('2024-02-01T00:00:00.000Z');
});

test('latestTime compares instants, not strings', () => {
  expect(latestTime('2024-01-01T00:00:00Z', '2024-01-01T00:00:00.500Z')).toBe('2024-01-01T00:00:00.500Z');
  expect(latestTime(undefined, 'x')).toBe('x');
  expect(latestTime('y', undefined)).toBe('y');
});
