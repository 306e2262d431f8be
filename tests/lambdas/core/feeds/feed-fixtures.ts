import type { FeedRef } from '../../../../lambdas/core/feed-keys.ts';
import { SITE } from '../../../support/site.ts';
import type { FeedContext } from '../../../../lambdas/core/feeds/feed-context.ts';
import type { Official, Release } from '../../../../lambdas/core/release.ts';
import { fixtureRelease } from '../../../support/fixture.ts';

export const BASE_URL = 'http://127.0.0.1:3000';

const OFFICIAL_RECORDS: Official[] = [
  {
    slug: 'sahibe-qafarova',
    names: { az: 'Sahibə Qafarova', en: 'Sahiba Gafarova', ru: 'Сахиба Гафарова' },
    role: { en: 'Chair of the Milli Majlis' },
    country: 'AZ',
  },
  {
    slug: 'maulen-ashimbayev',
    names: { az: 'Maulen Aşimbayev', en: 'Maulen Ashimbayev' },
    role: { en: 'Chair of the Senate of Kazakhstan' },
    country: 'KZ',
  },
  { slug: 'ilham-aliyev', names: { az: 'İlham Əliyev', en: 'Ilham Aliyev' }, role: { en: 'President' }, country: 'AZ' },
];

export const OFFICIALS: ReadonlyMap<string, Official> = new Map(OFFICIAL_RECORDS.map((official) => [official.slug, official] as const));

/** The body as normalisation leaves it: paragraphs separated by exactly one blank line. */
function paragraphs(text: string): string {
  return text
    .split(/\n\s*\n/)
    .map((paragraph) => paragraph.trim())
    .filter((paragraph) => paragraph !== '')
    .join('\n\n');
}

export const FIXTURE = fixtureRelease();
export const FIXTURE_BODY = paragraphs(FIXTURE.body);

/** The Kazakhstan Senate release: Azerbaijani, KZ RU AZ, two officials. */
export function fixtureRelease2023(overrides: Partial<Release> = {}): Release {
  return {
    id: '01H3ABCDEF0123456789XYZKQM',
    version: 1,
    title: FIXTURE.title,
    summary: FIXTURE_BODY.split('\n\n')[0] ?? '',
    body: FIXTURE_BODY,
    bodyFormat: 'text',
    language: 'az',
    countries: ['KZ', 'RU', 'AZ'],
    officials: ['sahibe-qafarova', 'maulen-ashimbayev'],
    url: 'https://www.meclis.gov.az/news.php?id=1',
    publishedAt: '2023-06-15T10:00:00.000Z',
    updatedAt: '2023-06-15T10:00:00.000Z',
    status: 'published',
    embargo: false,
    changes: [],
    images: [],
    attachments: [],
    files: {},
    ...overrides,
  };
}

let counter = 0;

/** A release made to break things: everything a careless renderer gets wrong at once. */
export function hostileRelease(overrides: Partial<Release> = {}): Release {
  counter += 1;
  return {
    id: `01H3HOSTILE00000000000${String(counter).padStart(4, '0')}`,
    version: 3,
    title: 'Bad \u0000\u0001\u0008\u000B\u000C\u001F chars \uD800 lone \uDFFF ]]> twice ]]> <script>alert(1)</script> &amp; 😀 \u200F\u202Eمرحبا\u202C \uFFFE\uFFFF',
    summary: 'Summary with ]]> and <b>tags</b> & "quotes" \'apos\' \u0007',
    body: 'First ]]> para <script>x</script>\n\nSecond & 😀 \uD83D alone\n\n\u202Bשלום\u202C',
    bodyFormat: 'text',
    language: 'az',
    countries: ['KZ'],
    officials: ['sahibe-qafarova'],
    publishedAt: '2024-01-02T03:04:05.000Z',
    updatedAt: '2024-01-03T03:04:05.000Z',
    status: 'published',
    embargo: false,
    changes: [],
    images: [],
    attachments: [],
    files: {},
    ...overrides,
  };
}

export function hostileHtmlRelease(overrides: Partial<Release> = {}): Release {
  return hostileRelease({
    bodyFormat: 'html',
    body: '<p>one ]]> two ]]></p><p>\u0001<a href="https://example.org/?a=1&amp;b=2">link</a> 😀</p>',
    ...overrides,
  });
}

export function context(feed: FeedRef, releases: Release[], extra: Partial<FeedContext> = {}): FeedContext {
  return { site: SITE, feed, releases, officials: OFFICIALS, baseUrl: BASE_URL, ...extra };
}
