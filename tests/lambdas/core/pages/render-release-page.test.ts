// The public page of a release, read back by the HTML standard's parser (parse5): its head for
// search engines and link previews, its body for readers, and its withdrawal notice.
import { describe, expect, test } from 'vitest';
import { renderReleasePage } from '../../../../lambdas/core/pages/render-release-page.ts';
import { HEADLINE_MAX_LENGTH } from '../../../../lambdas/core/pages/news-article.ts';
import type { Release } from '../../../../lambdas/core/release.ts';
import { fixtureRelease } from '../../../support/fixture.ts';
import { SITE } from '../../../support/site.ts';
import { BASE_URL, FIXTURE, fixtureRelease2023, hostileRelease, OFFICIALS } from '../feeds/feed-fixtures.ts';
import { attribute, elements, parseHtmlStrictly, textOf, type Element } from '../feeds/html-checks.ts';
import { documentFile, DOCUMENT_ID, IMAGE_ID, imageFile, SECOND_IMAGE_ID } from '../feeds/media-fixtures.ts';
import { expectNoIllegalCharacters } from '../feeds/xml-checks.ts';

const ID = '01H3ABCDEF0123456789XYZKQM';
const EN_ID = '01H3ABCDEF0123456789XYZKQN';
const RU_ID = '01H3ABCDEF0123456789XYZKQP';
const PAGE_URL = `${BASE_URL}/releases/${ID}`;
const EN_URL = `${BASE_URL}/releases/${EN_ID}`;
const RU_URL = 'https://www.meclis.gov.az/ru/news.php?id=1';

const FIRST_PARAGRAPH = fixtureRelease2023().body.split('\n\n')[0]!;
const LAST_PARAGRAPH = fixtureRelease2023().body.split('\n\n').at(-1)!;

const LEAD = imageFile(IMAGE_ID, 6000, 4000);
const SECOND = imageFile(SECOND_IMAGE_ID, 1200, 800);
const PDF = documentFile(DOCUMENT_ID, 1_234_567);

/** The fixture as the newsroom shows it: two photos, a PDF, two corrections, two translations. */
function fullRelease(overrides: Partial<Release> = {}): Release {
  return fixtureRelease2023({
    images: [
      { media: IMAGE_ID, alt: 'Sahibə Qafarova and Maulen Ashimbayev', caption: 'The meeting in Saint Petersburg', credit: 'Milli Məclis' },
      { media: SECOND_IMAGE_ID, alt: 'The delegations' },
    ],
    attachments: [{ media: DOCUMENT_ID, title: 'Joint statement' }],
    files: { [IMAGE_ID]: LEAD, [SECOND_IMAGE_ID]: SECOND, [DOCUMENT_ID]: PDF },
    changes: [
      { at: '2023-06-16T08:00:00.000Z', note: 'Tarix düzəldildi' },
      { at: '2023-06-17T09:30:00.000Z', note: 'Foto əlavə olundu' },
    ],
    updatedAt: '2023-06-17T09:30:00.000Z',
    group: ID,
    translations: [
      { language: 'en', id: EN_ID, url: EN_URL },
      { language: 'ru', id: RU_ID, url: RU_URL },
    ],
    ...overrides,
  });
}

const render = (release: Release) => renderReleasePage({ site: SITE, release, officials: OFFICIALS, baseUrl: BASE_URL });

function read(html: string) {
  const document = parseHtmlStrictly(html);
  const [head] = elements(document, 'head') as [Element];
  const [body] = elements(document, 'body') as [Element];
  const metas = elements(head, 'meta');
  const contentOf = (key: 'name' | 'property', value: string) => metas.filter((meta) => attribute(meta, key) === value).map((meta) => attribute(meta, 'content'));
  return {
    document,
    head,
    body,
    html: elements(document, 'html')[0]!,
    property: (name: string) => contentOf('property', name),
    name: (name: string) => contentOf('name', name),
    links: (rel: string) => elements(head, 'link').filter((link) => attribute(link, 'rel') === rel),
    scripts: elements(document, 'script'),
    text: textOf(body),
  };
}

