import { describe, expect, test } from 'vitest';
import { displayDate, renderHtmlPage } from '../../../../lambdas/core/feeds/render-html-page.ts';
import { resolveFeed } from '../../../../lambdas/core/feeds/resolve-feed.ts';
import { context, FIXTURE, fixtureRelease2023, hostileRelease } from './feed-fixtures.ts';
import { expectNoIllegalCharacters } from './xml-checks.ts';

const page = renderHtmlPage(resolveFeed(context({ kind: 'country', code: 'KZ' }, [fixtureRelease2023()])));

describe('renderHtmlPage', () => {
  test('a localised document: lang, charset, viewport, title', () => {
    expect(page.startsWith('<!doctype html>\n<html lang="az">')).toBe(true);
    expect(page).toContain('<meta charset="utf-8">');
    expect(page).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    expect(page).toContain('<title>Milli Məclis — Qazaxıstan</title>');
    expect(page).toContain('Bütün lentlər');
  });

  test('autodiscovery for every format and visible subscribe links', () => {
    for (const [type, extension] of [
      ['application/rss+xml', 'rss'],
      ['application/atom+xml', 'atom'],
      ['application/feed+json', 'json'],
    ] as const) {
      expect(page).toMatch(new RegExp(`<link rel="alternate" type="${type.replace('+', '\\+')}" title="[^"]+" href="http://127\\.0\\.0\\.1:3000/feeds/countries/kz\\.${extension}">`));
      expect(page).toContain(`<a href="http://127.0.0.1:3000/feeds/countries/kz.${extension}" type="${type}">`);
    }
  });

  test('the releases with date, title, summary and link', () => {
    expect(page).toContain(`<a href="https://www.meclis.gov.az/news.php?id=1">${FIXTURE.title}</a>`);
    expect(page).toContain('<time datetime="2023-06-15T10:00:00.000Z">15 iyun 2023, 14:00</time>');
    expect(page).toContain(fixtureRelease2023().summary);
  });

  test('no script, no XSLT, no external resources', () => {
    expect(page).not.toMatch(/<script|xml-stylesheet|<link rel="stylesheet"|<img/i);
    expect(page).toContain("default-src 'none'");
  });

  test('everything from data is escaped', () => {
    const hostile = renderHtmlPage(
      resolveFeed(context({ kind: 'all' }, [hostileRelease({ url: 'https://example.org/?a=1&b="x"' }), hostileRelease({ url: 'javascript:alert(1)' })])),
    );
    expectNoIllegalCharacters(hostile);
    expect(hostile).not.toContain('<script>');
    expect(hostile).not.toContain('<b>tags</b>');
    expect(hostile).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(hostile).toContain('href="https://example.org/?a=1&amp;b=%22x%22"');
    expect(hostile).not.toContain('javascript:');
    expect(hostile).toContain('😀');
  });

  test('an empty feed says so, in its language', () => {
    expect(renderHtmlPage(resolveFeed(context({ kind: 'all' }, [], { language: 'ru' })))).toContain('Пресс-релизов пока нет.');
  });

  test('dates are shown in Baku time in the page language', () => {
    const date = new Date('2023-06-15T10:00:00Z');
    expect(displayDate(date, 'az', 'Asia/Baku')).toBe('15 iyun 2023, 14:00');
    expect(displayDate(date, 'en', 'Asia/Baku')).toBe('June 15, 2023, 14:00');
    expect(displayDate(date, 'ru', 'Asia/Baku')).toBe('15 июня 2023 г., 14:00');
  });
});

test('an empty feed that never changed shows no epoch date', () => {
  const empty = renderHtmlPage(resolveFeed(context({ kind: 'country', code: 'TR' }, [])));
  expect(empty).not.toContain('1970');
  expect(renderHtmlPage(resolveFeed(context({ kind: 'country', code: 'TR' }, [], { changedAt: '2024-02-01T00:00:00Z' })))).toContain(
    '<time datetime="2024-02-01T00:00:00.000Z">1 fevral 2024, 04:00</time>',
  );
});
