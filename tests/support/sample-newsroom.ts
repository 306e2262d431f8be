// A small newsroom with a page of every kind, posted over HTTP as a press office would: the
// browser checks and the Lighthouse bench read the same pages, on a test runtime or on
// `npm start` in a process of its own.
import { olderPageOf } from './older-page.ts';
import { fixtureInput } from './fixture.ts';
import { photo, sendUpload } from './media.ts';

export interface NewsroomTarget {
  url: string;
  pressToken: string;
  /** Every stream consumer has caught up. */
  settled(): Promise<void>;
}

/** Feeds this short give the sample's `all` an archive page. */
export const SAMPLE_FEED_SIZE = 3;

export const SAMPLE_PHOTO = { alt: 'Deputies in the plenary hall', caption: 'Plenary session of the Milli Majlis', credit: 'Press service' };

export interface SampleNewsroom {
  photoId: string;
  photoReleaseId: string;
  /** Each kind of page, by path; an archive page only on a site whose feedSize is SAMPLE_FEED_SIZE or less. */
  pages: { directory: string; feed: string; release: string; withdrawal: string; archive: string | undefined };
}

const CORRECTION = 'İclasın gündəliyi əlavə edildi.';
const TABLE_BODY =
  '<p>Plenar iclasda qanun layihəsi müzakirə olunub.</p><table><caption>Səsvermə</caption><thead><tr><th>Lehinə</th><th>Əleyhinə</th></tr></thead><tbody><tr><td>98</td><td>3</td></tr></tbody></table>';

export async function seedSampleNewsroom(target: NewsroomTarget): Promise<SampleNewsroom> {
  const call = async (path: string, method: string, json?: unknown, headers: Record<string, string> = {}) => {
    const response = await fetch(`${target.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${target.pressToken}`, ...(json === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      ...(json === undefined ? {} : { body: JSON.stringify(json) }),
    });
    if (response.status >= 300) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as Record<string, any>;
  };
  const post = (input: Record<string, unknown>) => call('/v1/releases', 'POST', fixtureInput(input));

  await post({});
  await post({ title: 'Türkiyə ilə parlamentlərarası əlaqələr müzakirə olunub', countries: ['TR'], officials: ['ilham-aliyev'], publishedAt: '2023-07-01T09:00:00Z' });

  // A camera's 2400 px wide JPEG, uploaded with the form the API hands out, ready once processed.
  const bytes = await photo(2400, 1600);
  const asked = await call('/v1/media', 'POST', { filename: 'plenary.jpg', contentType: 'image/jpeg', bytes: bytes.length });
  const sent = await sendUpload(asked.upload, bytes, 'image/jpeg');
  if (sent.status !== 204) throw new Error(`upload: ${sent.status} ${await sent.text()}`);
  const photoId = asked.id as string;
  for (let tries = 0; (await call(`/v1/media/${photoId}`, 'GET')).status !== 'ready'; tries++) {
    if (tries > 600) throw new Error(`media ${photoId} never became ready`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }

  // The release page: a photo, a table, a correction with its note, a translation.
  const images = [{ media: photoId, ...SAMPLE_PHOTO }];
  const withPhoto = await post({ title: 'Plenar iclas keçirilib', body: TABLE_BODY, countries: ['AZ'], officials: [], publishedAt: '2023-07-02T09:00:00Z', images, url: undefined });
  const corrected = await call(`/v1/releases/${withPhoto.id}`, 'PUT', { ...fixtureInput({ title: withPhoto.title, body: TABLE_BODY, countries: ['AZ'], officials: [], publishedAt: withPhoto.publishedAt, images, url: undefined }), changeNote: CORRECTION }, { 'if-match': '"1"' });
  await call('/v1/releases', 'POST', { title: 'Plenary session held', body: '<p>The plenary discussed the bill.</p>', language: 'en', translationOf: corrected.id });

  // The withdrawal notice: a release published, then retracted with a public note.
  const withdrawn = await post({ title: 'Səhvən dərc edilmiş məlumat', countries: ['RU'], officials: [], publishedAt: '2023-07-03T09:00:00Z', url: undefined });
  await call(`/v1/releases/${withdrawn.id}`, 'DELETE', { note: 'Məlumat səhvən dərc edilib.' });

  await target.settled();
  const all = await fetch(`${target.url}/feeds/all.html`);
  const archive = olderPageOf(await all.text());
  return {
    photoId,
    photoReleaseId: corrected.id,
    pages: { directory: '/feeds/', feed: '/feeds/countries/kz.html', release: `/releases/${corrected.id}`, withdrawal: `/releases/${withdrawn.id}`, archive: archive && new URL(archive, target.url).pathname },
  };
}

export type PageKind = keyof SampleNewsroom['pages'];

/** The path of a kind of page; the archive page is missing on a site with long feeds. */
export function pagePath(newsroom: SampleNewsroom, kind: PageKind): string {
  const path = newsroom.pages[kind];
  if (path === undefined) throw new Error(`the sample newsroom has no ${kind} page (feedSize over ${SAMPLE_FEED_SIZE}?)`);
  return path;
}
