// The lifecycle's decisions that the API tests cannot reach on time: instants that have just
// passed, and what DELETE does in each state.
import { describe, expect, test } from 'vitest';
import { publishDue, removalOf, revise } from '../../../lambdas/core/release-lifecycle.ts';
import type { Release, ReleaseContent } from '../../../lambdas/core/release.ts';
import { ApiError } from '../../../lambdas/core/errors.ts';
import { fixtureRelease2023 } from './feeds/feed-fixtures.ts';

const instant = '2030-01-01T10:00:00.000Z';
const scheduled: Release = fixtureRelease2023({ status: 'scheduled', embargo: true, publishedAt: instant });
const input = (changes: Partial<ReleaseContent> = {}): ReleaseContent => {
  const { id: _id, version: _v, updatedAt: _u, status: _s, changes: _c, retractionNote: _r, ...content } = scheduled;
  return { ...content, status: 'published', ...changes };
};
const justAfter = new Date(Date.parse(instant) + 500);

describe('a scheduled release whose instant has just passed', () => {
  test('restating its instant publishes it at that instant, its embargo over', () => {
    const next = revise(scheduled, input({ publishedAt: instant, embargo: true }), justAfter);
    expect(next).toMatchObject({ status: 'published', publishedAt: instant, embargo: false, version: 2 });
  });

  test('any other past time is a backdating, refused', () => {
    expect(() => revise(scheduled, input({ publishedAt: '2029-12-31T10:00:00.000Z' }), justAfter)).toThrow(ApiError);
  });

  test('publishDue makes it public at its instant, never before it', () => {
    expect(publishDue(scheduled, new Date(Date.parse(instant) - 1))).toBeUndefined();
    expect(publishDue(scheduled, new Date(instant))).toMatchObject({ status: 'published', publishedAt: instant, version: 2, embargo: false });
    expect(publishDue({ ...scheduled, status: 'draft' }, justAfter)).toBeUndefined();
  });
});

describe('removalOf', () => {
  const published = fixtureRelease2023();
  const retracted: Release = { ...published, version: 2, status: 'retracted', retractionNote: 'Səhvən.' };

  test('deletes what was never public, and refuses a note for it', () => {
    expect(removalOf(scheduled, undefined, justAfter)).toEqual({ kind: 'delete' });
    expect(() => removalOf({ ...scheduled, status: 'draft' }, 'x', justAfter)).toThrow(expect.objectContaining({ status: 400 }));
  });

  test('retracts a published release with its note', () => {
    const removal = removalOf(published, 'Səhvən.', justAfter);
    expect(removal).toMatchObject({ kind: 'retract', next: { status: 'retracted', retractionNote: 'Səhvən.', version: 2 } });
  });

  test('retracting again changes nothing; another note would change it, a 409', () => {
    expect(removalOf(retracted, undefined, justAfter)).toEqual({ kind: 'unchanged' });
    expect(removalOf(retracted, 'Səhvən.', justAfter)).toEqual({ kind: 'unchanged' });
    expect(() => removalOf(retracted, 'Başqa qeyd', justAfter)).toThrow(expect.objectContaining({ status: 409 }));
  });
});
