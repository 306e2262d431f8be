// How a release changes over its life: published at version 1, each correction and the
// retraction add one to the version. Pure: ids and clocks come in as arguments.
import type { Release, ReleaseInput } from './release.ts';

export function publish(input: ReleaseInput, id: string, now: Date): Release {
  const at = now.toISOString();
  return withInput({ id, version: 1, updatedAt: at, status: 'published', publishedAt: at }, input);
}

export function correct(previous: Release, input: ReleaseInput, now: Date): Release {
  return withInput(
    {
      id: previous.id,
      version: previous.version + 1,
      updatedAt: now.toISOString(),
      status: 'published',
      // A correction that does not restate publishedAt keeps the original date.
      publishedAt: previous.publishedAt,
    },
    input,
  );
}

export function retract(previous: Release, now: Date): Release {
  return { ...previous, version: previous.version + 1, updatedAt: now.toISOString(), status: 'retracted' };
}

function withInput(
  server: Pick<Release, 'id' | 'version' | 'updatedAt' | 'status' | 'publishedAt'>,
  input: ReleaseInput,
): Release {
  return {
    id: server.id,
    version: server.version,
    title: input.title,
    summary: input.summary ?? '',
    body: input.body,
    bodyFormat: input.bodyFormat,
    language: input.language,
    countries: input.countries,
    officials: input.officials,
    ...(input.url ? { url: input.url } : {}),
    publishedAt: input.publishedAt ?? server.publishedAt,
    updatedAt: server.updatedAt,
    status: server.status,
  };
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
