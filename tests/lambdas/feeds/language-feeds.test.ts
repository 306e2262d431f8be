// The feeds per language on the real engines: the fixture release in Azerbaijani with English and
// Russian translations, published one after the other through the API. Each language's feeds
// hold that language's releases only, in its words; the feeds of every language keep them all,
// in the default language; entries link the other public members of their group, and the
// original's feeds re-render to link a translation published after it. Read by independent
// parsers (@rowanmanning/feed-parser, danmactough's feedparser, the JSON Feed 1.1 schema).
import { parseFeed } from '@rowanmanning/feed-parser';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Runtime } from '../../../local/runtime.ts';
import { fixtureInput, translationInput } from '../../support/fixture.ts';
import { PRESS_TOKEN, api, startTestRuntime, type Api } from '../../support/runtime.ts';
import { readWithFeedparser } from '../core/feeds/feedparser-read.ts';
import { expectValidJsonFeed } from '../core/feeds/json-feed-schema.ts';
import { expectWellFormedXml } from '../core/feeds/xml-checks.ts';

let runtime: Runtime;
let call: Api;
let az: { id: string; title: string; url: string };
let en: { id: string; title: string };
let ru: { id: string; title: string; url: string };

async function post(json: unknown) {
  const response = await call('/v1/releases', { method: 'POST', token: PRESS_TOKEN, json });
  expect(response.status, JSON.stringify(await response.clone().json())).toBe(201);
  return response.json();
}

async function text(path: string): Promise<string> {
  const response = await call(path);
  expect(response.status, path).toBe(200);
  return response.text();
}

const titles = async (path: string) => parseFeed(await text(path)).items.map((item) => item.title);
const jsonFeed = async (path: string) =>
  expectValidJsonFeed(await text(path)) as { title: string; language: string; items: { id: string; title: string; _pressroom?: { translations?: unknown } }[] };

/** Atom's alternates with an hreflang, per entry, as `<language> <href>`. */
function atomTranslationLinks(atom: string): string[][] {
  return [...atom.matchAll(/<entry[^>]*>([\s\S]*?)<\/entry>/g)].map((entry) =>
    [...entry[1]!.matchAll(/<link rel="alternate" hreflang="([^"]+)" href="([^"]+)"\/>/g)].map((m) => `${m[1]} ${m[2]}`),
  );
}

beforeAll(async () => {
  runtime = await startTestRuntime();
  call = api(runtime);
  az = await post(fixtureInput());
  // The original's feeds are written before any translation exists.
  await runtime.settled();
  en = await post(translationInput('en', az.id));
  // And again before the Russian: nothing about the original changes then but its group.
  await runtime.settled();
  ru = await post(translationInput('ru', az.id, { url: 'https://www.meclis.gov.az/ru/news.php?id=1' }));
  await runtime.settled();
});
afterAll(() => runtime?.stop());

describe('a feed per language', () => {
  test('each language\'s feeds hold only its releases, in every format', async () => {
    for (const [language, release] of [['az', az], ['en', en], ['ru', ru]] as const) {
      for (const feed of ['all', 'countries/kz', 'officials/sahibe-qafarova']) {
        expect(await titles(`/feeds/${language}/${feed}.rss`), `${language}/${feed}`).toEqual([release.title]);
        expect(await titles(`/feeds/${language}/${feed}.atom`)).toEqual([release.title]);
        expect((await jsonFeed(`/feeds/${language}/${feed}.json`)).items.map((item) => item.title)).toEqual([release.title]);
        expect(await text(`/feeds/${language}/${feed}.html`)).toContain(`>${release.title}</a></h2>`);
      }
    }
  });

  test('their words are the language\'s: the titles, the country\'s and the official\'s names, lang and xml:lang', async () => {
    const atom = await text('/feeds/ru/countries/kz.atom');
    expectWellFormedXml(atom);
    expect(atom).toContain('<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="ru">');
    expect(parseFeed(atom).title).toBe('Милли Меджлис — Казахстан');
    expect(parseFeed(await text('/feeds/ru/officials/sahibe-qafarova.rss')).title).toBe('Милли Меджлис — Сахиба Гафарова');
    expect(await jsonFeed('/feeds/en/countries/kz.json')).toMatchObject({ title: 'Milli Majlis — Kazakhstan', language: 'en' });
    const page = await text('/feeds/ru/all.html');
    expect(page).toContain('<html lang="ru">');
    expect(page).toContain('Все ленты');
    // The entries' categories are named in Russian too.
    expect(parseFeed(atom).items[0]!.categories.map((category) => category.label)).toEqual(expect.arrayContaining(['Казахстан', 'Россия']));
  });

  test('the feeds of every language keep all three, in the default language', async () => {
    expect((await titles('/feeds/all.atom')).sort()).toEqual([az.title, en.title, ru.title].sort());
    const kz = parseFeed(await text('/feeds/countries/kz.atom'));
    expect(kz.title).toBe('Milli Məclis — Qazaxıstan');
    expect(kz.language).toBe('az');
    expect((await jsonFeed('/feeds/all.json')).language).toBe('az');
  });

  test('danmactough\'s feedparser reads every language\'s feeds', async () => {
    for (const language of ['az', 'en', 'ru']) {
      for (const format of ['rss', 'atom']) {
        const items = await readWithFeedparser(await text(`/feeds/${language}/countries/kz.${format}`));
        expect(items.map((item) => item.title), `${language} ${format}`).toHaveLength(1);
      }
    }
  });
});

