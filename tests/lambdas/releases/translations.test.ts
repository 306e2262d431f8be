// Translations on the real engines: the fixture release in Azerbaijani with an English and a
// Russian translation, one group; what a translation takes from the release it translates;
// what each reader sees of the group; the refusals, which write nothing; and the webhook of a
// partner that follows Russian only.
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Runtime } from '../../../local/runtime.ts';
import { startWebhookReceiver, type RunningReceiver } from '../../../examples/webhook-receiver/receiver.ts';
import { fixtureInput, translationInput } from '../../support/fixture.ts';
import { ADMIN_TOKEN, PRESS_TOKEN, api, startTestRuntime, tableItems, type Api } from '../../support/runtime.ts';

let runtime: Runtime;
let call: Api;
let russianPartner: RunningReceiver;

beforeAll(async () => {
  runtime = await startTestRuntime();
  call = api(runtime);
  russianPartner = await startWebhookReceiver({ topicArn: runtime.topicArn, log: () => undefined, allowLocalCertificates: true });
  const subscribed = await call('/v1/subscriptions', { method: 'POST', token: ADMIN_TOKEN, json: { endpoint: russianPartner.url, languages: ['ru'] } });
  expect(subscribed.status).toBe(201);
  for (let i = 0; i < 300 && !russianPartner.confirmed; i++) await new Promise((resolve) => setTimeout(resolve, 50));
  expect(russianPartner.confirmed).toBe(true);
});
afterAll(async () => {
  await russianPartner?.stop();
  await runtime?.stop();
});

async function post(json: unknown) {
  const response = await call('/v1/releases', { method: 'POST', token: PRESS_TOKEN, json });
  expect(response.status, JSON.stringify(await response.clone().json())).toBe(201);
  return response.json();
}
const get = async (id: string, token?: string) => (await call(`/v1/releases/${id}`, token ? { token } : {})).json();
// A member without a url of its own is linked to its page once public; before that, to its
// resource in the API (only the press office sees it then).
const apiUrl = (id: string) => `${runtime.url}/v1/releases/${id}`;
const pageUrl = (id: string) => `${runtime.url}/releases/${id}`;

test('the fixture in az with an English and a Russian translation: one group, each member links the others', async () => {
  const az = await post(fixtureInput());
  expect(az.translations).toEqual([]);
  const en = await post(translationInput('en', az.id));
  // What the English leaves out is the original's: the event's countries and officials.
  expect(en).toMatchObject({ language: 'en', translationOf: az.id, group: az.id, countries: az.countries, officials: az.officials });
  expect(en.translations).toEqual([{ language: 'az', id: az.id, url: az.url }]);
  // Naming any member joins the group.
  const ru = await post(translationInput('ru', en.id, { url: 'https://www.meclis.gov.az/ru/news.php?id=1' }));
  expect(ru).toMatchObject({ translationOf: en.id, group: az.id });

  expect((await get(az.id)).translations).toEqual([
    { language: 'en', id: en.id, url: pageUrl(en.id) },
    { language: 'ru', id: ru.id, url: 'https://www.meclis.gov.az/ru/news.php?id=1' },
  ]);
  expect((await get(en.id)).translations.map((t: { language: string }) => t.language)).toEqual(['az', 'ru']);
  const listed = await (await call('/v1/releases?limit=5')).json();
  const inList = listed.items.find((item: { id: string }) => item.id === ru.id);
  expect(inList.translations.map((t: { id: string }) => t.id)).toEqual([az.id, en.id]);
  // The original's version is what it was: joining a group is no correction of it.
  expect((await get(az.id)).version).toBe(1);

  // The Russian-only partner hears of the Russian release alone, with its group.
  await runtime.settled();
  await runtime.engines.sns.deliveries.idle();
  const heard = russianPartner.notifications.map((n) => n.event);
  expect(heard.map((event) => [event.type, event.release.id])).toEqual([['release.published', ru.id]]);
  expect(heard[0]!.release).toMatchObject({ language: 'ru', translationOf: en.id, group: az.id });
  expect((heard[0]!.release as { translations: unknown }).translations).toEqual([
    { language: 'az', id: az.id, url: az.url },
    { language: 'en', id: en.id, url: pageUrl(en.id) },
  ]);
});

test('a retracted member leaves the others; a draft member is the press office\'s to see', async () => {
  const az = await post(fixtureInput({ title: 'Original with a draft translation' }));
  const draft = await post(translationInput('en', az.id, { status: 'draft' }));
  expect(draft.status).toBe('draft');
  expect((await get(az.id)).translations).toEqual([]);
  expect((await get(az.id, PRESS_TOKEN)).translations).toEqual([{ language: 'en', id: draft.id, url: apiUrl(draft.id) }]);

  const ru = await post(translationInput('ru', az.id));
  expect((await get(az.id)).translations.map((t: { id: string }) => t.id)).toEqual([ru.id]);
  expect((await call(`/v1/releases/${ru.id}`, { method: 'DELETE', token: PRESS_TOKEN })).status).toBe(200);
  expect((await get(az.id)).translations).toEqual([]);
  expect((await get(az.id, PRESS_TOKEN)).translations.map((t: { id: string }) => t.id)).toEqual([draft.id]);
  // Deleting the draft (never public) takes it out of the group too.
  expect((await call(`/v1/releases/${draft.id}`, { method: 'DELETE', token: PRESS_TOKEN })).status).toBe(204);
  expect((await get(az.id, PRESS_TOKEN)).translations).toEqual([]);
});

