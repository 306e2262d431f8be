// Releases: create (draft, scheduled or public), read, list, revise, retract or delete.
// API Gateway HTTP API (payload v2) → here. What is not public yet is the press office's alone.
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { monotonicFactory } from 'ulid';
import { ApiError, conflict, notFound } from '../core/errors.ts';
import { create as createFrom, etagOf, isUnpublished, parseIfMatch, removalOf, revise, type Membership } from '../core/release-lifecycle.ts';
import { checkNotBeforeOriginal, membersJoined, translationOf, translationsFor } from '../core/translations.ts';
import { releaseLink, releaseLinks } from '../core/release-link.ts';
import type { Release } from '../core/release.ts';
import { validateReleaseInput, parseFormatQuery, parseListQuery, validateRetractionInput } from '../core/validate-release.ts';
import { feedKey } from '../core/feed-keys.ts';
import { decodeCursor, encodeCursor } from '../core/cursor.ts';
import {
  IdempotencyKeyUsed,
  VersionConflict,
  createRelease,
  findIdempotencyRecord,
  type IdempotencyRecord,
  deleteRelease,
  getRelease,
  listByStatus,
  listFeed,
  replaceRelease,
  type GroupJoin,
} from '../adapters/release-repository.ts';
import { GroupConflict, getGroup, getGroups } from '../adapters/release-groups.ts';
import { requestBaseUrl } from '../http/request-base-url.ts';
import { listOfficials } from '../adapters/official-repository.ts';
import { getMediaByIds } from '../adapters/media-repository.ts';
import { publicBaseUrl } from '../adapters/public-urls.ts';
import { site } from '../adapters/site-config.ts';
import { NINJS_CONTENT_TYPE, toNinjs } from '../core/ninjs.ts';
import { mediaIdsOf, withMediaFiles } from '../core/release-media.ts';
import { mediaView } from '../core/media-view.ts';
import { sha256 } from '../core/sha256.ts';
import { isId, isIdempotencyKey } from '../core/route-schemas.ts';
import { json, type HttpResult } from '../http/response.ts';
import type { TokenRecord } from '../adapters/token-repository.ts';
import { grants } from '../core/scopes.ts';
import { serve, type EventOf } from '../http/route.ts';

const newId = monotonicFactory();
const IDEMPOTENCY_TTL_SECONDS = 24 * 60 * 60;

const knownOfficials = async () => new Set((await listOfficials()).map((o) => o.slug));

/** The release with what its media are: read at every write, as a draft's photos may have become ready since. */
async function withMedia(release: Release): Promise<Release> {
  const ids = mediaIdsOf(release);
  if (ids.length === 0) return { ...release, files: {} };
  const base = publicBaseUrl();
  const found = new Map([...(await getMediaByIds(ids))].map(([id, media]) => [id, mediaView(media, base)]));
  return withMediaFiles(release, found);
}

const withRelease = (status: number, release: Release, headers: Record<string, string> = {}) =>
  json(status, release, { etag: etagOf(release), ...headers });

type Reader = { caller?: TokenRecord | undefined } & Pick<APIGatewayProxyEventV2, 'headers' | 'requestContext'>;

/** The releases with their translations, as this reader may see them (read from their groups), and their links. */
async function withTranslations(releases: Release[], reader: Reader): Promise<Release[]> {
  const groupIds = releases.flatMap((release) => (release.group ? [release.group] : []));
  const groups = groupIds.length > 0 ? await getGroups(groupIds) : new Map();
  const audience = isPress(reader.caller) ? 'press' : 'public';
  const base = requestBaseUrl(reader);
  return releases.map((release) => ({
    ...release,
    translations: release.group ? translationsFor(release, groups.get(release.group)?.members ?? {}, audience, (member) => releaseLink(member, { publicBaseUrl: publicBaseUrl(), apiBaseUrl: base })) : [],
    links: releaseLinks(release, publicBaseUrl()),
  }));
}
const withTranslationsOf = async (release: Release, reader: Reader) => (await withTranslations([release], reader))[0]!;

/** What a new release's request makes of it: as sent, or a translation checked against its group. */
async function planned(event: EventOf<'POST /v1/releases'>) {
  const input = validateReleaseInput(event.jsonBody, await knownOfficials());
  if (input.translationOf === undefined) return { input };
  const given = new Set(Object.keys(event.jsonBody as object));
  const original = await getRelease(input.translationOf);
  const groupId = original?.group ?? original?.id;
  const group = groupId ? await getGroup(groupId) : undefined;
  const content = translationOf(input, given, original, group?.members ?? {}, (await site()).config.languages);
  const membership: Membership = { translationOf: original!.id, group: groupId! };
  const join: GroupJoin = { group: group!, ...(original!.group ? {} : { root: original! }) };
  return { input: content, membership, join };
}

