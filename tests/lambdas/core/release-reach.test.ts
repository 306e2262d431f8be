import { describe, expect, test } from 'vitest';
import { eventTypeOf, messageAttributes, releaseEvent, subjectOf } from '../../../lambdas/core/release-event.ts';
import { reachOf } from '../../../lambdas/core/release-reach.ts';
import type { Release } from '../../../lambdas/core/release.ts';
import { fixtureRelease2023 } from './feeds/feed-fixtures.ts';

const published: Release = fixtureRelease2023({ id: '01HZX3K6J5Q0000000000000AB', countries: ['KZ', 'AZ'] });
const later = (release: Release, changes: Partial<Release> = {}): Release => ({ ...release, version: release.version + 1, updatedAt: '2029-01-01T00:00:00.000Z', ...changes });
const draft: Release = { ...published, status: 'draft' };
const scheduled: Release = { ...published, status: 'scheduled', publishedAt: '2030-01-01T10:00:00.000Z' };
const embargoed: Release = { ...scheduled, embargo: true };
const toAzOnly = { countries: ['AZ'], officials: ['sahibe-qafarova'] };

/** What the notify handler sends for a change: the event type, the attributes and the body. */
function told(previous: Release | undefined, next: Release | undefined) {
  const type = eventTypeOf(previous, next)!;
  const subject = subjectOf(type, previous, next)!;
  const attributes = messageAttributes(type, subject, previous);
  const event = releaseEvent(type, subject, 'https://f.example', previous);
  return {
    type,
    countries: attributes.countries && JSON.parse(attributes.countries.StringValue),
    officials: attributes.officials && JSON.parse(attributes.officials.StringValue),
    language: attributes.language!.StringValue,
    removed: event.removed,
    release: event.release,
  };
}

describe('a change of a release partners were told about reaches the partners of before and after', () => {
  test.each([
    ['a major correction', published, later(published, toAzOnly), 'release.updated'],
    ['a retraction that also drops lists', published, later(published, { ...toAzOnly, status: 'retracted' }), 'release.retracted'],
    ['an embargoed release edited', embargoed, later(embargoed, toAzOnly), 'release.embargoed'],
    ['an embargoed release published with new lists', embargoed, later(embargoed, { ...toAzOnly, status: 'published', embargo: false }), 'release.published'],
  ] as const)('%s (%s → …)', (_name, previous, next, type) => {
    const sent = told(previous, next);
    expect(sent.type).toBe(type);
    expect(sent.countries).toEqual(['AZ', 'KZ']);
    expect(sent.officials).toEqual(['maulen-ashimbayev', 'sahibe-qafarova']);
    expect(sent.removed).toEqual({ countries: ['KZ'], officials: ['maulen-ashimbayev'] });
    // The release in the body is the new one: only the attributes reach further.
    expect(sent.release.countries).toEqual(['AZ']);
  });

  test('lists that only grow: the union is the new lists, and nothing is removed', () => {
    const sent = told(published, later(published, { countries: ['TR', 'KZ', 'AZ'] }));
    expect(sent.countries).toEqual(['AZ', 'KZ', 'TR']);
    expect(sent.removed).toBeUndefined();
  });

  test('removed keeps both lists, one of them empty when only the other kind left', () => {
    expect(told(published, later(published, { countries: ['AZ'] })).removed).toEqual({ countries: ['KZ'], officials: [] });
    expect(told(published, later(published, { officials: [] })).removed).toEqual({ countries: [], officials: ['maulen-ashimbayev', 'sahibe-qafarova'] });
  });

  test('a release that leaves every country still reaches the partners of those countries', () => {
    const sent = told(published, later(published, { countries: [] }));
    expect(sent.countries).toEqual(['AZ', 'KZ']);
    expect(sent.release.countries).toEqual([]);
    expect(sent.removed?.countries).toEqual(['AZ', 'KZ']);
  });

  test('the language is the new one only', () => {
    const sent = told(published, later(published, { language: 'ru' }));
    expect(sent.language).toBe('ru');
    expect(sent.removed).toBeUndefined();
  });
});

describe('a release nobody was told about reaches only the partners of its new lists', () => {
  test.each([
    ['a new release', undefined, published, 'release.published'],
    ['a draft published with other lists', draft, later(draft, { ...toAzOnly, status: 'published' }), 'release.published'],
    ['a scheduled release (no embargo) published with other lists', scheduled, later(scheduled, { ...toAzOnly, status: 'published' }), 'release.published'],
    ['a draft put under embargo with other lists', draft, later(embargoed, toAzOnly), 'release.embargoed'],
  ] as const)('%s', (_name, previous, next, type) => {
    const sent = told(previous, next);
    expect(sent.type).toBe(type);
    expect(sent.countries).toEqual(next === published ? ['AZ', 'KZ'] : ['AZ']);
    expect(sent.officials).toEqual(next === published ? ['maulen-ashimbayev', 'sahibe-qafarova'] : ['sahibe-qafarova']);
    expect(sent.removed).toBeUndefined();
  });
});

describe('a cancelled embargo', () => {
  test.each([
    ['back to draft with other lists', later(embargoed, { ...toAzOnly, status: 'draft', embargo: false })],
    ['embargo lifted with other lists', later(embargoed, { ...toAzOnly, embargo: false })],
    ['deleted', undefined],
  ])('%s: reaches the partners who had it, by its lists as they had them; nothing removed, nothing of the new lists', (_name, next) => {
    const sent = told(embargoed, next);
    expect(sent.type).toBe('release.embargo-cancelled');
    expect(sent.countries).toEqual(['AZ', 'KZ']);
    expect(sent.officials).toEqual(['maulen-ashimbayev', 'sahibe-qafarova']);
    expect(sent.removed).toBeUndefined();
  });

  test('the lists of the new image never reach a cancellation: a hidden release says nothing of what it became', () => {
    const sent = told(embargoed, later(embargoed, { countries: ['TR'], status: 'draft', embargo: false }));
    expect(sent.countries).toEqual(['AZ', 'KZ']);
  });
});

describe('reachOf', () => {
  test('sorted and deduplicated, whatever the order the release lists them in', () => {
    expect(reachOf({ ...published, countries: ['RU', 'KZ'] }, { ...published, countries: ['KZ', 'AZ'] })).toEqual({
      countries: ['AZ', 'KZ', 'RU'],
      officials: ['maulen-ashimbayev', 'sahibe-qafarova'],
      removed: { countries: ['AZ'], officials: [] },
    });
  });

  test('empty lists stay empty, so the attributes are left out (SNS refuses an empty String.Array)', () => {
    const bare = { ...published, countries: [], officials: [] };
    expect(reachOf(bare, later(bare))).toEqual({ countries: [], officials: [] });
    const attributes = messageAttributes('release.updated', later(bare), bare);
    expect(Object.keys(attributes).sort()).toEqual(['audience', 'eventId', 'language', 'type']);
  });
});
