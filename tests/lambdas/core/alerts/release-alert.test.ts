import { describe, expect, test } from 'vitest';
import { releaseAlert } from '../../../../lambdas/core/alerts/release-alert.ts';
import { releaseEvent } from '../../../../lambdas/core/release-event.ts';
import { fixtureRelease2023 } from '../feeds/feed-fixtures.ts';

const BASE = 'https://press.example.org';
const LANGUAGES = ['az', 'en', 'ru'];
const published = fixtureRelease2023({ countries: ['KZ', 'AZ'], officials: ['sahibe-qafarova'], language: 'az' });

describe('what one release event mails', () => {
  test('a publication: to the followers of every feed it is in, language sections included, linking its page', () => {
    const alert = releaseAlert(releaseEvent('release.published', published, BASE), LANGUAGES, BASE)!;
    expect(alert.feeds).toEqual(['all', 'country#KZ', 'country#AZ', 'official#sahibe-qafarova', 'az:all', 'az:country#KZ', 'az:country#AZ', 'az:official#sahibe-qafarova']);
    expect(alert.entry).toMatchObject({ kind: 'published', pageUrl: `${BASE}/releases/${published.id}`, release: { title: published.title, summary: published.summary } });
    // The body stays on the page.
    expect(alert.entry.release).not.toHaveProperty('body');
  });

  test("a correction carries its note; a withdrawal goes to the feeds the release was in", () => {
    const corrected = { ...published, version: 2, changes: [{ at: '2023-06-16T10:00:00.000Z', note: 'Date corrected.' }], updatedAt: '2023-06-16T10:00:00.000Z' };
    expect(releaseAlert(releaseEvent('release.updated', corrected, BASE, published), LANGUAGES, BASE)!.entry).toMatchObject({ kind: 'corrected', changeNote: 'Date corrected.' });
    const retracted = { ...corrected, version: 3, status: 'retracted' as const, retractionNote: 'Published in error.' };
    const withdrawal = releaseAlert(releaseEvent('release.retracted', retracted, BASE, corrected), LANGUAGES, BASE)!;
    expect(withdrawal.entry).toMatchObject({ kind: 'withdrawn', release: { retractionNote: 'Published in error.' } });
    expect(withdrawal.feeds).toContain('country#KZ');
  });

  test('an embargo mails nothing', () => {
    const embargoed = { ...published, status: 'scheduled' as const, embargo: true, publishedAt: '2099-01-01T00:00:00.000Z' };
    expect(releaseAlert(releaseEvent('release.embargoed', embargoed, BASE), LANGUAGES, BASE)).toBeUndefined();
  });
});
