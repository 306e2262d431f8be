import { describe, expect, test } from 'vitest';
import { recipientsOf, type Follow } from '../../../../lambdas/core/alerts/recipients.ts';

const follow = (subscriberId: string, feed: string, frequency: Follow['frequency'] = 'immediately', language = 'az'): Follow => ({
  subscriberId,
  address: `${subscriberId.toLowerCase()}@example.org`,
  frequency,
  language,
  feed,
});

describe('the recipients of one release event', () => {
  test('one alert per subscriber, however many of the release\'s feeds they follow', () => {
    const recipients = recipientsOf([follow('B', 'all'), follow('A', 'all'), follow('B', 'country#KZ'), follow('B', 'official#maulen-ashimbayev')]);
    expect(recipients.map((r) => [r.subscriberId, r.feed])).toEqual([
      ['A', 'all'],
      ['B', 'official#maulen-ashimbayev'],
    ]);
  });

  test('at once wins over the digest, then the narrowest feed: an official, a country, everything; a language section first', () => {
    expect(recipientsOf([follow('A', 'official#x', 'daily'), follow('A', 'all', 'immediately')])[0]).toMatchObject({ frequency: 'immediately', feed: 'all' });
    expect(recipientsOf([follow('A', 'all', 'daily'), follow('A', 'country#KZ', 'daily')])[0]).toMatchObject({ frequency: 'daily', feed: 'country#KZ' });
    expect(recipientsOf([follow('A', 'country#KZ'), follow('A', 'ru:country#KZ')])[0]?.feed).toBe('ru:country#KZ');
    expect(recipientsOf([follow('A', 'ru:all'), follow('A', 'country#KZ')])[0]?.feed).toBe('country#KZ');
  });

  test('an alert about a language section is in its language; any other in the subscriber\'s', () => {
    expect(recipientsOf([follow('A', 'ru:all', 'immediately', 'az')])[0]?.language).toBe('ru');
    expect(recipientsOf([follow('A', 'all', 'immediately', 'en')])[0]?.language).toBe('en');
  });

  test('no follows, no recipients', () => {
    expect(recipientsOf([])).toEqual([]);
  });
});
