import { expect, test } from 'vitest';
import { touchedPages } from '../../../../lambdas/core/pages/touched-pages.ts';

test('a page for each release that is or was public, once, with every change that touched it', () => {
  expect(
    touchedPages([
      { id: 'a', next: { id: 'R1', status: 'published' } },
      { id: 'b', previous: { id: 'R1', status: 'published' }, next: { id: 'R1', status: 'retracted' } },
      { id: 'c', next: { id: 'R2', status: 'draft' } },
      { id: 'd', next: { id: 'R3', status: 'scheduled' } },
      { id: 'e', previous: { id: 'R4', status: 'draft' } },
    ]),
  ).toEqual([{ releaseId: 'R1', changeIds: ['a', 'b'] }]);
});