function jsonLd(page: ReturnType<typeof read>): Record<string, unknown> {
  expect(page.scripts).toHaveLength(1);
  expect(attribute(page.scripts[0]!, 'type')).toBe('application/ld+json');
  return JSON.parse(textOf(page.scripts[0]!)) as Record<string, unknown>;
}

const hrefs = (nodes: readonly Element[]) => nodes.map((node) => attribute(node, 'href'));

describe('renderReleasePage: the head', () => {
  const page = read(render(fullRelease()));

  test('a document in the release language, titled by the release', () => {
    expect(attribute(page.html, 'lang')).toBe('az');
    expect(textOf(elements(page.head, 'title')[0]!)).toBe(`${FIXTURE.title} — Milli Məclis`);
    expect(page.name('description')).toEqual([fixtureRelease2023().summary]);
    expect(page.name('robots')).toEqual([]);
  });

  test('canonical: the parliament page when the release names one, else the page itself', () => {
    expect(hrefs(page.links('canonical'))).toEqual(['https://www.meclis.gov.az/news.php?id=1']);
    const { url: _url, ...withoutUrl } = fullRelease();
    expect(hrefs(read(render(withoutUrl)).links('canonical'))).toEqual([PAGE_URL]);
    expect(hrefs(read(render(fullRelease({ url: 'javascript:alert(1)' }))).links('canonical'))).toEqual([PAGE_URL]);
  });

  test('Open Graph and article times, the image being the lead photo at 1600 px', () => {
    expect(page.property('og:type')).toEqual(['article']);
    expect(page.property('og:title')).toEqual([FIXTURE.title]);
    expect(page.property('og:description')).toEqual([fixtureRelease2023().summary]);
    expect(page.property('og:url')).toEqual(['https://www.meclis.gov.az/news.php?id=1']);
    expect(page.property('og:site_name')).toEqual(['Milli Məclis']);
    expect(page.property('og:locale')).toEqual(['az_AZ']);
    expect(page.property('og:locale:alternate')).toEqual(['en_US', 'ru_RU']);
    expect(page.property('og:image')).toEqual([`${BASE_URL}/media/${IMAGE_ID}/1600.jpg`]);
    expect(page.property('og:image:width')).toEqual(['1600']);
    expect(page.property('og:image:height')).toEqual(['1067']);
    expect(page.property('og:image:alt')).toEqual(['Sahibə Qafarova and Maulen Ashimbayev']);
    expect(page.property('article:published_time')).toEqual(['2023-06-15T10:00:00.000Z']);
    expect(page.property('article:modified_time')).toEqual(['2023-06-17T09:30:00.000Z']);
    expect(page.name('twitter:card')).toEqual(['summary_large_image']);
  });

  test('without a photo: a small card and no og:image', () => {
    const plain = read(render(fixtureRelease2023()));
    expect(plain.name('twitter:card')).toEqual(['summary']);
    expect(plain.property('og:image')).toEqual([]);
    expect(jsonLd(plain).image).toBeUndefined();
  });

  test('hreflang for the release and every translation, x-default for the original', () => {
    const alternates = page.links('alternate').filter((link) => attribute(link, 'hreflang') !== undefined);
    expect(alternates.map((link) => [attribute(link, 'hreflang'), attribute(link, 'href')])).toEqual([
      ['az', 'https://www.meclis.gov.az/news.php?id=1'],
      ['en', EN_URL],
      ['ru', RU_URL],
      ['x-default', 'https://www.meclis.gov.az/news.php?id=1'],
    ]);
  });

  test('on a translation, x-default is the member the group is named after', () => {
    const english = fixtureRelease('en');
    const translation = read(
      render(
        fixtureRelease2023({
          id: EN_ID,
          title: english.title,
          body: english.body,
          language: 'en',
          url: undefined,
          group: ID,
          translationOf: ID,
          translations: [{ language: 'az', id: ID, url: 'https://www.meclis.gov.az/news.php?id=1' }],
        }),
      ),
    );
    const alternates = translation.links('alternate').filter((link) => attribute(link, 'hreflang') !== undefined);
    expect(alternates.map((link) => [attribute(link, 'hreflang'), attribute(link, 'href')])).toEqual([
      ['en', EN_URL],
      ['az', 'https://www.meclis.gov.az/news.php?id=1'],
      ['x-default', 'https://www.meclis.gov.az/news.php?id=1'],
    ]);
    expect(attribute(translation.html, 'lang')).toBe('en');
  });

  test('when the original is not public, every member names the same x-default: the member whose language sorts first', () => {
    const english = fixtureRelease('en');
    const xDefaultOf = (language: 'en' | 'ru', id: string, other: { language: string; id: string; url: string }) =>
      read(
        render(
          fixtureRelease2023({ id, title: english.title, body: english.body, language, url: undefined, group: ID, translationOf: ID, translations: [other] }),
        ),
      )
        .links('alternate')
        .filter((link) => attribute(link, 'hreflang') === 'x-default')
        .map((link) => attribute(link, 'href'));
    const RU_ID = '01H3ABCDEF0123456789XYZRQS';
    const ruPage = `${BASE_URL}/releases/${RU_ID}`;
    expect(xDefaultOf('en', EN_ID, { language: 'ru', id: RU_ID, url: ruPage })).toEqual([EN_URL]);
    expect(xDefaultOf('ru', RU_ID, { language: 'en', id: EN_ID, url: EN_URL })).toEqual([EN_URL]);
  });

  test('feed autodiscovery for everything in the release language', () => {
    const feeds = page.links('alternate').filter((link) => attribute(link, 'hreflang') === undefined);
    expect(feeds.map((link) => [attribute(link, 'type'), attribute(link, 'href')])).toEqual([
      ['application/rss+xml', `${BASE_URL}/feeds/az/all.rss`],
      ['application/atom+xml', `${BASE_URL}/feeds/az/all.atom`],
      ['application/feed+json', `${BASE_URL}/feeds/az/all.json`],
    ]);
  });

  test('JSON-LD: a NewsArticle by the institution', () => {
    const article = jsonLd(page);
    const institution = { '@type': 'Organization', name: 'Milli Məclis', url: 'https://www.meclis.gov.az/' };
    expect(article).toEqual({
      '@context': 'https://schema.org',
      '@type': 'NewsArticle',
      headline: FIXTURE.title,
      description: fixtureRelease2023().summary,
      datePublished: '2023-06-15T10:00:00.000Z',
      dateModified: '2023-06-17T09:30:00.000Z',
      image: [`${BASE_URL}/media/${IMAGE_ID}/1600.jpg`, `${BASE_URL}/media/${SECOND_IMAGE_ID}/full.jpg`],
      author: institution,
      publisher: institution,
      inLanguage: 'az',
      mainEntityOfPage: { '@type': 'WebPage', '@id': 'https://www.meclis.gov.az/news.php?id=1' },
      url: 'https://www.meclis.gov.az/news.php?id=1',
    });
  });

  test('JSON-LD: a long title is cut to the headline limit at a word', () => {
    const title = `${'Parlament əməkdaşlığı '.repeat(10)}sonu`;
    const headline = jsonLd(read(render(fixtureRelease2023({ title })))).headline as string;
    expect(headline.length).toBeLessThanOrEqual(HEADLINE_MAX_LENGTH);
    expect(headline.endsWith('…')).toBe(true);
    expect(title.startsWith(headline.slice(0, -1))).toBe(true);
  });

  test('the CSP is the feed pages\' own: no script may run', () => {
    const csp = elements(page.head, 'meta').find((meta) => attribute(meta, 'http-equiv') === 'Content-Security-Policy');
    expect(attribute(csp!, 'content')).toMatch(/^default-src 'none'; style-src 'sha256-[^']+'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'$/);
    // The empty icon: no browser asks for a /favicon.ico the site does not have.
    const icons = elements(page.head, 'link').filter((link) => attribute(link, 'rel') === 'icon');
    expect(icons.map((link) => attribute(link, 'href'))).toEqual(['data:,']);
    expect(page.scripts.every((script) => attribute(script, 'type') === 'application/ld+json' && attribute(script, 'src') === undefined)).toBe(true);
  });
});