/** The answer a request with this Idempotency-Key already got: replayed, or 422 for another body. */
function replayed(record: IdempotencyRecord, event: EventOf<'POST /v1/releases'>): HttpResult {
  if (record.requestHash !== sha256(event.body)) {
    throw new ApiError(422, 'idempotency_key_reused', 'This Idempotency-Key was used with another request body.');
  }
  return { ...record.response, headers: { ...record.response.headers, 'idempotent-replayed': 'true' } };
}

async function create(event: EventOf<'POST /v1/releases'>): Promise<HttpResult> {
  const key = idempotencyKey(event);
  // Looked up first for a translation: its own first write took its language in the group,
  // so checked again it would be refused as a second release in that language.
  if (key && hasTranslationOf(event.jsonBody)) {
    const record = await findIdempotencyRecord(event.caller.tokenHash, key);
    if (record) return replayed(record, event);
  }
  const { input, membership, join } = await planned(event);
  const release = await withMedia(createFrom(input, newId(), new Date(), membership));
  // The group as this write leaves it (the press office sees every member).
  const translations = join
    ? translationsFor(release, membersJoined(join.group.members, release, join.root), 'press', (member) => releaseLink(member, { publicBaseUrl: publicBaseUrl(), apiBaseUrl: requestBaseUrl(event) }))
    : [];
  const response = withRelease(201, { ...release, translations, links: releaseLinks(release, publicBaseUrl()) }, { location: `/v1/releases/${release.id}` });
  try {
    if (!key) {
      await createRelease(release, undefined, join);
      return response;
    }
    const requestHash = sha256(event.body);
    await createRelease(
      release,
      {
        tokenHash: event.caller.tokenHash,
        key,
        requestHash,
        response,
        expiresAt: Math.floor(Date.now() / 1000) + IDEMPOTENCY_TTL_SECONDS,
      },
      join,
    );
    return response;
  } catch (error) {
    if (error instanceof GroupConflict) throw conflict(`The translation group ${error.groupId} changed while this release was added to it; send the request again.`);
    if (!(error instanceof IdempotencyKeyUsed)) throw error;
    return replayed(error.record, event);
  }
}

const hasTranslationOf = (body: unknown) => typeof body === 'object' && body !== null && 'translationOf' in body;

function idempotencyKey(event: APIGatewayProxyEventV2): string | undefined {
  const key = event.headers?.['idempotency-key'];
  if (key === undefined) return undefined;
  if (!isIdempotencyKey(key)) {
    throw new ApiError(400, 'bad_request', 'Idempotency-Key must be 1 to 255 visible ASCII characters.');
  }
  return key;
}

const isPress = (caller: TokenRecord | undefined) => caller !== undefined && grants[caller.scope].has('press');

/**
 * The release at the path. One that is not public yet does not exist for anyone but the
 * press office: the same 404 as for an id never used, so its existence does not leak.
 */
async function existing(event: APIGatewayProxyEventV2, caller: TokenRecord | undefined): Promise<Release> {
  const id = event.pathParameters?.id ?? '';
  const release = isId(id) ? await getRelease(id) : undefined;
  if (!release || (isUnpublished(release) && !isPress(caller))) throw notFound(`No release ${id}.`);
  return release;
}

async function read(event: EventOf<'GET /v1/releases/{id}'>): Promise<HttpResult> {
  const { format } = parseFormatQuery(event.queryStringParameters);
  const release = await existing(event, event.caller);
  // A retraction withdraws the text from the public; the press office still sees the record.
  if (release.status === 'retracted' && !isPress(event.caller)) {
    throw new ApiError(410, 'gone', `Release ${release.id} was retracted.`);
  }
  if (format === 'ninjs') {
    const [officials, ofSite] = await Promise.all([listOfficials(), site()]);
    const document = toNinjs(release, ofSite, new Map(officials.map((official) => [official.slug, official])));
    return json(200, document, { 'content-type': NINJS_CONTENT_TYPE, etag: etagOf(release) });
  }
  return withRelease(200, await withTranslationsOf(release, event));
}

