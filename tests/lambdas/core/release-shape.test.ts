// The release's fields are declared once, in the input schema; the stored item, the API
// answer and the event follow from it. These tests are checked by tsc (npm test runs
// `tsc --noEmit` first) as much as by vitest: a wrong type is a compile error here.
import { describe, expect, expectTypeOf, test } from 'vitest';
import * as v from 'valibot';
import { RELEASE_CONTENT_ENTRIES, ReleaseSchema, releaseEntriesFrom } from '../../../lambdas/core/release-schema.ts';
import type { Release, ReleaseInput, RequestDirective, ServerField } from '../../../lambdas/core/release.ts';
import {
  CARRIED_IN_EVENT,
  EventReleaseSchema,
  releaseEvent,
  type ChosenFields,
  type EventRelease,
  type FieldDecisions,
  type ReleaseEvent,
} from '../../../lambdas/core/release-event.ts';
import { toRelease, type StoredReleaseItem } from '../../../lambdas/adapters/release-repository.ts';

const CONTRACT_ORDER = [
  'id', 'version', 'title', 'summary', 'body', 'bodyFormat', 'language', 'countries', 'officials', 'url', 'publishedAt', 'images',
  'attachments', 'embargo', 'changes', 'retractionNote', 'translationOf', 'group', 'files', 'updatedAt', 'status', 'translations', 'links',
];
/** What the event's release object carries: the release without its body and its history. */
const EVENT_ORDER = CONTRACT_ORDER.filter((key) => !['body', 'bodyFormat', 'changes'].includes(key));

const release: Release = {
  id: '01HZX3K6J5Q0000000000000AB',
  version: 2,
  title: 'Görüş',
  summary: 'Qısa məlumat',
  body: 'Mətn.',
  bodyFormat: 'text',
  language: 'az',
  countries: ['KZ'],
  officials: ['sahibe-qafarova'],
  url: 'https://meclis.gov.az/news/1',
  publishedAt: '2023-06-15T10:00:00.000Z',
  updatedAt: '2023-06-16T10:00:00.000Z',
  status: 'published',
  embargo: false,
  changes: [],
  images: [],
  attachments: [],
  files: {},
};

/** The keys of an order that the release has (a published one has no retractionNote; one without translations, no group; a stored one, no links). */
const ABSENT = ['retractionNote', 'translationOf', 'group', 'translations', 'links'];
const present = (order: string[]) => order.filter((key) => !ABSENT.includes(key));

