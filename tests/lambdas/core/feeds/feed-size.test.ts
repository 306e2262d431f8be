// A feed stays a size a reader will fetch, whatever the releases' bodies: the newest entries
// carry their full content while it fits the budget, older ones their summary.
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, test } from 'vitest';
import { renderFeedFiles } from '../../../../lambdas/core/feeds/feed-files.ts';
import { FEED_CONTENT_BUDGET_BYTES, withinContentBudget } from '../../../../lambdas/core/feeds/resolve-feed.ts';
import type { Release } from '../../../../lambdas/core/release.ts';
import { context, fixtureRelease2023 } from './feed-fixtures.ts';

// 24 releases of 100 KB of "&" in one country: 11 MiB of Atom before the budget.
const ampersands = (i: number): Release =>
  fixtureRelease2023({
    id: `01HZX3K6J5Q00000000000${String(i).padStart(4, '0')}`,
    title: `Release ${i}`,
    summary: `Summary ${i}`,
    body: '&'.repeat(100_000),
    bodyFormat: 'text',
    countries: ['KZ'],
    publishedAt: new Date(Date.UTC(2024, 0, 1 + i)).toISOString(),
    updatedAt: new Date(Date.UTC(2024, 0, 1 + i)).toISOString(),
  });

describe('feed size', () => {
  const releases = Array.from({ length: 24 }, (_, i) => ampersands(i)).reverse();
  const files = renderFeedFiles(context({ kind: 'country', code: 'KZ' }, releases));

  test.each(['countries/kz.atom', 'countries/kz.rss', 'countries/kz.json'])('%s stays within the budget plus its summaries', (path) => {
    const file = files.find((f) => f.path.endsWith(path));
    expect(file, path).toBeDefined();
    const bytes = Buffer.byteLength(file!.body, 'utf8');
    expect(bytes).toBeLessThan(FEED_CONTENT_BUDGET_BYTES + 200_000);
  });

  test('the newest entries are whole, the older ones carry their summary, every entry is still listed', () => {
    const atom = files.find((f) => f.path.endsWith('countries/kz.atom'))!.body;
    const entries = [new XMLParser({ ignoreAttributes: false }).parse(atom).feed.entry].flat() as Array<{ title: { '#text': string }; content: { '#text': string } }>;
    expect(entries).toHaveLength(24);
    expect(entries[0]!.title['#text']).toBe('Release 23');
    const whole = entries.filter((entry) => entry.content['#text'].length > 100_000);
    expect(whole.length).toBeGreaterThan(0);
    expect(whole.length).toBeLessThan(24);
    // Whole ones first, newest first; then summaries only.
    expect(entries.slice(0, whole.length)).toEqual(whole);
    for (const entry of entries.slice(whole.length)) expect(entry.content['#text']).toMatch(/^<p>Summary \d+<\/p>$/);
  });

  test('JSON Feed entries beyond the budget keep content_html (the format requires content) and drop content_text', () => {
    const json = JSON.parse(files.find((f) => f.path.endsWith('countries/kz.json'))!.body) as { items: Array<Record<string, unknown>> };
    const last = json.items.at(-1)!;
    expect(last.content_html).toBe('<p>Summary 0</p>');
    expect(last).not.toHaveProperty('content_text');
    expect(json.items[0]!.content_text).toBe('&'.repeat(100_000));
  });

  test('small feeds are untouched', () => {
    const entries = [{ contentHtml: '<p>a</p>', contentText: 'a', summary: 's' }];
    expect(withinContentBudget(entries)).toEqual(entries);
  });
});

describe('stored HTML is sanitised again when rendered', () => {
  // The table is not a trust boundary: an item written there directly reaches the renderer.
  test('a script or handler in a stored HTML body reaches no feed', () => {
    const planted = fixtureRelease2023({
      body: '<p onclick="steal()">Hi</p><script>steal()</script><img src="javascript:steal()">',
      bodyFormat: 'html',
    });
    for (const file of renderFeedFiles(context({ kind: 'all' }, [planted]))) {
      expect(file.body, file.path).not.toMatch(/steal\(\)/);
    }
  });
});
