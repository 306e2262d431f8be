import { describe, expect, test } from 'vitest';
import { SITE } from '../../../support/site.ts';
import fc from 'fast-check';
import { entryId, feedId, releaseIdFromEntryId } from '../../../../lambdas/core/feeds/entry-id.ts';

describe('entryId', () => {
  test('is a tag URI under the parliament domain, independent of any host', () => {
    expect(entryId(SITE, '01H3ABCDEF0123456789XYZKQM')).toBe('tag:meclis.gov.az,2023:pressroom/release/01H3ABCDEF0123456789XYZKQM');
  });

  test('parses as a URL that serialises back unchanged (feed atom1() requires that)', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, unit: 'grapheme' }), (id) => {
        const value = entryId(SITE, id);
        expect(new URL(value).toString()).toBe(value);
      }),
    );
  });

  test('round-trips through releaseIdFromEntryId', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, unit: 'grapheme' }), (id) => {
        expect(releaseIdFromEntryId(SITE, entryId(SITE, id))).toBe(id);
      }),
    );
    expect(releaseIdFromEntryId(SITE, 'https://example.org/x')).toBeUndefined();
    expect(releaseIdFromEntryId(SITE, 'tag:meclis.gov.az,2023:pressroom/release/')).toBeUndefined();
    expect(releaseIdFromEntryId(SITE, 'tag:meclis.gov.az,2023:pressroom/release/%E0%A4%A')).toBeUndefined();
  });

  test('feed ids are tag URIs too', () => {
    expect(feedId(SITE, 'countries/kz')).toBe('tag:meclis.gov.az,2023:pressroom/feed/countries/kz');
    expect(new URL(feedId(SITE, 'officials/sahibe-qafarova')).href).toBe('tag:meclis.gov.az,2023:pressroom/feed/officials/sahibe-qafarova');
  });
});