describe('types follow the schemas', () => {
  test('every input field is a release field; the rest are the server\'s', () => {
    expectTypeOf<keyof Release>().toEqualTypeOf<Exclude<keyof ReleaseInput, RequestDirective> | ServerField>();
    expectTypeOf<Release['status']>().toEqualTypeOf<'draft' | 'scheduled' | 'published' | 'retracted'>();
    expectTypeOf<Release['embargo']>().toEqualTypeOf<boolean>();
    expectTypeOf<Release['bodyFormat']>().toEqualTypeOf<'text' | 'html'>();
    expectTypeOf<Release['summary']>().toEqualTypeOf<string>();
    expectTypeOf<Release['publishedAt']>().toEqualTypeOf<string>();
    expectTypeOf<Release>().toHaveProperty('url').toEqualTypeOf<string | undefined>();
  });

  test('the stored item is the release plus the table\'s attributes', () => {
    expectTypeOf<Omit<StoredReleaseItem, 'pk' | 'sk' | 'entity'>>().toEqualTypeOf<Release>();
  });

  test('the event carries what CARRIED_IN_EVENT says, and its schema infers the same type', () => {
    expectTypeOf<EventRelease>().toEqualTypeOf<Omit<Release, 'body' | 'bodyFormat' | 'changes'>>();
    expectTypeOf<v.InferOutput<typeof EventReleaseSchema>>().toEqualTypeOf<EventRelease>();
    // Only an embargoed release travels whole.
    expectTypeOf<Omit<ReleaseEvent['release'], 'body' | 'bodyFormat'>>().toEqualTypeOf<EventRelease>();
    expectTypeOf<ReleaseEvent['release']>().toHaveProperty('body').toEqualTypeOf<string | undefined>();
  });

  test('a field added to the input schema reaches the release, the stored item and (once decided) the event', () => {
    const Extended = v.object(
      releaseEntriesFrom({
        ...RELEASE_CONTENT_ENTRIES,
        subtitle: v.optional(v.string()),
        priority: v.optional(v.picklist(['normal', 'urgent']), 'normal'),
      }),
    );
    type ExtendedRelease = v.InferOutput<typeof Extended>;
    expectTypeOf<ExtendedRelease>().toHaveProperty('subtitle').toEqualTypeOf<string | undefined>();
    // A defaulted input field is always there once stored.
    expectTypeOf<ExtendedRelease['priority']>().toEqualTypeOf<'normal' | 'urgent'>();
    expectTypeOf<StoredReleaseItem & Omit<ExtendedRelease, keyof Release>>().toHaveProperty('priority');

    // The event's decision table no longer compiles: the new fields are undecided.
    // @ts-expect-error subtitle and priority are missing from the table
    const undecided: FieldDecisions<ExtendedRelease> = CARRIED_IN_EVENT;
    const decided = { ...CARRIED_IN_EVENT, subtitle: true, priority: false } as const satisfies FieldDecisions<ExtendedRelease>;
    expectTypeOf<ChosenFields<ExtendedRelease, typeof decided>>().toHaveProperty('subtitle');
    expectTypeOf<ChosenFields<ExtendedRelease, typeof decided>>().not.toHaveProperty('priority');
    expect(undecided).toBe(CARRIED_IN_EVENT);

    // At run time the new field is parsed, defaulted ones are required, and the order holds.
    const stored = v.parse(Extended, { ...release, subtitle: 'Alt başlıq', priority: 'urgent' });
    const contentEnd = CONTRACT_ORDER.indexOf('changes');
    expect(Object.keys(stored)).toEqual(present([...CONTRACT_ORDER.slice(0, contentEnd), 'subtitle', 'priority', ...CONTRACT_ORDER.slice(contentEnd)]));
    expect(v.safeParse(Extended, { ...release, subtitle: 'x' }).success).toBe(false);
  });
});

describe('the shapes at run time', () => {
  test('the release schema lists the fields in the contract\'s order', () => {
    expect(Object.keys(ReleaseSchema.entries)).toEqual(CONTRACT_ORDER);
  });

  test('every field of the release is decided for the event', () => {
    expect(Object.keys(CARRIED_IN_EVENT).sort()).toEqual([...CONTRACT_ORDER].sort());
    const event = releaseEvent('release.updated', release, 'https://f.example');
    expect(Object.keys(event.release)).toEqual(present(EVENT_ORDER));
    expect(v.parse(EventReleaseSchema, event.release)).toEqual(event.release);
  });

  test('toRelease drops the table attributes and returns the fields in the schema\'s order', () => {
    const item: Record<string, unknown> = { pk: `release#${release.id}`, sk: 'release', entity: 'release' };
    for (const key of [...CONTRACT_ORDER].reverse()) item[key] = release[key as keyof Release];
    const read = toRelease(item);
    expect(read).toEqual(release);
    expect(Object.keys(read)).toEqual(CONTRACT_ORDER);
  });

  test('an item stored before the lifecycle fields existed reads with their defaults', () => {
    const { embargo: _embargo, changes: _changes, ...older } = release;
    const read = toRelease({ pk: `release#${release.id}`, sk: 'release', entity: 'release', ...older });
    expect(read.embargo).toBe(false);
    expect(read.changes).toEqual([]);
  });

  test('toRelease refuses a stored item that misses a field or holds a wrong one, naming it', () => {
    const { countries: _countries, ...withoutCountries } = release;
    expect(() => toRelease({ pk: 'release#x', sk: 'release', entity: 'release', ...withoutCountries })).toThrow(/release#x.*countries/);
    expect(() => toRelease({ ...release, version: '2' })).toThrow(/version/);
    expect(() => toRelease({ ...release, status: 'deleted' })).toThrow(/status/);
  });
});
