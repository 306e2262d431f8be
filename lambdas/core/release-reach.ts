// Which partners a change of a release must reach: those whose filters match it now, and those
// who were told about it before and would otherwise keep a version that is no longer true.
import type { Release } from './release.ts';

export type Visibility = 'none' | 'hidden' | 'embargoed' | 'public' | 'retracted';

/** Who can see a stored image: nobody (absent, draft, scheduled), accredited partners (embargoed), everyone. */
export function visibilityOf(release: Release | undefined): Visibility {
  if (!release) return 'none';
  switch (release.status) {
    case 'draft':
      return 'hidden';
    case 'scheduled':
      return release.embargo ? 'embargoed' : 'hidden';
    case 'published':
      return 'public';
    case 'retracted':
      return 'retracted';
  }
}

/** The filter lists an event selects partners by. */
export interface FilterLists {
  countries: string[];
  officials: string[];
}

export interface Reach extends FilterLists {
  /** What partners were told before and the release no longer has; absent when nothing left. */
  removed?: FilterLists;
}

/**
 * The lists of an event about `release` (its subject: subjectOf) when the stored image before
 * the change was `previous`. If partners were told about that image (it was public or
 * embargoed), the lists are the union of both, so a partner filtered on a country the release
 * left still hears that it left, and `removed` says what left. An image never told (a draft, a
 * scheduled release without embargo) reached nobody, so only the release's own lists count.
 * A cancelled embargo's subject is the previous image itself: its own lists, nothing removed.
 * Sorted and deduplicated, so the same change always makes the same attributes.
 */
export function reachOf(release: Release, previous: Release | undefined): Reach {
  const told = previous && ['public', 'embargoed'].includes(visibilityOf(previous)) ? previous : undefined;
  const lists = (key: keyof FilterLists) => [...new Set([...release[key], ...(told?.[key] ?? [])])].sort();
  const left = (key: keyof FilterLists) => [...new Set((told?.[key] ?? []).filter((value) => !release[key].includes(value)))].sort();
  const removed = { countries: left('countries'), officials: left('officials') };
  return {
    countries: lists('countries'),
    officials: lists('officials'),
    ...(removed.countries.length || removed.officials.length ? { removed } : {}),
  };
}
