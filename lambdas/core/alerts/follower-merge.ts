// A release's followers, read a page at a time from each of its feeds' follower lists (each in
// subscriber id order) and merged, so that a reader who follows several of those feeds is
// still one recipient, however many readers there are: a step takes one page of every feed
// and keeps only the ids that every feed with more to come has already gone past. What a
// step keeps is complete for those ids; the next step starts after the last of them.
import type { Follow } from './recipients.ts';

export interface FollowerPage {
  /** In subscriber id order, after the step's starting id. */
  followers: readonly Follow[];
  /** The feed has followers after this page. */
  more: boolean;
}

export interface MergeStep {
  /** Every follow of the ids this step covers, from every feed. */
  follows: Follow[];
  /** Where the next step starts (after this id); undefined when every feed is read to its end. */
  after?: string;
}

export function mergeStep(pages: readonly FollowerPage[]): MergeStep {
  const unfinished = pages.filter((page) => page.more);
  if (unfinished.length === 0) return { follows: pages.flatMap((page) => page.followers) };
  // A page with more to come ends where its feed was read to: no id beyond the lowest such end
  // has been seen in every feed yet.
  const ends = unfinished.map((page) => {
    const last = page.followers.at(-1);
    if (last === undefined) throw new Error('a page with more to come holds at least one follower');
    return last.subscriberId;
  });
  const boundary = ends.reduce((low, id) => (id < low ? id : low));
  return { follows: pages.flatMap((page) => page.followers.filter((follow) => follow.subscriberId <= boundary)), after: boundary };
}
