import { describe, expect, test } from 'vitest';
import { languageTag } from '../../../../lambdas/core/feeds/feed-context.ts';
import { resolveFeed } from '../../../../lambdas/core/feeds/resolve-feed.ts';
import { context, fixtureRelease2023 } from './feed-fixtures.ts';

describe('languageTag', () => {
  test('keeps a BCP 47 tag and refuses what is not one', () => {
    expect(languageTag('az-Latn')).toBe('az-Latn');
    expect(languageTag('a"z')).toBeUndefined();
    expect(languageTag('')).toBeUndefined();
  });
});

describe('resolveFeed', () => {
  test('updated is the newest updatedAt of the releases, not the clock', () => {
    const resolved = resolveFeed(
      context({ kind: 'all' }, [
        fixtureRelease2023({ id: 'B', updatedAt: '2023-06-16T00:00:00Z' }),
        fixtureRelease2023({ id: 'A', updatedAt: '2023-07-01T12:00:00Z', publishedAt: '2023-06-01T00:00:00Z' }),
      ]),
    );
    expect(resolved.updated.toISOString()).toBe('2023-07-01T12:00:00.000Z');
  });

  test('changedAt only moves updated forward; an empty feed without it is the epoch', () => {
    const release = fixtureRelease2023({ updatedAt: '2023-06-16T00:00:00Z' });
    expect(resolveFeed(context({ kind: 'all' }, [release], { changedAt: '2023-08-01T00:00:00Z' })).updated.toISOString()).toBe('2023-08-01T00:00:00.000Z');
    expect(resolveFeed(context({ kind: 'all' }, [release], { changedAt: '2020-01-01T00:00:00Z' })).updated.toISOString()).toBe('2023-06-16T00:00:00.000Z');
    expect(resolveFeed(context({ kind: 'all' }, [])).updated.toISOString()).toBe('1970-01-01T00:00:00.000Z');
  });

  test('retracted releases are dropped and the order is newest first whatever the input order', () => {
    const resolved = resolveFeed(
      context({ kind: 'all' }, [
        fixtureRelease2023({ id: 'OLD', publishedAt: '2023-01-01T00:00:00Z' }),
        fixtureRelease2023({ id: 'GONE', status: 'retracted' }),
        fixtureRelease2023({ id: 'NEW', publishedAt: '2023-12-01T00:00:00Z' }),
      ]),
    );
    expect(resolved.entries.map((entry) => entry.releaseId)).toEqual(['NEW', 'OLD']);
  });

  test('the item link is the release url, else the release\'s page on the public site', () => {
    const withUrl = resolveFeed(context({ kind: 'all' }, [fixtureRelease2023()]));
    expect(withUrl.entries[0]?.link).toBe('https://www.meclis.gov.az/news.php?id=1');
    const { url: _url, ...withoutUrl } = fixtureRelease2023();
    const bad = fixtureRelease2023({ url: 'javascript:alert(1)' });
    expect(resolveFeed(context({ kind: 'all' }, [withoutUrl])).entries[0]?.link).toBe('http://127.0.0.1:3000/releases/01H3ABCDEF0123456789XYZKQM');
    expect(resolveFeed(context({ kind: 'all' }, [bad], { apiBaseUrl: 'https://api.example.org/', baseUrl: 'https://press.example.org/' })).entries[0]?.link).toBe(
      'https://press.example.org/releases/01H3ABCDEF0123456789XYZKQM',
    );
  });

  test('a feed of every language speaks the default language whatever its releases are in; a feed of one language speaks it', () => {
    const russian = [fixtureRelease2023({ language: 'ru' }), fixtureRelease2023({ id: 'B', language: 'ru' })];
    expect(resolveFeed(context({ kind: 'country', code: 'KZ' }, russian)).language).toBe('az');
    expect(resolveFeed(context({ kind: 'country', code: 'KZ' }, russian)).title).toBe('Milli Məclis — Qazaxıstan');
    const ru = resolveFeed(context({ kind: 'country', code: 'KZ', language: 'ru' }, russian));
    expect(ru.language).toBe('ru');
    expect(ru.title).toBe('Милли Меджлис — Казахстан');
    expect(ru.urls.rss).toBe('http://127.0.0.1:3000/feeds/ru/countries/kz.rss');
    expect(ru.urls.directory).toBe('http://127.0.0.1:3000/feeds/ru/');
  });

  test('an explicit language wins over the releases', () => {
    expect(resolveFeed(context({ kind: 'country', code: 'KZ' }, [fixtureRelease2023()], { language: 'ru' })).title).toBe('Милли Меджлис — Казахстан');
  });

  test('a base URL that is not http(s) is a configuration error', () => {
    expect(() => resolveFeed(context({ kind: 'all' }, [], { baseUrl: 'ftp://example.org' }))).toThrow(TypeError);
    expect(() => resolveFeed(context({ kind: 'all' }, [], { baseUrl: 'not a url' }))).toThrow();
  });
});