test('each member is corrected on its own: a correction of the countries in one leaves the others as they are', async () => {
  const az = await post(fixtureInput({ title: 'Corrected on its own' }));
  const en = await post(translationInput('en', az.id));
  const corrected = await call(`/v1/releases/${az.id}`, {
    method: 'PUT',
    token: PRESS_TOKEN,
    headers: { 'if-match': `"${(await get(az.id)).version}"` },
    json: fixtureInput({ title: 'Corrected on its own', countries: ['KZ'], changeNote: 'Only Kazakhstan took part.' }),
  });
  expect(corrected.status).toBe(200);
  expect((await corrected.json()).countries).toEqual(['KZ']);
  expect((await get(en.id)).countries).toEqual(['KZ', 'RU', 'AZ']);
  // The form sent again with its translationOf is fine; another one, or a new language, is not.
  const form = { ...translationInput('en', az.id), countries: ['KZ', 'RU', 'AZ'], officials: az.officials };
  const again = await call(`/v1/releases/${en.id}`, { method: 'PUT', token: PRESS_TOKEN, headers: { 'if-match': '"1"' }, json: form });
  expect(again.status).toBe(200);
  for (const [json, field] of [
    [{ ...form, translationOf: en.id }, 'translationOf'],
    [{ ...form, language: 'ru' }, 'language'],
  ] as const) {
    const refused = await call(`/v1/releases/${en.id}`, { method: 'PUT', token: PRESS_TOKEN, headers: { 'if-match': '"2"' }, json });
    expect(refused.status).toBe(400);
    expect((await refused.json()).error.details.map((d: { path: string }) => d.path)).toContain(field);
  }
});

test('a translation of a scheduled release is held to its instant and embargo, and never public before it', async () => {
  const at = new Date(Date.now() + 3_600_000).toISOString();
  const az = await post(fixtureInput({ title: 'Scheduled original', publishedAt: at, embargo: true }));
  expect(az.status).toBe('scheduled');
  const en = await post(translationInput('en', az.id));
  expect(en).toMatchObject({ status: 'scheduled', publishedAt: az.publishedAt, embargo: true });
  const later = await post(translationInput('ru', az.id, { publishedAt: new Date(Date.now() + 7_200_000).toISOString(), embargo: false }));
  expect(later).toMatchObject({ status: 'scheduled', embargo: false });

  // Published now, before the original: refused.
  const early = await call(`/v1/releases/${en.id}`, {
    method: 'PUT',
    token: PRESS_TOKEN,
    headers: { 'if-match': '"1"' },
    json: { ...translationInput('en', az.id), countries: az.countries, officials: az.officials },
  });
  expect(early.status).toBe(409);
  expect((await early.json()).error.message).toContain(az.id);
});

test('a translation of a draft stays a draft', async () => {
  const az = await post(fixtureInput({ title: 'Draft original', status: 'draft', publishedAt: undefined }));
  expect((await post(translationInput('en', az.id))).status).toBe('draft');
  const refused = await call('/v1/releases', { method: 'POST', token: PRESS_TOKEN, json: translationInput('ru', az.id, { status: 'published' }) });
  expect(refused.status).toBe(400);
  expect((await refused.json()).error.details.map((d: { path: string }) => d.path)).toEqual(['status']);
});

test('bad translations are refused with the field named, and nothing is written', async () => {
  const az = await post(fixtureInput({ title: 'Original for the refusals' }));
  const en = await post(translationInput('en', az.id));
  const retracted = await post(fixtureInput({ title: 'Retracted original' }));
  expect((await call(`/v1/releases/${retracted.id}`, { method: 'DELETE', token: PRESS_TOKEN })).status).toBe(200);
  await runtime.settled();
  const before = await tableItems(runtime);

  const cases: Array<[string, unknown, number, string | RegExp]> = [
    ['a release that does not exist', translationInput('en', '01ARZ3NDEKTSV4RRFFQ69G5FAV'), 400, 'translationOf'],
    ['not an id', translationInput('en', 'yesterday'), 400, 'translationOf'],
    ['a retracted release', translationInput('en', retracted.id), 400, 'translationOf'],
    ['a language the site does not have', { ...translationInput('en', az.id), language: 'de' }, 400, 'language'],
    ['the original\'s own language', { ...translationInput('en', az.id), language: 'az' }, 409, az.id],
    ['a language the group already has', translationInput('en', az.id), 409, en.id],
  ];
  for (const [name, json, status, named] of cases) {
    const response = await call('/v1/releases', { method: 'POST', token: PRESS_TOKEN, json });
    expect(response.status, name).toBe(status);
    const { error } = await response.json();
    if (status === 400) expect(error.details.map((d: { path: string }) => d.path), name).toContain(named);
    else expect(error.message, name).toContain(named);
    if (name.includes('site does not have')) expect(error.details[0].message).toContain('az, en, ru');
  }
  expect(await tableItems(runtime)).toEqual(before);
});