describe('renderReleasePage: the release', () => {
  const html = render(fullRelease());
  const page = read(html);
  const anchors = elements(page.body, 'a');
  const anchor = (href: string) => anchors.find((a) => attribute(a, 'href') === href);

  test('the title, and the dates in Baku time with the zone, the instant in UTC', () => {
    const [h1] = elements(page.body, 'h1');
    expect(textOf(h1!)).toBe(FIXTURE.title);
    expect(attribute(h1!, 'dir')).toBe('auto');
    const times = elements(page.body, 'time').map((node) => [attribute(node, 'datetime'), textOf(node)]);
    expect(times.slice(0, 2)).toEqual([
      ['2023-06-15T10:00:00.000Z', '15 iyun 2023, 14:00 (GMT+4)'],
      ['2023-06-17T09:30:00.000Z', '17 iyun 2023, 13:30 (GMT+4)'],
    ]);
    expect(page.text).toContain('Dərc olunub: 15 iyun 2023, 14:00 (GMT+4) · Yenilənib: 17 iyun 2023, 13:30 (GMT+4)');
  });

  test('no "updated" for a release that was never corrected in public', () => {
    expect(read(render(fixtureRelease2023({ updatedAt: '2024-01-01T00:00:00.000Z' }))).text).not.toContain('Yenilənib');
  });

  test('every photo as a figure with caption, credit and a link to the original', () => {
    const figures = elements(page.body, 'figure');
    expect(figures).toHaveLength(2);
    const [lead, second] = figures as [Element, Element];
    expect(attribute(elements(lead, 'img')[0]!, 'src')).toBe(`${BASE_URL}/media/${IMAGE_ID}/1600.jpg`);
    expect(attribute(elements(lead, 'img')[0]!, 'alt')).toBe('Sahibə Qafarova and Maulen Ashimbayev');
    expect(textOf(elements(lead, 'figcaption')[0]!)).toBe('The meeting in Saint Petersburg Milli Məclis');
    const original = elements(lead, 'a')[0]!;
    expect(attribute(original, 'href')).toBe(`${BASE_URL}/media/${IMAGE_ID}/full.jpg`);
    expect(attribute(original, 'download')).toBe('');
    expect(textOf(original)).toBe('Orijinalı yükləyin');
    expect(textOf(lead)).toMatch(/Orijinalı yükləyin \(JPEG, 780 kB\)$/);
    expect(attribute(elements(second, 'a')[0]!, 'href')).toBe(`${BASE_URL}/media/${SECOND_IMAGE_ID}/full.jpg`);
    // The lead photo is the page's largest image: fetched at once; the others when scrolled to.
    expect(attribute(elements(lead, 'img')[0]!, 'loading')).toBeUndefined();
    expect(attribute(elements(lead, 'img')[0]!, 'fetchpriority')).toBe('high');
    expect(attribute(elements(second, 'img')[0]!, 'loading')).toBe('lazy');
    // The lead photo comes before the text, the others after it.
    const inBody = (text: string) => html.indexOf(text, html.indexOf('<body>'));
    expect(inBody(`${IMAGE_ID}/1600.jpg`)).toBeLessThan(inBody(FIRST_PARAGRAPH));
    expect(inBody(`${SECOND_IMAGE_ID}/full.jpg`)).toBeGreaterThan(inBody(LAST_PARAGRAPH));
  });

  test('the body in full', () => {
    const paragraphs = fixtureRelease2023().body.split('\n\n');
    for (const paragraph of paragraphs) expect(page.text).toContain(paragraph);
  });

  test('the attachments with their format and size', () => {
    const link = anchor(`${BASE_URL}/media/${DOCUMENT_ID}/original.pdf`)!;
    expect(textOf(link)).toBe('Joint statement');
    expect(attribute(link, 'download')).toBe('');
    expect(page.text).toContain('Joint statement (PDF, 1,2 MB)');
    expect(page.text).toContain('Fayllar');
  });

  test('countries and officials link to the feeds of the release language, named in it', () => {
    expect(textOf(anchor(`${BASE_URL}/feeds/az/countries/kz.html`)!)).toBe('Qazaxıstan');
    expect(textOf(anchor(`${BASE_URL}/feeds/az/countries/ru.html`)!)).toBe('Rusiya');
    expect(textOf(anchor(`${BASE_URL}/feeds/az/officials/sahibe-qafarova.html`)!)).toBe('Sahibə Qafarova');
    expect(textOf(anchor(`${BASE_URL}/feeds/az/officials/maulen-ashimbayev.html`)!)).toBe('Maulen Aşimbayev');
    expect(page.text).toContain('Ölkələr: Qazaxıstan, Rusiya, Azərbaycan · Rəsmi şəxslər: Sahibə Qafarova, Maulen Aşimbayev');
  });

  test('"Also in" links each translation, in and marked as its language', () => {
    const english = anchor(EN_URL)!;
    expect([textOf(english), attribute(english, 'hreflang'), attribute(english, 'lang')]).toEqual(['English', 'en', 'en']);
    const russian = anchor(RU_URL)!;
    expect([textOf(russian), attribute(russian, 'hreflang'), attribute(russian, 'lang')]).toEqual(['Русский', 'ru', 'ru']);
    expect(page.text).toContain('Digər dillərdə: English · Русский');
    expect(read(render(fixtureRelease2023())).text).not.toContain('Digər dillərdə');
  });

  test('the change history, newest first', () => {
    const changes = elements(page.body, 'p').filter((p) => (attribute(p, 'class') ?? '').includes('pressroom-change')).map(textOf);
    expect(changes).toEqual(['Yeniləndi 17 iyun 2023, 13:30: Foto əlavə olundu', 'Yeniləndi 16 iyun 2023, 12:00: Tarix düzəldildi']);
  });

  test('the press office\'s contact', () => {
    const [address] = elements(page.body, 'address');
    expect(textOf(address!)).toBe('Milli Məclisin Mətbuat xidməti' + 'press@meclis.gov.az' + '+994 12 000 00 00');
    expect(hrefs(elements(address!, 'a'))).toEqual(['mailto:press@meclis.gov.az', 'tel:+994120000000']);
  });

  test('subscribe links for every feed it is in, and the way back to the directory', () => {
    for (const path of ['all', 'countries/kz', 'countries/ru', 'countries/az', 'officials/sahibe-qafarova', 'officials/maulen-ashimbayev']) {
      for (const [extension, type] of [
        ['rss', 'application/rss+xml'],
        ['atom', 'application/atom+xml'],
        ['json', 'application/feed+json'],
      ]) {
        expect(attribute(anchor(`${BASE_URL}/feeds/az/${path}.${extension}`)!, 'type')).toBe(type);
      }
    }
    expect(textOf(anchor(`${BASE_URL}/feeds/az/all.html`)!)).toBe('Bütün press-relizlər');
    expect(textOf(anchor(`${BASE_URL}/feeds/az/`)!)).toBe('Bütün lentlər');
  });

  test('a Russian release speaks Russian and links the Russian feeds', () => {
    const russian = fixtureRelease('ru');
    const ru = read(render(fixtureRelease2023({ title: russian.title, body: russian.body, summary: '', language: 'ru' })));
    expect(attribute(ru.html, 'lang')).toBe('ru');
    expect(ru.text).toContain('Опубликовано: 15 июня 2023 г., 14:00 (GMT+4)');
    expect(ru.text).toContain('Страны: Казахстан');
    expect(hrefs(elements(ru.body, 'a'))).toContain(`${BASE_URL}/feeds/ru/countries/kz.html`);
    expect(hrefs(elements(ru.body, 'a'))).toContain(`${BASE_URL}/feeds/ru/`);
    // Without a summary the description is the title.
    expect(ru.name('description')).toEqual([russian.title]);
  });

  test('a release in a language the site does not speak: English chrome, the feeds of every language', () => {
    const turkish = read(render(fixtureRelease2023({ language: 'tr', title: 'Milli Meclis Başkanı görüştü' })));
    expect(attribute(turkish.html, 'lang')).toBe('en');
    const [h1] = elements(turkish.body, 'h1');
    expect(attribute(h1!, 'lang')).toBe('tr');
    expect(turkish.text).toContain('Published: June 15, 2023, 14:00 (GMT+4)');
    const links = hrefs(elements(turkish.body, 'a'));
    expect(links).toContain(`${BASE_URL}/feeds/countries/kz.html`);
    expect(links).toContain(`${BASE_URL}/feeds/all.rss`);
    expect(links).toContain(`${BASE_URL}/feeds/`);
    expect(links.some((href) => href?.includes('/feeds/en/'))).toBe(false);
    expect(turkish.property('og:locale')).toEqual(['tr_TR']);
  });

  test('small: beside the release\'s own text, a busy release\'s page stays under 50 KB', () => {
    const photoIds = Array.from({ length: 5 }, (_, index) => `01H3MEDIAPHOTO00000000000${index}`);
    const documentIds = Array.from({ length: 5 }, (_, index) => `01H3MEDIAPDF000000000000${index}`);
    const busy = fullRelease({
      countries: ['KZ', 'RU', 'AZ', 'TR', 'GE'],
      officials: ['sahibe-qafarova', 'maulen-ashimbayev', 'ilham-aliyev'],
      images: photoIds.map((media) => ({ media, alt: 'A photo of the meeting', caption: 'The delegations at the table', credit: 'Milli Məclis' })),
      attachments: documentIds.map((media) => ({ media, title: 'Joint statement' })),
      files: Object.fromEntries([...photoIds.map((id) => [id, imageFile(id, 6000, 4000)]), ...documentIds.map((id) => [id, documentFile(id, 2_000_000)])]),
    });
    const ownText = [busy.title, busy.summary, busy.body, ...busy.images.flatMap((image) => [image.alt, image.caption, image.credit]), ...busy.attachments.map((a) => a.title)].join('');
    expect(Buffer.byteLength(render(busy)) - Buffer.byteLength(ownText)).toBeLessThan(50_000);
  });

  test('the same input gives the same bytes', () => {
    expect(render(fullRelease())).toBe(html);
  });
});

