// The IPTC ninjs 2.0 document Pressroom answers with (GET /v1/releases/{id}?format=ninjs): the
// part of ninjs 2.0 it fills in, declared once. The route table and the OpenAPI document use it;
// ninjs.ts builds its type. Property names, nesting and value types are ninjs 2.0's
// (http://www.iptc.org/std/ninjs/ninjs-schema_2.0.json), so a document of this shape is also
// valid against IPTC's schema; the tests check the documents against a schema written from the
// specification.
import * as v from 'valibot';

export const NINJS_VERSION = '2.0';
export const NINJS_SCHEMA_URI = 'http://www.iptc.org/std/ninjs/ninjs-schema_2.0.json';

const uri = (description: string) => v.pipe(v.string(), v.url(), v.description(description));
const dateTime = (description: string) => v.pipe(v.string(), v.isoTimestamp(), v.description(description));

const TextSchema = v.object({
  role: v.optional(v.string()),
  contenttype: v.optional(v.pipe(v.string(), v.description('IANA media type of value'))),
  value: v.string(),
});

/** A person or a place the release is about (ninjs `people`, `places`). */
const ConceptSchema = v.object({
  name: v.pipe(v.string(), v.description('In the release\'s language')),
  rel: v.pipe(v.literal('about'), v.description('The release is about it: it is in that country\'s or that official\'s feed')),
  uri: uri('An official: tag:<authority>,<date>:pressroom/official/<slug>; a country: http://cvx.iptc.org/iso3166-1a2/<code in lower case>'),
  literal: v.pipe(v.string(), v.description('The official\'s slug, or the ISO 3166-1 alpha-2 code (upper case)')),
});

const RenditionSchema = v.object({
  name: v.pipe(v.string(), v.description('The rendition\'s name, e.g. "800.webp", "full.jpg", "document.pdf"; "web" for the release\'s page')),
  href: uri('Where the file is served'),
  contenttype: v.string(),
  width: v.optional(v.number()),
  height: v.optional(v.number()),
  sizeinbytes: v.optional(v.number()),
});

/** A photo or a download of the release, as a ninjs object of its own. */
const AssociationSchema = v.object({
  name: v.pipe(v.string(), v.description('"mainpic" for the lead photo, "picture-<n>" for the others, "attachment-<n>" for downloads (n from 1 in the release\'s order)')),
  uri: uri('tag:<authority>,<date>:pressroom/media/<media id>'),
  type: v.pipe(v.picklist(['picture', 'text']), v.description('picture: a photo (or an image offered as a download); text: a document')),
  language: v.string(),
  by: v.optional(v.pipe(v.string(), v.description('The photo\'s credit'))),
  headlines: v.optional(v.pipe(v.array(TextSchema), v.description('A download\'s title'))),
  descriptions: v.optional(v.pipe(v.array(TextSchema), v.description('A photo\'s caption (role "caption") and alt text (role "alt"), plain text'))),
  renditions: v.array(RenditionSchema),
});

export const NinjsSchema = v.pipe(
  v.object({
    standard: v.object({ name: v.literal('ninjs'), version: v.literal(NINJS_VERSION), schema: v.literal(NINJS_SCHEMA_URI) }),
    uri: uri('The release\'s entry id in the feeds: tag:<authority>,<date>:pressroom/release/<id>'),
    type: v.literal('text'),
    representationtype: v.literal('full'),
    version: v.pipe(v.string(), v.description('The release\'s version, as a string')),
    firstcreated: v.optional(dateTime('publishedAt, once the release is public (published or retracted)')),
    versioncreated: dateTime('updatedAt'),
    embargoed: v.optional(dateTime('publishedAt, for a release under embargo')),
    pubstatus: v.pipe(v.picklist(['usable', 'withheld', 'canceled']), v.description('published: usable; retracted: canceled; draft and scheduled (press office only): withheld')),
    copyrightholder: v.optional(v.pipe(v.string(), v.description('The site configuration\'s copyrightHolder'))),
    usageterms: v.optional(v.pipe(v.string(), v.description('The site configuration\'s usageTerms'))),
    ednote: v.optional(v.pipe(v.string(), v.description('A retracted release\'s retraction note'))),
    language: v.string(),
    headlines: v.array(TextSchema),
    descriptions: v.optional(v.pipe(v.array(TextSchema), v.description('The summary (role "summary", plain text), when it is not empty'))),
    bodies: v.optional(
      v.pipe(
        v.array(TextSchema),
        v.description(
          'The body as HTML (role "main", text/html); a text body also as sent (role "main", text/plain). Left out in an event whose release carries no body (all but release.embargoed): read the release itself',
        ),
      ),
    ),
    people: v.optional(v.pipe(v.array(ConceptSchema), v.description('The officials'))),
    places: v.optional(v.pipe(v.array(ConceptSchema), v.description('The countries'))),
    renditions: v.optional(v.pipe(v.array(RenditionSchema), v.description('The release\'s canonical page (its url), named "web"'))),
    associations: v.optional(v.pipe(v.array(AssociationSchema), v.description('The photos, then the downloads'))),
  }),
  v.description('The release as an IPTC ninjs 2.0 document (https://iptc.org/standards/ninjs/)'),
);

export type Ninjs = v.InferOutput<typeof NinjsSchema>;
export type NinjsAssociation = v.InferOutput<typeof AssociationSchema>;
export type NinjsRendition = v.InferOutput<typeof RenditionSchema>;