test('at their shared instant the original goes public first, and a translation whose original is not due yet waits for it', async () => {
  // Far enough ahead that the three posts below land before the instant on a busy machine.
  const at = new Date(Date.now() + 5_000).toISOString();
  const az = await post(fixtureInput({ title: 'Due together', publishedAt: at }));
  // Created second, so its id sorts after the original's; the due list is by instant, then id.
  const en = await post(translationInput('en', az.id));
  expect(en.publishedAt).toBe(az.publishedAt);
  // The original moved later after its translation was scheduled with it: only the
  // publication can hold the translation now.
  const later = await post(fixtureInput({ title: 'Moved later', publishedAt: at }));
  const held = await post(translationInput('ru', later.id));
  const moved = await call(`/v1/releases/${later.id}`, {
    method: 'PUT',
    token: PRESS_TOKEN,
    headers: { 'if-match': '"1"' },
    json: fixtureInput({ title: 'Moved later', publishedAt: new Date(Date.now() + 3_600_000).toISOString() }),
  });
  expect(moved.status).toBe(200);

  for (let i = 0; i < 100 && (await get(en.id, PRESS_TOKEN)).status !== 'published'; i++) await new Promise((r) => setTimeout(r, 100));
  await runtime.sweepDue();
  await runtime.settled();
  expect((await get(az.id)).status).toBe('published');
  expect((await get(en.id)).status).toBe('published');
  expect((await get(held.id, PRESS_TOKEN)).status).toBe('scheduled');
  const log = await (await call('/v1/events?limit=100', { token: ADMIN_TOKEN })).json();
  const published = log.items.filter((e: { type: string }) => e.type === 'release.published').map((e: { release: { id: string } }) => e.release.id);
  expect(published.indexOf(az.id)).toBeGreaterThanOrEqual(0);
  expect(published.indexOf(az.id)).toBeLessThan(published.indexOf(en.id));
  expect(published).not.toContain(held.id);
});

test('a translation sent again with its Idempotency-Key gets the first answer, not a conflict with itself', async () => {
  const az = await post(fixtureInput({ title: 'Original of a retried translation' }));
  const send = () =>
    call('/v1/releases', { method: 'POST', token: PRESS_TOKEN, headers: { 'idempotency-key': `translation-of-${az.id}` }, json: translationInput('en', az.id) });
  const first = await send();
  expect(first.status).toBe(201);
  const again = await send();
  expect(again.status).toBe(201);
  expect(again.headers.get('idempotent-replayed')).toBe('true');
  expect((await again.json()).id).toBe((await first.json()).id);
});

test('a retracted member gives its language up to a new translation', async () => {
  const az = await post(fixtureInput({ title: 'Original whose English was retracted' }));
  const en = await post(translationInput('en', az.id));
  expect((await call(`/v1/releases/${en.id}`, { method: 'DELETE', token: PRESS_TOKEN })).status).toBe(200);
  const replacement = await post(translationInput('en', az.id, { title: 'The English, again' }));
  expect((await get(az.id)).translations).toEqual([{ language: 'en', id: replacement.id, url: pageUrl(replacement.id) }]);
});

test('a draft translation of an embargoed release is under no embargo; published at the instant, it joins the public group', async () => {
  // Far enough ahead that the three posts below land before the instant on a busy machine.
  const at = new Date(Date.now() + 5_000).toISOString();
  const az = await post(fixtureInput({ title: 'Embargoed original', publishedAt: at, embargo: true }));
  const draft = await post(translationInput('en', az.id, { status: 'draft' }));
  expect(draft).toMatchObject({ status: 'draft', embargo: false });
  const scheduled = await post(translationInput('ru', az.id));
  expect(scheduled).toMatchObject({ status: 'scheduled', embargo: true, publishedAt: az.publishedAt });
  expect((await get(az.id, PRESS_TOKEN)).translations.map((t: { id: string }) => t.id)).toEqual([draft.id, scheduled.id]);
  for (let i = 0; i < 200 && (await get(scheduled.id, PRESS_TOKEN)).status !== 'published'; i++) await new Promise((r) => setTimeout(r, 100));
  // The publication wrote the group: the public now sees the Russian, never the draft.
  expect((await get(az.id)).translations).toEqual([{ language: 'ru', id: scheduled.id, url: pageUrl(scheduled.id) }]);
});
