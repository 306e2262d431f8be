import { describe, expect, test } from 'vitest';
import { eventIdOf, eventTypeOf, messageAttributes, releaseEvent } from '../../../lambdas/core/release-event.ts';
import type { Release } from '../../../lambdas/core/release.ts';

const v1: Release = {
  id: '01HZX3K6J5Q0000000000000AB',
  version: 1,
  title: 'Görüş',
  summary: 'Qısa məlumat',
  body: 'x'.repeat(90_000),
  bodyFormat: 'text',
  language: 'az',
  countries: ['KZ', 'RU'],
  officials: ['sahibe-qafarova'],
  publishedAt: '2023-06-15T10:00:00.000Z',
  updatedAt: '2023-06-15T10:00:00.000Z',
  status: 'published',
};
const v2: Release = { ...v1, version: 2, title: 'Düzəliş', countries: ['KZ'] };
const retracted: Release = { ...v2, version: 3, status: 'retracted' };

describe('eventTypeOf', () => {
  test.each([
    ['a new release', undefined, v1, 'release.published'],
    ['a correction', v1, v2, 'release.updated'],
    ['a retraction', v2, retracted, 'release.retracted'],
    ['a rewrite of the same version', v1, v1, undefined],
    ['a deletion of the item', v1, undefined, undefined],
    ['an item created already retracted', undefined, retracted, undefined],
    ['a change to an already retracted release', retracted, { ...retracted, version: 4 }, undefined],
  ] as const)('%s → %s', (_name, previous, next, expected) => {
    expect(eventTypeOf(previous, next)).toBe(expected);
  });
});

describe('releaseEvent', () => {
  test('carries the summary and links, never the body, so it stays small', () => {
    const event = releaseEvent('release.published', v1, 'https://feeds.example.org/');
    expect(event.release).not.toHaveProperty('body');
    expect(event.release).not.toHaveProperty('bodyFormat');
    expect(event.release.summary).toBe('Qısa məlumat');
    expect(Buffer.byteLength(JSON.stringify(event))).toBeLessThan(4_000);
    expect(event.feeds).toEqual({
      all: {
        rss: 'https://feeds.example.org/feeds/all.rss',
        atom: 'https://feeds.example.org/feeds/all.atom',
        json: 'https://feeds.example.org/feeds/all.json',
        html: 'https://feeds.example.org/feeds/all.html',
      },
      'countries/kz': expect.objectContaining({ rss: 'https://feeds.example.org/feeds/countries/kz.rss' }),
      'countries/ru': expect.objectContaining({ json: 'https://feeds.example.org/feeds/countries/ru.json' }),
      'officials/sahibe-qafarova': expect.objectContaining({ atom: 'https://feeds.example.org/feeds/officials/sahibe-qafarova.atom' }),
    });
  });

  test('a retraction lists the feeds the release was in', () => {
    const event = releaseEvent('release.retracted', retracted, 'https://f.example', v2);
    expect(Object.keys(event.feeds)).toEqual(['all', 'countries/kz', 'officials/sahibe-qafarova']);
  });
});

describe('messageAttributes', () => {
  test('type, language and the lists as String.Array', () => {
    expect(messageAttributes('release.updated', v1)).toEqual({
      eventId: { DataType: 'String', StringValue: '01HZX3K6J5Q0000000000000AB.1.updated' },
      type: { DataType: 'String', StringValue: 'release.updated' },
      language: { DataType: 'String', StringValue: 'az' },
      countries: { DataType: 'String.Array', StringValue: '["KZ","RU"]' },
      officials: { DataType: 'String.Array', StringValue: '["sahibe-qafarova"]' },
    });
  });

  test('empty lists are left out (SNS refuses an empty String.Array)', () => {
    const attributes = messageAttributes('release.published', { ...v1, countries: [], officials: [] });
    expect(Object.keys(attributes).sort()).toEqual(['eventId', 'language', 'type']);
  });
});

describe('eventId', () => {
  test('the same for a resend of the same version and type, in the body and the attribute alike', () => {
    const first = releaseEvent('release.updated', v2, 'https://f.example', v1);
    const resend = releaseEvent('release.updated', { ...v2 }, 'https://other.example', v1);
    expect(resend.eventId).toBe(first.eventId);
    expect(messageAttributes('release.updated', v2).eventId?.StringValue).toBe(first.eventId);
  });

  test('different for another version, another type or another release', () => {
    const ids = [
      eventIdOf('release.published', v1),
      eventIdOf('release.updated', v2),
      eventIdOf('release.retracted', retracted),
      eventIdOf('release.updated', { ...v2, version: 3 }),
      eventIdOf('release.published', { ...v1, id: '01HZX3K6J5Q0000000000000AC' }),
    ];
    expect(new Set(ids).size).toBe(ids.length);
  });
});
