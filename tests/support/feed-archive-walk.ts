// Walks a feed's archive as a subscriber does (RFC 5005): from the subscription document back
// through prev-archive (RSS and Atom, read by danmactough's feedparser), next_url (JSON Feed) and
// the "older releases" links of the HTML pages.
import { expect } from 'vitest';
import type { Api } from './runtime.ts';
import { olderPageOf } from './older-page.ts';
import { readWithFeedparser } from '../lambdas/core/feeds/feedparser-read.ts';
import { expectValidJsonFeed } from '../lambdas/core/feeds/json-feed-schema.ts';
import { expectWellFormedXml } from '../lambdas/core/feeds/xml-checks.ts';

export interface Walked {
  /** The subscription document's release ids. */
  current: string[];
  /** Each archive page's URL and ids, newest page first. */
  pages: { url: string; ids: string[] }[];
}

export const linkOf = (xml: string, rel: string) => new RegExp(`<(?:atom:)?link rel="${rel}" href="([^"]+)"/>`).exec(xml)?.[1];

const idOf = (guid: string) => guid.slice(guid.lastIndexOf('/') + 1);

export function archiveWalker(call: Api, siteUrl: string) {
  async function text(url: string): Promise<string> {
    const path = url.startsWith('http') ? new URL(url).pathname : url;
    const response = await call(path);
    expect(response.status, path).toBe(200);
    return response.text();
  }

  /** From the subscription document back through prev-archive, reading every document with feedparser. */
  async function walkXml(path: string): Promise<Walked> {
    const first = await text(path);
    const current = (await readWithFeedparser(first)).map((item) => idOf(String(item.guid)));
    const pages: Walked['pages'] = [];
    for (let url = linkOf(first, 'prev-archive'); url !== undefined; ) {
      const xml = await text(url);
      expectWellFormedXml(xml);
      expect(xml).toContain('<fh:archive/>');
      expect(linkOf(xml, 'current')).toBe(new URL(path, siteUrl).href);
      pages.push({ url, ids: (await readWithFeedparser(xml)).map((item) => idOf(String(item.guid))) });
      url = linkOf(xml, 'prev-archive');
      expect(pages.length).toBeLessThan(1_000);
    }
    return { current, pages };
  }

  /** The same walk in JSON Feed, by next_url. */
  async function walkJson(path: string): Promise<Walked> {
    type Doc = { next_url?: string; items: { id: string }[] };
    const read = async (url: string) => expectValidJsonFeed(await text(url)) as Doc;
    const first = await read(path);
    const pages: Walked['pages'] = [];
    for (let url = first.next_url; url !== undefined; ) {
      const doc = await read(url);
      pages.push({ url, ids: doc.items.map((item) => idOf(item.id)) });
      url = doc.next_url;
    }
    return { current: first.items.map((item) => idOf(item.id)), pages };
  }

  /** And on the HTML pages, by the "older releases" link. */
  async function walkHtml(path: string): Promise<Walked> {
    const idsOf = (html: string) => [...html.matchAll(/<h2 dir="auto"><a href="[^"]*\/releases\/([0-9A-Z]{26})">/g)].map((m) => m[1]!);
    const first = await text(path);
    const pages: Walked['pages'] = [];
    for (let url = olderPageOf(first); url !== undefined; ) {
      const html = await text(url);
      pages.push({ url, ids: idsOf(html) });
      url = olderPageOf(html);
    }
    return { current: idsOf(first), pages };
  }

  return { text, walkXml, walkJson, walkHtml };
}

/**
 * The archive as RFC 5005 reconstructs it: every page's releases, each in one page only, and the
 * subscription document's; every public release exactly once, and nothing else.
 */
export function expectEveryReleaseOnce(walked: Walked, expected: Iterable<string>): void {
  const archived = walked.pages.flatMap((page) => page.ids);
  expect(new Set(archived).size, 'no release in two archive pages').toBe(archived.length);
  const all = new Set([...archived, ...walked.current]);
  expect([...all].sort()).toEqual([...expected].sort());
  for (const page of walked.pages) expect(page.ids.length).toBeGreaterThanOrEqual(1);
}