describe('renderReleasePage: hostile text', () => {
  const BREAKOUT = '</script><script>alert(1)</script>';

  test('a title that closes the script stays inside the JSON-LD and the h1', () => {
    const html = render(fullRelease({ title: `${BREAKOUT} <!-- "quoted" & more`, summary: `${BREAKOUT} summary` }));
    const page = read(html);
    // One script element, the data block: the title opened no other.
    expect(jsonLd(page).headline).toBe(`${BREAKOUT} <!-- "quoted" & more`);
    expect(jsonLd(page).description).toBe(`${BREAKOUT} summary`);
    expect(textOf(elements(page.body, 'h1')[0]!)).toBe(`${BREAKOUT} <!-- "quoted" & more`);
    expect(page.property('og:title')).toEqual([`${BREAKOUT} <!-- "quoted" & more`]);
    expect(html.match(/<script/g)).toHaveLength(1);
    expect(html).not.toContain('alert(1)</script>');
  });

  test('the fixtures\' hostile release parses without error and keeps no illegal character', () => {
    const html = render(
      hostileRelease({
        url: 'https://example.org/?a=1&b="x"',
        translations: [
          { language: 'en', id: EN_ID, url: 'javascript:alert(1)' },
          { language: 'en"><b', id: RU_ID, url: RU_URL },
        ],
      }),
    );
    const page = read(html);
    expectNoIllegalCharacters(html);
    expect(html).not.toContain('javascript:');
    // A translation's link that is no http(s) URL leads to its page; one without a language tag is left out.
    expect(hrefs(elements(page.body, 'a'))).toContain(EN_URL);
    expect(html).not.toContain(RU_URL);
    expect(hrefs(page.links('canonical'))).toEqual(['https://example.org/?a=1&b=%22x%22']);
    expect(textOf(elements(page.body, 'h1')[0]!)).toContain('<script>alert(1)</script>');
    expect(elements(page.body, 'b')).toEqual([]);
    expect(JSON.parse(textOf(page.scripts[0]!)).headline).not.toMatch(/[\u0000-\u0008]|\p{Cs}/u);
  });
});

