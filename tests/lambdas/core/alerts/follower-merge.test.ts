// The merge of a release's feeds' follower lists, read a page at a time: whatever the page size
// and however the follows overlap, the recipients are those of all the follows read at once.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { mergeStep, type FollowerPage } from '../../../../lambdas/core/alerts/follower-merge.ts';
import { recipientsOf, type Follow } from '../../../../lambdas/core/alerts/recipients.ts';

const follow = (subscriberId: string, feed: string, frequency: Follow['frequency'] = 'immediately'): Follow => ({
  subscriberId,
  address: `${subscriberId.toLowerCase()}@example.org`,
  frequency,
  language: 'en',
  feed,
});

/** Pages through sorted follower lists as the fan-out does, step by step. */
function pageThrough(lists: Follow[][], pageSize: number): { recipients: ReturnType<typeof recipientsOf>; steps: number } {
  const recipients: ReturnType<typeof recipientsOf> = [];
  let after: string | undefined;
  let steps = 0;
  for (;;) {
    steps++;
    const pages: FollowerPage[] = lists.map((list) => {
      const rest = list.filter((f) => after === undefined || f.subscriberId > after);
      return { followers: rest.slice(0, pageSize), more: rest.length > pageSize };
    });
    const step = mergeStep(pages);
    recipients.push(...recipientsOf(step.follows));
    if (step.after === undefined) return { recipients, steps };
    after = step.after;
  }
}

describe('merging follower pages', () => {
  test('a reader on two feeds whose pages end apart is one recipient, taken in the step that has both follows', () => {
    const all = ['A', 'B', 'C', 'D', 'E'].map((id) => follow(id, 'all'));
    const kz = [follow('B', 'country#KZ'), follow('E', 'country#KZ')];
    const first = mergeStep([
      { followers: all.slice(0, 2), more: true },
      { followers: kz, more: false },
    ]);
    // Past B in every feed: A and B now, E (which "all" has not reached) later.
    expect(first.after).toBe('B');
    expect(first.follows.map((f) => `${f.subscriberId} ${f.feed}`)).toEqual(['A all', 'B all', 'B country#KZ']);
    expect(recipientsOf(first.follows).map((r) => [r.subscriberId, r.feed])).toEqual([
      ['A', 'all'],
      ['B', 'country#KZ'],
    ]);
  });

  test('every feed read to its end: all that was read, and no next step', () => {
    expect(mergeStep([{ followers: [follow('A', 'all')], more: false }, { followers: [], more: false }])).toEqual({ follows: [follow('A', 'all')] });
  });

  test('any lists, any page size: the same recipients as reading everything at once, each once', () => {
    const feeds = ['all', 'country#KZ', 'official#sahibe-qafarova', 'en:all'];
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 40 }), fc.constantFrom(...feeds), fc.constantFrom('immediately' as const, 'daily' as const)), { maxLength: 120 }),
        fc.integer({ min: 1, max: 7 }),
        (entries, pageSize) => {
          const unique = new Map(entries.map(([n, feed, frequency]) => [`${n} ${feed}`, follow(`S${String(n).padStart(2, '0')}`, feed, frequency)]));
          const lists = feeds.map((feed) => [...unique.values()].filter((f) => f.feed === feed).sort((a, b) => (a.subscriberId < b.subscriberId ? -1 : 1)));
          const { recipients } = pageThrough(lists, pageSize);
          expect(recipients).toEqual(recipientsOf(unique.values()));
        },
      ),
    );
  });
});
