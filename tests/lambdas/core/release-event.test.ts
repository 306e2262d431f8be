import { describe, expect, test } from 'vitest';
import { eventIdOf, eventTypeOf, messageAttributes, releaseEvent, subjectOf } from '../../../lambdas/core/release-event.ts';
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
  embargo: false,
  changes: [],
  images: [],
  attachments: [],
  files: {},
};
const v2: Release = { ...v1, version: 2, title: 'Düzəliş', countries: ['KZ'], updatedAt: '2023-06-16T10:00:00.000Z' };
const retracted: Release = { ...v2, version: 3, status: 'retracted' };
// A typo fixed silently: version +1, the public date of the last change unchanged.
const minor: Release = { ...v2, version: 3, title: 'Düzəlis' };
const draft: Release = { ...v1, status: 'draft' };
const scheduled: Release = { ...v1, status: 'scheduled', publishedAt: '2030-01-01T10:00:00.000Z' };
const embargoed: Release = { ...scheduled, embargo: true };
const later = (release: Release, changes: Partial<Release> = {}): Release => ({ ...release, version: release.version + 1, updatedAt: '2029-01-01T00:00:00.000Z', ...changes });

describe('eventTypeOf', () => {
  test.each([
    ['a new release', undefined, v1, 'release.published'],
    ['a correction', v1, v2, 'release.updated'],
    ['a retraction', v2, retracted, 'release.retracted'],
    ['a rewrite of the same version', v1, v1, undefined],
    ['a deletion of the item', v1, undefined, undefined],
    ['an item created already retracted', undefined, retracted, undefined],
    ['a change to an already retracted release', retracted, { ...retracted, version: 4 }, undefined],
    ['a minor correction', v2, minor, undefined],
    ['a new draft', undefined, draft, undefined],
    ['a draft edited', draft, later(draft, { title: 'Yeni' }), undefined],
    ['a draft published', draft, later(draft, { status: 'published' }), 'release.published'],
    ['a draft scheduled without embargo', draft, later(scheduled), undefined],
    ['a new scheduled release', undefined, scheduled, undefined],
    ['a scheduled release published at its instant', scheduled, later(scheduled, { status: 'published' }), 'release.published'],
    ['a scheduled release deleted', scheduled, undefined, undefined],
    ['a new embargoed release', undefined, embargoed, 'release.embargoed'],
    ['a draft put under embargo', draft, later(embargoed), 'release.embargoed'],
    ['an embargoed release rescheduled', embargoed, later(embargoed, { publishedAt: '2030-01-02T10:00:00.000Z' }), 'release.embargoed'],
    ['an embargoed release edited', embargoed, later(embargoed, { title: 'Yeni' }), 'release.embargoed'],
    ['an embargoed release written again unchanged (only version and updatedAt moved)', embargoed, later(embargoed), undefined],
    ['an embargoed release published at its instant', embargoed, later(embargoed, { status: 'published', embargo: false }), 'release.published'],
    ['an embargo lifted (scheduled, no embargo)', embargoed, later(embargoed, { embargo: false }), 'release.embargo-cancelled'],
    ['an embargoed release back to draft', embargoed, later(embargoed, { status: 'draft', embargo: false }), 'release.embargo-cancelled'],
    ['an embargoed release deleted', embargoed, undefined, 'release.embargo-cancelled'],
  ] as const)('%s → %s', (_name, previous, next, expected) => {
    expect(eventTypeOf(previous, next)).toBe(expected);
  });
});

describe('subjectOf', () => {
  test('a cancelled embargo tells about the release as partners were given it, not what it became', () => {
    const changed = later(embargoed, { status: 'draft', embargo: false, title: 'Başqa', countries: ['AZ'] });
    expect(subjectOf('release.embargo-cancelled', embargoed, changed)).toBe(embargoed);
    expect(subjectOf('release.embargo-cancelled', embargoed, undefined)).toBe(embargoed);
    // Its attributes then still match the filters of the partners who had it.
    expect(messageAttributes('release.embargo-cancelled', embargoed).countries?.StringValue).toBe('["KZ","RU"]');
  });

  test('every other event tells about the new image', () => {
    const published = later(embargoed, { status: 'published', embargo: false });
    expect(subjectOf('release.published', embargoed, published)).toBe(published);
    expect(subjectOf('release.updated', v1, v2)).toBe(v2);
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

  test('an embargoed release travels whole, with the end of its embargo, and is listed in no feed yet', () => {
    const event = releaseEvent('release.embargoed', embargoed, 'https://f.example');
    expect(event.release.body).toBe(embargoed.body);
    expect(event.release.bodyFormat).toBe('text');
    expect(event.embargoUntil).toBe('2030-01-01T10:00:00.000Z');
    expect(event.feeds).toEqual({});
  });

  test('a major correction carries its new note; one without a note, or a later event, carries none', () => {
    const noted = later(v2, { changes: [{ at: '2029-01-01T00:00:00.000Z', note: 'Tarix düzəldildi.' }] });
    expect(releaseEvent('release.updated', noted, 'https://f.example', v2).changeNote).toBe('Tarix düzəldildi.');
    expect(releaseEvent('release.updated', later(noted), 'https://f.example', noted)).not.toHaveProperty('changeNote');
    expect(releaseEvent('release.retracted', later(noted, { status: 'retracted' }), 'https://f.example', noted)).not.toHaveProperty('changeNote');
  });

  test('a retraction carries its public note', () => {
    const event = releaseEvent('release.retracted', { ...retracted, retractionNote: 'Səhvən dərc edilib.' }, 'https://f.example', v2);
    expect(event.release.retractionNote).toBe('Səhvən dərc edilib.');
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
      audience: { DataType: 'String', StringValue: 'public' },
      language: { DataType: 'String', StringValue: 'az' },
      countries: { DataType: 'String.Array', StringValue: '["KZ","RU"]' },
      officials: { DataType: 'String.Array', StringValue: '["sahibe-qafarova"]' },
    });
  });

  test('empty lists are left out (SNS refuses an empty String.Array)', () => {
    const attributes = messageAttributes('release.published', { ...v1, countries: [], officials: [] });
    expect(Object.keys(attributes).sort()).toEqual(['audience', 'eventId', 'language', 'type']);
  });

  test('embargo events go to the embargoed audience only', () => {
    expect(messageAttributes('release.embargoed', embargoed).audience?.StringValue).toBe('embargoed');
    expect(messageAttributes('release.embargo-cancelled', embargoed).audience?.StringValue).toBe('embargoed');
    expect(messageAttributes('release.published', later(embargoed, { status: 'published' })).audience?.StringValue).toBe('public');
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
