// Translations: releases that say the same thing in other languages form a group, at most one
// member per language. The group is named by the id of the release it started from; its item
// lists each member by language with what a link to it needs (lambdas/adapters/release-groups.ts
// keeps it in step with every write of a member). What is per language: the text, the photos'
// alt text and captions. What a translation takes from the release it translates when it does
// not say otherwise: the countries, the officials, the photos, and — while that release is not
// public — its instant and embargo. A translation never becomes public before it.
import type { Release, ReleaseContent } from './release.ts';
import { conflict } from './errors.ts';
import { invalid } from './validation-issues.ts';

export interface GroupMember {
  id: string;
  status: Release['status'];
  /** The member's canonical page, when it has one (the link rule's first choice). */
  url?: string;
}

/** A group's members by language. */
export type GroupMembers = Readonly<Record<string, GroupMember>>;

export interface Translation {
  language: string;
  id: string;
  url: string;
}

const NOT_A_RELEASE = 'The request body is not a valid release.';
const refuse = (path: string, message: string) => invalid(NOT_A_RELEASE, [{ path, message }]);

const isPublic = (status: Release['status']) => status === 'published';

/** The fields a translation takes from the release it translates when its request leaves them out. */
export const SHARED_WHEN_OMITTED = ['countries', 'officials', 'images'] as const;

/**
 * A new translation of `original`: the request checked against the group, and what it leaves
 * out taken from the original. `given` names the fields the request carried. Throws a 400
 * naming the field, or a 409 naming the member that already speaks the language.
 */
export function translationOf(
  input: ReleaseContent,
  given: ReadonlySet<string>,
  original: Release | undefined,
  members: GroupMembers,
  siteLanguages: readonly string[],
): ReleaseContent {
  if (!original) throw refuse('translationOf', 'names no release');
  if (original.status === 'retracted') throw refuse('translationOf', `names release ${original.id}, which was retracted`);
  if (!siteLanguages.includes(input.language)) {
    throw refuse('language', `a translation must be in one of the site's languages: ${siteLanguages.join(', ')}`);
  }
  // A retracted member gives its language up: it can never change again, and its place in the group is taken.
  const member = members[input.language];
  const speaking = (member && member.status !== 'retracted' ? member : undefined) ?? (original.language === input.language ? { id: original.id } : undefined);
  if (speaking) {
    throw conflict(`The group already has a release in ${input.language}: ${speaking.id}.`, { language: input.language, id: speaking.id });
  }
  const taken: Partial<ReleaseContent> = {};
  for (const field of SHARED_WHEN_OMITTED) if (!given.has(field)) Object.assign(taken, { [field]: original[field] });
  const content = { ...input, ...taken };
  if (original.status === 'draft') {
    if (given.has('status') && input.status !== 'draft') {
      throw refuse('status', `a translation of a draft stays a draft until release ${original.id} is public`);
    }
    return { ...content, status: 'draft' };
  }
  if (original.status === 'scheduled') {
    const publishedAt = given.has('publishedAt') ? input.publishedAt! : original.publishedAt;
    if (Date.parse(publishedAt) < Date.parse(original.publishedAt)) {
      throw refuse('publishedAt', `a translation cannot be public before release ${original.id}, scheduled for ${original.publishedAt}`);
    }
    // A draft is under no embargo; it is held to the instant once it is scheduled.
    const embargo = given.has('embargo') || input.status === 'draft' ? input.embargo : original.embargo;
    return { ...content, publishedAt, embargo };
  }
  return content;
}

/**
 * A write that would make a member public (or keep it scheduled) before the release it
 * translates: a 409. Publishing the original first, or scheduling the translation no earlier, is the way.
 */
export function checkNotBeforeOriginal(next: Release, original: Release | undefined): void {
  if (!next.translationOf || !original || original.status === 'published' || original.status === 'retracted') return;
  if (next.status === 'published') {
    throw conflict(`Release ${next.id} translates ${original.id}, which is not public yet: publish that first.`);
  }
  if (next.status === 'scheduled' && (original.status !== 'scheduled' || Date.parse(next.publishedAt) < Date.parse(original.publishedAt))) {
    throw conflict(
      `Release ${next.id} translates ${original.id}, which is ${original.status === 'scheduled' ? `scheduled for ${original.publishedAt}` : 'a draft'}: a translation cannot be public before it.`,
    );
  }
}

/**
 * The other members of a release's group as its reader may see them: the public sees only
 * public members, the press office every member but the retracted. `link` is the one rule for
 * a release's URL, the one the feeds use.
 */
export function translationsFor(
  release: Pick<Release, 'id' | 'language'>,
  members: GroupMembers,
  audience: 'public' | 'press',
  link: (member: GroupMember) => string,
): Translation[] {
  return Object.entries(members)
    .filter(([language, member]) => language !== release.language && member.id !== release.id)
    .filter(([, member]) => (audience === 'public' ? isPublic(member.status) : member.status !== 'retracted'))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([language, member]) => ({ language, id: member.id, url: link(member) }));
}

/** The group's members once `release` is written as it is now (or deleted, when `deleted`). */
export function membersAfter(members: GroupMembers, release: Release, deleted = false): GroupMembers {
  const { [release.language]: _previous, ...others } = members;
  if (deleted) return others;
  return { ...others, [release.language]: { id: release.id, status: release.status, ...(release.url ? { url: release.url } : {}) } };
}

/** The members once `release` joins: with the release the group started from, when the group is new. */
export function membersJoined(members: GroupMembers, release: Release, root?: Release): GroupMembers {
  return membersAfter(root ? membersAfter(members, root) : members, release);
}

const publicLinks = (members: GroupMembers | undefined) =>
  Object.entries(members ?? {})
    .filter(([, member]) => isPublic(member.status))
    .map(([language, member]) => `${language}=${member.id}=${member.url ?? ''}`)
    .sort()
    .join(' ');

/**
 * The members whose public pages and feed entries link to a different set of translations after
 * a change of their group (one became public, was retracted or deleted, or moved its url): the
 * public members, before and after. None when the public links are unchanged.
 */
export function membersToRelink(previous: GroupMembers | undefined, next: GroupMembers | undefined): string[] {
  if (publicLinks(previous) === publicLinks(next)) return [];
  const ids = [...Object.values(previous ?? {}), ...Object.values(next ?? {})].filter((member) => isPublic(member.status)).map((member) => member.id);
  return [...new Set(ids)];
}
