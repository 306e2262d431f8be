// How a release changes over its life: published at version 1, each correction and the
// retraction add one to the version. Pure: ids and clocks come in as arguments.
import type { Release, ReleaseContent } from './release.ts';
import { parseRelease } from './release-schema.ts';

// Every release made here goes through the Release schema: the answer then has the
// schema's field order (the same as a read gives), and nothing is stored that a reader
// of the table would refuse.
const checked = (release: Release) => parseRelease(release, `Release ${release.id}`);

export function publish(input: ReleaseContent, id: string, now: Date): Release {
  const at = now.toISOString();
  return checked({ ...input, id, version: 1, publishedAt: input.publishedAt ?? at, updatedAt: at, status: 'published' });
}

export function correct(previous: Release, input: ReleaseContent, now: Date): Release {
  return checked({
    ...input,
    id: previous.id,
    version: previous.version + 1,
    // A correction that does not restate publishedAt keeps the original date.
    publishedAt: input.publishedAt ?? previous.publishedAt,
    updatedAt: now.toISOString(),
    status: 'published',
  });
}

export function retract(previous: Release, now: Date): Release {
  return checked({ ...previous, version: previous.version + 1, updatedAt: now.toISOString(), status: 'retracted' });
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