describe('renderReleasePage: a retracted release', () => {
  const retracted = fullRelease({ status: 'retracted', updatedAt: '2023-06-20T07:00:00.000Z', retractionNote: 'Görüşün tarixi səhv göstərilib.' });
  const html = render(retracted);
  const page = read(html);

  test('a withdrawal notice: the title, both dates and the public note', () => {
    expect(textOf(elements(page.body, 'h1')[0]!)).toBe(FIXTURE.title);
    expect(page.text).toContain('Bu press-reliz geri götürülüb.');
    expect(page.text).toContain('Dərc olunub: 15 iyun 2023, 14:00 (GMT+4) · Geri götürülüb: 20 iyun 2023, 11:00 (GMT+4)');
    expect(page.text).toContain('Görüşün tarixi səhv göstərilib.');
    expect(elements(page.body, 'time').map((node) => attribute(node, 'datetime'))).toEqual(['2023-06-15T10:00:00.000Z', '2023-06-20T07:00:00.000Z']);
  });

  test('no body, no photos, no attachments, no summary anywhere', () => {
    for (const paragraph of fixtureRelease2023().body.split('\n\n')) expect(html).not.toContain(paragraph.slice(0, 60));
    expect(elements(page.document, 'figure')).toEqual([]);
    expect(elements(page.document, 'img')).toEqual([]);
    expect(html).not.toContain('/media/');
    expect(page.property('og:image')).toEqual([]);
    expect(page.name('description')).toEqual(['Bu press-reliz geri götürülüb.']);
  });

  test('out of the index: noindex, canonical to itself, no hreflang, no structured data', () => {
    expect(page.name('robots')).toEqual(['noindex']);
    expect(hrefs(page.links('canonical'))).toEqual([PAGE_URL]);
    expect(page.links('alternate').filter((link) => attribute(link, 'hreflang') !== undefined)).toEqual([]);
    expect(page.scripts).toEqual([]);
    expect(page.name('twitter:card')).toEqual(['summary']);
  });

  test('without a note, no note', () => {
    const { retractionNote: _note, ...withoutNote } = retracted;
    const plain = read(render(withoutNote));
    expect(plain.text).toContain('Bu press-reliz geri götürülüb.');
    expect(plain.text).not.toContain('Görüşün tarixi');
  });

  test('still the press office, and the way back to the feeds', () => {
    expect(page.text).toContain('press@meclis.gov.az');
    expect(hrefs(elements(page.body, 'a'))).toContain(`${BASE_URL}/feeds/az/`);
  });
});

describe('renderReleasePage: a release without a page', () => {
  test('a draft or a scheduled release is refused, never rendered', () => {
    expect(() => render(fixtureRelease2023({ status: 'draft' }))).toThrow(/has no public page/);
    expect(() => render(fixtureRelease2023({ status: 'scheduled' }))).toThrow(/has no public page/);
  });
});
