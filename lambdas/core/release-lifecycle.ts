// How a release changes over its life. A release is created as a draft, scheduled for an
// instant (possibly under embargo for accredited partners) or published; a draft or a
// scheduled release moves on until it is public; a public one is corrected (major, or minor
// and silent) and finally retracted. Every step adds one to the version. Pure: ids and
// clocks come in as arguments; a step the input or the state does not allow is an ApiError.
import type { Release, ReleaseContent } from './release.ts';
import { parseRelease, type RequestDirective } from './release-schema.ts';
import { conflict } from './errors.ts';
import { invalid } from './validation-issues.ts';

const NOT_A_RELEASE = 'The request body is not a valid release.';
const refuse = (path: string, message: string) => invalid(NOT_A_RELEASE, [{ path, message }]);

// Every release made here goes through the Release schema: the answer then has the
// schema's field order (the same as a read gives), and nothing is stored that a reader
// of the table would refuse.
const checked = (release: Release) => parseRelease(release, `Release ${release.id}`);

type Content = Omit<ReleaseContent, RequestDirective>;

function contentOf(input: ReleaseContent): Content {
  const { status: _status, changeNote: _note, minor: _minor, translationOf: _translationOf, ...content } = input;
  return content;
}

/** Which translation group a release is in, and which release it was made a translation of. */
export interface Membership {
  translationOf: string;
  group: string;
}

const membershipOf = (release: Partial<Membership>) => ({
  ...(release.translationOf ? { translationOf: release.translationOf } : {}),
  ...(release.group ? { group: release.group } : {}),
});

const isFuture = (timestamp: string | undefined, now: Date): timestamp is string =>
  timestamp !== undefined && Date.parse(timestamp) > now.getTime();

/** The combinations that are wrong whatever the release's state (400, naming the field). */
function checkInItself(input: ReleaseContent, now: Date): void {
  if (input.embargo && input.status === 'draft') {
    throw refuse('embargo', 'a draft cannot be under embargo: send status "published" with a future publishedAt');
  }
  if (input.embargo && !isFuture(input.publishedAt, now)) {
    throw refuse('embargo', 'needs a publishedAt in the future: the embargo lasts until then');
  }
  if (input.minor && input.changeNote !== undefined) {
    throw refuse('changeNote', 'a minor correction is silent and carries no note: leave out minor, or the note');
  }
}

export function create(input: ReleaseContent, id: string, now: Date, membership?: Membership): Release {
  checkInItself(input, now);
  if (input.translationOf !== undefined && !membership) throw new TypeError('a translation is created with its group');
  if (input.minor !== undefined) throw refuse('minor', 'is only for a correction of a published release (PUT)');
  if (input.changeNote !== undefined) throw refuse('changeNote', 'is only for a correction of a published release (PUT)');
  const at = now.toISOString();
  const publishedAt = input.publishedAt ?? at;
  const status = input.status === 'draft' ? 'draft' : isFuture(publishedAt, now) ? 'scheduled' : 'published';
  return checked({
    ...contentOf(input),
    id,
    version: 1,
    publishedAt,
    embargo: status === 'scheduled' && input.embargo,
    changes: [],
    // What the media are is filled in by withMediaFiles (release-media.ts), from the media items.
    files: {},
    ...membershipOf(membership ?? {}),
    updatedAt: at,
    status,
  });
}

/** The fields whose change alters who hears of a release, or when: never silent. */
const AUDIENCE_FIELDS = ['countries', 'officials', 'language', 'publishedAt'] as const satisfies readonly (keyof Release)[];

