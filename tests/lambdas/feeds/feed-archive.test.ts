// Feed archives (RFC 5005) on the real engines: a site whose feeds hold five releases, so that a
// dozen releases posted through the API close pages as a real archive does. A subscriber pages
// back from the subscription document to the first release in RSS, Atom (read by danmactough's
// feedparser), JSON Feed (next_url) and the HTML pages; a closed page's bytes stay the same when
// new releases arrive, and a release backdated into a page or retracted from one changes that
// page and no other.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Runtime } from '../../../local/runtime.ts';
import { fixtureInput } from '../../support/fixture.ts';
import { shippedConfigWith } from '../../support/site.ts';
import { PRESS_TOKEN, api, startTestRuntime, type Api } from '../../support/runtime.ts';
import { archiveWalker, expectEveryReleaseOnce, linkOf } from '../../support/feed-archive-walk.ts';

const FEED_SIZE = 5;
let runtime: Runtime;
let call: Api;
let walker: ReturnType<typeof archiveWalker>;
const text = (url: string) => walker.text(url);
const walkXml = (path: string) => walker.walkXml(path);
const walkJson = (path: string) => walker.walkJson(path);
const walkHtml = (path: string) => walker.walkHtml(path);
/** Titles of the releases posted, by id. */
const posted = new Map<string, string>();

/** A release published at day `day` of June 2023, without a url of its own. */
async function post(day: number, hour = 10): Promise<string> {
  const title = `Archive test ${day}.${hour}`;
  const at = `2023-06-${String(day).padStart(2, '0')}T${String(hour).padStart(2, '0')}:00:00Z`;
  const response = await call('/v1/releases', {
    method: 'POST',
    token: PRESS_TOKEN,
    json: fixtureInput({ title, url: undefined, publishedAt: at, countries: ['KZ'], officials: ['sahibe-qafarova'] }),
  });
  expect(response.status).toBe(201);
  const { id } = await response.json();
  posted.set(id, title);
  return id;
}

const etagOf = async (url: string) => (await call(new URL(url).pathname)).headers.get('etag');

beforeAll(async () => {
  runtime = await startTestRuntime({ siteConfigFile: shippedConfigWith({ feedSize: FEED_SIZE }) });
  call = api(runtime);
  walker = archiveWalker(call, runtime.url);
  for (let day = 1; day <= 12; day++) await post(day);
  await runtime.settled();
});
afterAll(() => runtime?.stop());

describe('feed archives', () => {
  test('every feed pages back to its first release in RSS, Atom, JSON Feed and HTML, each release once', async () => {
    for (const feed of ['all', 'countries/kz', 'officials/sahibe-qafarova', 'az/all']) {
      const rss = await walkXml(`/feeds/${feed}.rss`);
      // Twelve releases, five a page: two closed pages, the last two releases still open.
      expect(rss.pages.map((page) => page.ids.length), feed).toEqual([5, 5]);
      expect(rss.current).toHaveLength(FEED_SIZE);
      expectEveryReleaseOnce(rss, posted.keys());
      expectEveryReleaseOnce(await walkXml(`/feeds/${feed}.atom`), posted.keys());
      expectEveryReleaseOnce(await walkJson(`/feeds/${feed}.json`), posted.keys());
      expectEveryReleaseOnce(await walkHtml(`/feeds/${feed}.html`), posted.keys());
    }
  });

  test('the first page holds the first releases, oldest last, and has no prev-archive', async () => {
    const { pages } = await walkXml('/feeds/all.atom');
    const first = pages.at(-1)!;
    expect(first.ids.map((id) => posted.get(id))).toEqual([5, 4, 3, 2, 1].map((day) => `Archive test ${day}.10`));
    expect(linkOf(await text(first.url), 'prev-archive')).toBeUndefined();
  });

  test('an archive page says what it is and links the feed to subscribe to, not itself', async () => {
    const { pages } = await walkHtml('/feeds/all.html');
    const html = await text(pages[0]!.url);
    expect(html).toMatch(/<p>Arxiv: <time datetime="2023-06-06T10:00:00.000Z">[^<]+<\/time> – <time datetime="2023-06-10T10:00:00.000Z">/);
    expect(html).toContain(`<code class="feed-url">${new URL('/feeds/all.rss', runtime.url).href}</code>`);
    expect(html).toMatch(/<a href="[^"]+\/feeds\/all\.html">Son relizlər<\/a>/);
  });

  test('closed pages keep their bytes when new releases arrive; a backdated or retracted release changes only its own page', async () => {
    const before = (await walkXml('/feeds/all.atom')).pages;
    const etags = await Promise.all(before.map((page) => etagOf(page.url)));
    // Three more: the open part fills, and a third page closes; the first two are untouched.
    for (const day of [13, 14, 15]) await post(day);
    await runtime.settled();
    const grown = (await walkXml('/feeds/all.atom')).pages;
    expect(grown.map((page) => page.ids.length)).toEqual([5, 5, 5]);
    expect(grown.slice(1).map((page) => page.url)).toEqual(before.map((page) => page.url));
    expect(await Promise.all(grown.slice(1).map((page) => etagOf(page.url)))).toEqual(etags);

    // Backdated into the first page (between the 2nd and the 3rd of June).
    const backdated = await post(2, 18);
    // Retracted from the second page.
    const retracted = grown[1]!.ids[2]!;
    expect((await call(`/v1/releases/${retracted}`, { method: 'DELETE', token: PRESS_TOKEN, json: { note: 'Published in error.' } })).status).toBe(200);
    posted.delete(retracted);
    await runtime.settled();

    const after = await walkXml('/feeds/all.atom');
    expect(after.pages.map((page) => page.url)).toEqual(grown.map((page) => page.url));
    expect(after.pages.map((page) => page.ids.length)).toEqual([5, 4, 6]);
    expect(after.pages[2]!.ids).toContain(backdated);
    expect(await etagOf(after.pages[0]!.url)).toBe(await etagOf(grown[0]!.url));
    expectEveryReleaseOnce(after, posted.keys());
    expectEveryReleaseOnce(await walkJson('/feeds/countries/kz.json'), posted.keys());
  });
});
