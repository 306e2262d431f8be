// A release as an IPTC ninjs 2.0 document, for editorial systems that import ninjs rather than
// Pressroom's own JSON. Pure: the release, the site and the officials registry in, the document
// out; the HTTP handler (and later the events API) choose when to answer with it. The mapping
// and why each field is what it is: docs/DECISIONS.md, "ninjs".
import type { MediaFile } from './media-schema.ts';
import { NINJS_SCHEMA_URI, NINJS_VERSION, type Ninjs, type NinjsAssociation, type NinjsRendition } from './ninjs-schema.ts';
import type { Official, Release, ReleaseStatus } from './release.ts';
import { chromeLanguage, tagUriPrefix, type Site } from './site.ts';
import { bodyHtml } from './feeds/body-html.ts';
import { entryId } from './feeds/entry-id.ts';
import { usableRenditions } from './feeds/entry-media.ts';
import { countryName, officialName } from './feeds/feed-titles.ts';
import { httpUrl } from './http-url.ts';

/** What `format=ninjs` answers with: ninjs has no registered media type of its own (see DECISIONS.md). */
export const NINJS_CONTENT_TYPE = 'application/json; charset=utf-8';

const PUBSTATUS = {
  published: 'usable',
  retracted: 'canceled',
  // Only the press office sees these: nothing in them may be used yet.
  scheduled: 'withheld',
  draft: 'withheld',
} as const satisfies Record<ReleaseStatus, Ninjs['pubstatus']>;

/**
 * Identifiers minted like entry ids (tag URIs under the institution's domain), so they stay
 * the same on every host. Frozen as entry ids are: an editorial system files people and
 * photos under them.
 */
const officialUri = (site: Site, slug: string) => `${tagUriPrefix(site)}pressroom/official/${encodeURIComponent(slug)}`;
const mediaUri = (site: Site, mediaId: string) => `${tagUriPrefix(site)}pressroom/media/${encodeURIComponent(mediaId)}`;
/** IPTC's URIs for ISO 3166-1 alpha-2 codes, as the ninjs examples use them for countries. */
const countryUri = (code: string) => `http://cvx.iptc.org/iso3166-1a2/${code.toLowerCase()}`;

/** The text of a per-language setting in the release's language, as the chrome picks it. */
const inLanguage = (site: Site, texts: Readonly<Record<string, string>> | undefined, language: string) =>
  texts?.[chromeLanguage(site, language)];

function renditionsOf(file: MediaFile): NinjsRendition[] {
  // One at a time through the feeds' rule, which keeps a rendition's URL, type and size only
  // when they are fit to hand out, so each keeps its name.
  return file.renditions.flatMap((rendition) =>
    usableRenditions({ ...file, renditions: [rendition] }).map((usable) => ({
      name: rendition.name,
      href: usable.url,
      contenttype: usable.mimeType,
      ...(usable.width !== undefined && usable.height !== undefined ? { width: usable.width, height: usable.height } : {}),
      sizeinbytes: usable.bytes,
    })),
  );
}

const bodiesOf = (release: Pick<Release, 'body' | 'bodyFormat'>) => [
  { role: 'main', contenttype: 'text/html', value: bodyHtml(release) },
  ...(release.bodyFormat === 'text' ? [{ role: 'main', contenttype: 'text/plain', value: release.body }] : []),
];

function associationsOf(release: NinjsSource, site: Site): NinjsAssociation[] {
  const files = release.files ?? {};
  // A media id missing from `files` is left out, as the feeds leave it out.
  const fileOf = (id: string): MediaFile | undefined => (Object.hasOwn(files, id) ? files[id] : undefined);
  const language = release.language;
  const pictures = release.images.flatMap((image): NinjsAssociation[] => {
    const file = fileOf(image.media);
    if (file === undefined || file.kind !== 'image') return [];
    const renditions = renditionsOf(file);
    if (renditions.length === 0) return [];
    const descriptions = [
      ...(image.caption !== undefined ? [{ role: 'caption', contenttype: 'text/plain', value: image.caption }] : []),
      { role: 'alt', contenttype: 'text/plain', value: image.alt },
    ];
    return [{ name: '', uri: mediaUri(site, image.media), type: 'picture', language, ...(image.credit !== undefined ? { by: image.credit } : {}), descriptions, renditions }];
  });
  const downloads = release.attachments.flatMap((attachment): NinjsAssociation[] => {
    const file = fileOf(attachment.media);
    if (file === undefined) return [];
    const renditions = renditionsOf(file);
    if (renditions.length === 0) return [];
    return [{
      name: '',
      uri: mediaUri(site, attachment.media),
      type: file.kind === 'image' ? 'picture' : 'text',
      language,
      headlines: [{ contenttype: 'text/plain', value: attachment.title }],
      renditions,
    }];
  });
  // Named after what is left, so the lead photo is "mainpic" even when the first one is missing.
  return [
    ...pictures.map((picture, index) => ({ ...picture, name: index === 0 ? 'mainpic' : `picture-${index + 1}` })),
    ...downloads.map((download, index) => ({ ...download, name: `attachment-${index + 1}` })),
  ];
}

/**
 * A release, or the part of it an event carries (no change history, and the body only under
 * embargo): the document then has no bodies, and the editorial system reads the release for them.
 */
export type NinjsSource = Omit<Release, 'body' | 'bodyFormat' | 'changes'> & Partial<Pick<Release, 'body' | 'bodyFormat'>>;

export function toNinjs(release: NinjsSource, site: Site, officials: ReadonlyMap<string, Official>): Ninjs {
  const { language } = release;
  const isPublic = release.status === 'published' || release.status === 'retracted';
  const copyrightholder = inLanguage(site, site.config.copyrightHolder, language);
  const usageterms = inLanguage(site, site.config.usageTerms, language);
  const people = release.officials.map((slug) => ({
    name: officialName(site, slug, officials, language),
    rel: 'about' as const,
    uri: officialUri(site, slug),
    literal: slug,
  }));
  const places = release.countries.map((code) => ({ name: countryName(site, code, language), rel: 'about' as const, uri: countryUri(code), literal: code }));
  const page = httpUrl(release.url);
  const associations = associationsOf(release, site);
  return {
    standard: { name: 'ninjs', version: NINJS_VERSION, schema: NINJS_SCHEMA_URI },
    uri: entryId(site, release.id),
    type: 'text',
    representationtype: 'full',
    version: String(release.version),
    ...(isPublic ? { firstcreated: release.publishedAt } : {}),
    versioncreated: release.updatedAt,
    ...(release.embargo ? { embargoed: release.publishedAt } : {}),
    pubstatus: PUBSTATUS[release.status],
    ...(copyrightholder !== undefined ? { copyrightholder } : {}),
    ...(usageterms !== undefined ? { usageterms } : {}),
    ...(release.status === 'retracted' && release.retractionNote !== undefined ? { ednote: release.retractionNote } : {}),
    language,
    headlines: [{ role: 'main', contenttype: 'text/plain', value: release.title }],
    ...(release.summary !== '' ? { descriptions: [{ role: 'summary', contenttype: 'text/plain', value: release.summary }] } : {}),
    ...(release.body !== undefined && release.bodyFormat !== undefined ? { bodies: bodiesOf({ body: release.body, bodyFormat: release.bodyFormat }) } : {}),
    ...(people.length > 0 ? { people } : {}),
    ...(places.length > 0 ? { places } : {}),
    ...(page !== undefined ? { renditions: [{ name: 'web', href: page, contenttype: 'text/html' }] } : {}),
    ...(associations.length > 0 ? { associations } : {}),
  };
}