async function list(event: EventOf<'GET /v1/releases'>): Promise<HttpResult> {
  const query = parseListQuery(event.queryStringParameters ?? {});
  const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
  if (query.status) {
    if (!event.caller) throw new ApiError(401, 'unauthorized', `Listing ${query.status} releases needs the press token.`);
    if (!isPress(event.caller)) throw new ApiError(403, 'forbidden', `Listing ${query.status} releases needs the press scope.`);
    if (query.country || query.official) {
      throw new ApiError(400, 'validation_failed', 'The query string is not valid.', [
        { path: query.country ? 'country' : 'official', message: 'cannot be combined with status' },
      ]);
    }
    const page = await listByStatus(query.status, query.limit, after ? { after } : {});
    return json(200, { items: await withTranslations(page.items, event), nextCursor: page.next ? encodeCursor(page.next) : null });
  }
  // Country AND official: walk the official's feed and keep that country's entries.
  const feed = query.official
    ? feedKey({ kind: 'official', slug: query.official })
    : query.country
      ? feedKey({ kind: 'country', code: query.country })
      : feedKey({ kind: 'all' });
  const page = await listFeed(feed, query.limit, {
    ...(after ? { after } : {}),
    ...(query.official && query.country ? { country: query.country } : {}),
  });
  return json(200, { items: await withTranslations(page.items, event), nextCursor: page.next ? encodeCursor(page.next) : null });
}

async function update(event: EventOf<'PUT /v1/releases/{id}'>): Promise<HttpResult> {
  const ifMatch = parseIfMatch(event.headers?.['if-match']);
  if (ifMatch.kind === 'absent') {
    throw new ApiError(428, 'precondition_required', 'A correction needs If-Match: "<version>" of the release you corrected.');
  }
  if (ifMatch.kind === 'malformed') throw new ApiError(400, 'bad_request', 'If-Match must be "<version>", e.g. "3".');
  const input = validateReleaseInput(event.jsonBody, await knownOfficials());
  const previous = await existing(event, event.caller);
  const next = revise(previous, input, new Date());
  if (next.translationOf) checkNotBeforeOriginal(next, await getRelease(next.translationOf));
  return replace(previous, await withMedia(next), ifMatch.version, event);
}

async function remove(event: EventOf<'DELETE /v1/releases/{id}'>): Promise<HttpResult> {
  const ifMatch = parseIfMatch(event.headers?.['if-match']);
  if (ifMatch.kind === 'malformed') throw new ApiError(400, 'bad_request', 'If-Match must be "<version>", e.g. "3".');
  const { note } = validateRetractionInput(event.jsonBody);
  const previous = await existing(event, event.caller);
  const expected = ifMatch.kind === 'version' ? ifMatch.version : previous.version;
  const removal = removalOf(previous, note, new Date());
  checkVersion(previous, expected);
  switch (removal.kind) {
    case 'delete':
      await deleteRelease(previous).catch(rethrowConflict(previous));
      return { statusCode: 204, headers: {}, body: '' };
    case 'unchanged':
      // The answer is the retraction that already happened.
      return withRelease(200, await withTranslationsOf(previous, event));
    case 'retract':
      return replace(previous, removal.next, expected, event);
  }
}

function checkVersion(previous: Release, expectedVersion: number): void {
  if (expectedVersion !== previous.version) {
    throw conflict(`Release ${previous.id} is at version ${previous.version}, not ${expectedVersion}.`, {
      currentVersion: previous.version,
    });
  }
}

const rethrowConflict = (previous: Release) => (error: unknown) => {
  if (error instanceof VersionConflict) {
    throw conflict(`Release ${previous.id} changed while you changed it.`, { currentVersion: error.currentVersion });
  }
  if (error instanceof GroupConflict) {
    throw conflict(`Another release of translation group ${error.groupId} changed while you changed ${previous.id}; send the request again.`);
  }
  throw error;
};

async function replace(previous: Release, next: Release, expectedVersion: number, reader: Reader): Promise<HttpResult> {
  checkVersion(previous, expectedVersion);
  await replaceRelease(previous, next).catch(rethrowConflict(previous));
  return withRelease(200, await withTranslationsOf(next, reader));
}

export const handler = serve('releases', {
  'POST /v1/releases': create,
  'GET /v1/releases': list,
  'GET /v1/releases/{id}': read,
  'PUT /v1/releases/{id}': update,
  'DELETE /v1/releases/{id}': remove,
});