describe('links between the versions of a release', () => {
  test('an Atom entry links each other public member with its hreflang, the original\'s too though it was rendered first', async () => {
    const links = (path: string) => text(path).then((atom) => atomTranslationLinks(atom)[0]);
    expect(await links('/feeds/az/all.atom')).toEqual([`en ${runtime.url}/releases/${en.id}`, `ru ${ru.url}`]);
    expect(await links('/feeds/az/countries/kz.atom')).toEqual([`en ${runtime.url}/releases/${en.id}`, `ru ${ru.url}`]);
    expect(await links('/feeds/ru/all.atom')).toEqual([`az ${az.url}`, `en ${runtime.url}/releases/${en.id}`]);
  });

  test('JSON Feed items carry them as _pressroom.translations; the HTML page as "also in" links', async () => {
    const item = (await jsonFeed('/feeds/en/all.json')).items[0]!;
    expect(item._pressroom?.translations).toEqual([
      { id: az.id, language: 'az', url: az.url },
      { id: ru.id, language: 'ru', url: ru.url },
    ]);
    const page = await text('/feeds/en/all.html');
    expect(page).toContain(`Also in: <a href="${az.url}" hreflang="az" lang="az">Azərbaycan</a> · <a href="${ru.url}" hreflang="ru" lang="ru">Русский</a>`);
  });

  test('a retracted member leaves its language\'s feeds, and the others stop linking it', async () => {
    const retracted = await call(`/v1/releases/${ru.id}`, { method: 'DELETE', token: PRESS_TOKEN });
    expect(retracted.status).toBe(200);
    await runtime.settled();
    expect(await titles('/feeds/ru/all.atom')).toEqual([]);
    expect(await titles('/feeds/ru/countries/kz.rss')).toEqual([]);
    expect(atomTranslationLinks(await text('/feeds/az/all.atom'))[0]).toEqual([`en ${runtime.url}/releases/${en.id}`]);
    expect((await jsonFeed('/feeds/en/countries/kz.json')).items[0]!._pressroom?.translations).toEqual([{ id: az.id, language: 'az', url: az.url }]);
  });
});

describe('the directory', () => {
  test('/feeds/ has a section for every language\'s feeds and one per language, and a switcher', async () => {
    const page = await text('/feeds/');
    expect(page).toContain('<html lang="az">');
    expect(page).toContain('<section id="all-languages">');
    for (const language of ['az', 'en', 'ru']) {
      expect(page).toContain(`<section lang="${language}" id="${language}">`);
      expect(page).toContain(`href="${runtime.url}/feeds/${language}/all.atom"`);
      expect(page).toContain(`<link rel="alternate" hreflang="${language}" type="text/html" href="${runtime.url}/feeds/${language}/">`);
    }
    expect(page).toContain(`<link rel="alternate" hreflang="x-default" type="text/html" href="${runtime.url}/feeds/">`);
    expect(page).toContain(`<a href="${runtime.url}/feeds/ru/" lang="ru" hreflang="ru">Русский</a>`);
    // A language's section names the country in that language; the Russian feeds, emptied by the
    // retraction above, are no longer listed but for all of them.
    const section = (language: string) => page.slice(page.indexOf(`<section lang="${language}"`)).split('</section>')[0]!;
    expect(section('en')).toContain(`<a href="${runtime.url}/feeds/en/countries/kz.html" dir="auto">Kazakhstan</a>`);
    expect(section('az')).toContain(`<a href="${runtime.url}/feeds/az/countries/kz.html" dir="auto">Qazaxıstan</a>`);
    expect(section('ru')).not.toContain('/feeds/ru/countries/kz.html');
    expect(section('ru')).toContain(`/feeds/ru/all.html`);
  });

  test('/feeds/ru/ is the directory in Russian, the Russian feeds first, and every file it links to parses', async () => {
    const page = await text('/feeds/ru/');
    expect(page).toContain('<html lang="ru">');
    expect(page).toContain('<title>Милли Меджлис — ленты</title>');
    expect(page.indexOf('<section lang="ru"')).toBeLessThan(page.indexOf('<section id="all-languages">'));
    expect(page).toContain('aria-current="page">Русский</a>');
    const links = new Set([...page.matchAll(/href="([^"]+\.(?:rss|atom|json))"/g)].map((m) => m[1]!));
    expect(links.size).toBeGreaterThan(20);
    for (const link of links) {
      const body = await text(link.replace(runtime.url, ''));
      if (link.endsWith('.json')) expectValidJsonFeed(body);
      else expectWellFormedXml(body);
    }
  });
});