const sameValue = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** PUT: a correction of a public release, or the next step of a draft or a scheduled one. */
export function revise(previous: Release, given: ReleaseContent, now: Date): Release {
  // A scheduled release restating its own instant once it has passed is published at that
  // instant, as the schedule would have done; its embargo, if the form still says so, is over.
  const restatesDueInstant =
    previous.status === 'scheduled' && given.status !== 'draft' && given.publishedAt === previous.publishedAt && !isFuture(given.publishedAt, now);
  const input = restatesDueInstant ? { ...given, embargo: false } : given;
  checkInItself(input, now);
  if (previous.status === 'retracted') throw conflict(`Release ${previous.id} was retracted and cannot be changed.`);
  if (input.translationOf !== undefined && input.translationOf !== previous.translationOf) {
    throw refuse('translationOf', previous.translationOf ? `is ${previous.translationOf} and cannot change` : 'is only for a new release: a release joins a group when it is created');
  }
  if (previous.group && input.language !== previous.language) {
    throw refuse('language', `cannot change while the release is in a translation group (it is its group's ${previous.language}): create a release in ${input.language} instead`);
  }
  const content = contentOf(input);
  const base = { ...content, id: previous.id, version: previous.version + 1, files: previous.files, ...membershipOf(previous) };
  if (previous.status === 'published') {
    if (input.status === 'draft') throw conflict(`Release ${previous.id} is public and cannot go back to draft; retract it instead.`);
    const publishedAt = input.publishedAt ?? previous.publishedAt;
    if (publishedAt !== previous.publishedAt && isFuture(publishedAt, now)) {
      throw conflict(`Release ${previous.id} is public and cannot be rescheduled.`);
    }
    const next = { ...base, publishedAt, embargo: false, changes: previous.changes, status: 'published' as const };
    if (input.minor) {
      const changed = AUDIENCE_FIELDS.filter((field) => !sameValue(next[field], previous[field]));
      if (changed.length > 0) {
        throw refuse('minor', `a minor correction cannot change ${changed.join(', ')}: a change of audience or time is never silent`);
      }
      // Silent: the public date of the last change and the history stay as they were.
      return checked({ ...next, updatedAt: previous.updatedAt });
    }
    const at = now.toISOString();
    const changes = input.changeNote === undefined ? previous.changes : [...previous.changes, { at, note: input.changeNote }];
    return checked({ ...next, changes, updatedAt: at });
  }
  if (input.minor !== undefined) throw refuse('minor', 'is only for a correction of a published release');
  if (input.changeNote !== undefined) {
    throw refuse('changeNote', 'is only for a correction of a published release: a release that was never public has no public history');
  }
  const at = now.toISOString();
  if (input.status === 'draft') {
    return checked({ ...base, publishedAt: input.publishedAt ?? previous.publishedAt, embargo: false, changes: [], updatedAt: at, status: 'draft' });
  }
  // Any past time but the release's own instant would be a backdating.
  if (input.publishedAt !== undefined && !isFuture(input.publishedAt, now) && !restatesDueInstant) {
    throw refuse('publishedAt', 'must be in the future to schedule the release, or left out to publish it now; only a new release can be backdated');
  }
  const publishedAt = input.publishedAt ?? at;
  const status = isFuture(publishedAt, now) ? 'scheduled' : 'published';
  return checked({ ...base, publishedAt, embargo: status === 'scheduled' && input.embargo, changes: [], updatedAt: at, status });
}

/** What the scheduled instant does: undefined when the release is not (or no longer) due. */
export function publishDue(previous: Release, now: Date): Release | undefined {
  if (previous.status !== 'scheduled' || isFuture(previous.publishedAt, now)) return undefined;
  return checked({ ...previous, version: previous.version + 1, embargo: false, updatedAt: now.toISOString(), status: 'published' });
}

export function retract(previous: Release, note: string | undefined, now: Date): Release {
  const { retractionNote: _previousNote, ...rest } = previous;
  return checked({
    ...rest,
    version: previous.version + 1,
    embargo: false,
    updatedAt: now.toISOString(),
    status: 'retracted',
    ...(note === undefined ? {} : { retractionNote: note }),
  });
}

/** Drafts and scheduled releases never were public: deleting one removes it for everyone. */
export const isUnpublished = (release: Pick<Release, 'status'>): release is Release & { status: 'draft' | 'scheduled' } =>
  release.status === 'draft' || release.status === 'scheduled';

/** What DELETE does to a release: delete what was never public, retract what is, or nothing again. */
export type Removal = { kind: 'delete' } | { kind: 'unchanged' } | { kind: 'retract'; next: Release };

export function removalOf(previous: Release, note: string | undefined, now: Date): Removal {
  if (isUnpublished(previous)) {
    if (note !== undefined) {
      throw invalid('The request body is not a valid retraction.', [
        { path: 'note', message: 'only a retraction of a published release carries a public note; this one was never public' },
      ]);
    }
    return { kind: 'delete' };
  }
  if (previous.status === 'retracted') {
    // Retracting twice changes nothing; a second retraction with another note would change it.
    if (note !== undefined && note !== previous.retractionNote) {
      throw conflict(`Release ${previous.id} is already retracted; its note cannot be changed.`);
    }
    return { kind: 'unchanged' };
  }
  return { kind: 'retract', next: retract(previous, note, now) };
}

export type IfMatch = { kind: 'absent' } | { kind: 'version'; version: number } | { kind: 'malformed' };

/** If-Match carries the version as an entity tag ("3"); a bare number is accepted too. */
export function parseIfMatch(header: string | undefined): IfMatch {
  if (header === undefined || header.trim() === '') return { kind: 'absent' };
  const match = /^\s*(?:W\/)?(?:"(\d{1,9})"|(\d{1,9}))\s*$/.exec(header);
  const digits = match?.[1] ?? match?.[2];
  return digits ? { kind: 'version', version: Number(digits) } : { kind: 'malformed' };
}

export const etagOf = (release: Pick<Release, 'version'>) => `"${release.version}"`;
