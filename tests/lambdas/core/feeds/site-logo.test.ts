// The institution's logo, when configured, is the feeds' image and the publisher's logo in a
// release page's structured data; left out, none of them names one.
import { parseFeed } from '@rowanmanning/feed-parser';
import { describe, expect, test } from 'vitest';
import { renderAtom } from '../../../../lambdas/core/feeds/render-atom.ts';
import { renderJsonFeed } from '../../../../lambdas/core/feeds/render-json-feed.ts';
import { renderRss } from '../../../../lambdas/core/feeds/render-rss.ts';
import { resolveFeed } from '../../../../lambdas/core/feeds/resolve-feed.ts';
import { renderReleasePage } from '../../../../lambdas/core/pages/render-release-page.ts';
import { parseSiteConfig } from '../../../../lambdas/core/site-config.ts';
import type { Site } from '../../../../lambdas/core/site.ts';
import { SITE } from '../../../support/site.ts';
import { BASE_URL, context, fixtureRelease2023, OFFICIALS } from './feed-fixtures.ts';
import { expectValidJsonFeed } from './json-feed-schema.ts';
import { expectWellFormedXml } from './xml-checks.ts';

// An ampersand, so the test sees the URL escaped in XML and whole in JSON.
const LOGO = 'https://www.meclis.gov.az/logo.png?v=2&size=512';
const withLogo: Site = { ...SITE, config: { ...SITE.config, logo: LOGO } };
const release = fixtureRelease2023();

const feeds = (site: Site) => {
  const resolved = resolveFeed({ ...context({ kind: 'all' }, [release]), site });
  return { atom: renderAtom(resolved), rss: renderRss(resolved), json: renderJsonFeed(resolved) };
};

function publisherOf(site: Site): Record<string, unknown> {
  const html = renderReleasePage({ site, release, officials: OFFICIALS, baseUrl: BASE_URL });
  const script = /<script type="application\/ld\+json">([\s\S]*?)<\/script>/.exec(html);
  expect(script).not.toBeNull();
  return (JSON.parse(script![1]!) as { publisher: Record<string, unknown> }).publisher;
}

describe('the institution\'s logo', () => {
  test('is checked as an absolute http(s) URL, named by its key', () => {
    expect(() => parseSiteConfig({ ...SITE.config, logo: 'logo.png' }, 'pressroom.config.json')).toThrow(/logo: must be an absolute URL/);
    expect(() => parseSiteConfig({ ...SITE.config, logo: 'ftp://www.meclis.gov.az/logo.png' }, 'pressroom.config.json')).toThrow(/logo: must be http or https/);
    expect(parseSiteConfig({ ...SITE.config, logo: LOGO }, 'pressroom.config.json').logo).toBe(LOGO);
  });

  test('is the Atom logo, the RSS image and the JSON Feed icon', () => {
    const { atom, rss, json } = feeds(withLogo);
    expectWellFormedXml(atom);
    expectWellFormedXml(rss);
    expect(atom).toContain(`<logo>${LOGO.replace('&', '&amp;')}</logo>`);
    expect(parseFeed(atom).image?.url).toBe(LOGO);
    const image = parseFeed(rss).image;
    expect(image?.url).toBe(LOGO);
    expect(image?.title).toBe('Milli Məclis');
    expect(expectValidJsonFeed(json).icon).toBe(LOGO);
  });

  test('is the publisher\'s logo in the page\'s NewsArticle', () => {
    expect(publisherOf(withLogo)).toEqual({ '@type': 'Organization', name: 'Milli Məclis', url: SITE.config.siteUrl, logo: { '@type': 'ImageObject', url: LOGO } });
  });

  test('left out, no feed and no page names one', () => {
    const { atom, rss, json } = feeds(SITE);
    expect(atom).not.toContain('<logo>');
    expect(rss).not.toContain('<image>');
    expect(JSON.parse(json)).not.toHaveProperty('icon');
    expect(publisherOf(SITE)).not.toHaveProperty('logo');
  });
});
