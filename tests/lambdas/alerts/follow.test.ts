// The alert subscriptions on the real engines: the subscribers' table in DynamoDB Local and
// the mail as the local SES engine accepted it, parsed with mailparser.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import * as v from 'valibot';
import type { Runtime } from '../../../local/runtime.ts';
import { documentClient } from '../../../lambdas/adapters/dynamodb-client.ts';
import { findByAddress, findSubscriber, followersPage } from '../../../lambdas/adapters/subscriber-store.ts';
import { confirmAlerts, requestAlerts, unsubscribeAll } from '../../../lambdas/alerts/follow.ts';
import { signLink } from '../../../lambdas/core/alerts/signed-link.ts';
import { subscribeFormSchema, type SubscribeForm } from '../../../lambdas/core/alerts/subscribe-form.ts';
import { CONFIRMATIONS_PER_ADDRESS_PER_DAY, MAX_FOLLOWS, REQUESTS_PER_CLIENT_PER_DAY } from '../../../lambdas/core/alerts/subscriber.ts';
import { linkIn, mailTo } from '../../support/mailbox.ts';
import { startTestRuntime } from '../../support/runtime.ts';

let runtime: Runtime;
beforeAll(async () => {
  runtime = await startTestRuntime();
});
afterAll(async () => {
  await runtime?.stop();
});

const HOUR = 3_600_000;
const now = new Date('2026-12-03T09:00:00Z');
const later = (hours: number) => new Date(now.getTime() + hours * HOUR);
// As the form's handler has it: what the form's schema made of the fields.
const schema = subscribeFormSchema({ languages: ['az', 'en', 'ru'], officials: new Set(['sahibe-qafarova']) });
const form = (email: string, feed = 'all', frequency: SubscribeForm['frequency'] = 'immediately'): SubscribeForm => v.parse(schema, { email, feed, frequency });
const run = <T>(work: () => Promise<T>) => runtime.adapters.run(work);
const key = () => runtime.settings.alerts!.key!;

async function subscriberItems(): Promise<Record<string, unknown>[]> {
  const { Items } = await run(() => documentClient().send(new ScanCommand({ TableName: runtime.settings.alerts!.subscribersTable, ConsistentRead: true })));
  return Items ?? [];
}

const tokenOf = (link: string) => new URL(link).searchParams.get('token')!;

async function confirmationLink(address: string): Promise<string> {
  const mail = (await mailTo(runtime, address)).at(-1);
  if (!mail) throw new Error(`no mail to ${address}`);
  return linkIn(mail, `${runtime.url}/alerts/confirm?`);
}

describe('subscribing by e-mail', () => {
  test('a request from a Russian page: one confirmation mail in Russian naming the feed; its link makes the address a follower', async () => {
    expect(await run(() => requestAlerts(form('Reader@Example.ORG', 'country#KZ'), 'ru', '203.0.113.5', now))).toBe('confirmation sent');
    // The domain is lower-cased; the local part stays as typed.
    const [mail, ...more] = await mailTo(runtime, 'Reader@example.org');
    expect(more).toHaveLength(0);
    expect(mail!.from?.text).toBe('alerts@meclis.gov.az');
    expect(mail!.subject).toBe('Подтвердите подписку на рассылку: Милли Меджлис');
    expect(mail!.text).toContain('- Милли Меджлис — Казахстан');
    expect(mail!.html).toContain('<li dir="auto">Милли Меджлис — Казахстан</li>');
    expect(await run(() => followersPage('country#KZ', undefined, 10))).toEqual({ followers: [] });

    // The page of the link speaks the language the request came in.
    expect(new URL(linkIn(mail!, `${runtime.url}/alerts/confirm?`)).searchParams.get('lang')).toBe('ru');
    const confirmed = await run(() => confirmAlerts(tokenOf(linkIn(mail!, `${runtime.url}/alerts/confirm?`)), later(1)));
    expect(confirmed).toMatchObject({ result: 'confirmed', added: ['country#KZ'] });
    const { followers } = await run(() => followersPage('country#KZ', undefined, 10));
    expect(followers).toEqual([{ feed: 'country#KZ', subscriberId: expect.any(String), address: 'Reader@example.org', frequency: 'immediately', language: 'ru' }]);
    // The same link again: nothing left to confirm, nothing changes.
    const before = await subscriberItems();
    expect(await run(() => confirmAlerts(tokenOf(linkIn(mail!, `${runtime.url}/alerts/confirm?`)), later(2)))).toEqual({ result: 'nothing pending' });
    expect(await subscriberItems()).toEqual(before);
  });

  test('until it is confirmed the record expires with its link, no key holds the address, and the address follows nothing', async () => {
    await run(() => requestAlerts(form('pending.one@example.org', 'official#sahibe-qafarova'), 'en', '203.0.113.6', now));
    const items = await subscriberItems();
    for (const item of items) expect(`${item.pk} ${item.sk}`.toLowerCase()).not.toContain('pending.one');
    const record = items.find((item) => item.address === 'pending.one@example.org')!;
    expect(record).toMatchObject({ follows: {}, expiresAt: Math.floor(later(48).getTime() / 1000) });
    expect(record).not.toHaveProperty('confirmedAt');
    const pointer = items.find((item) => item.subscriberId === record.id)!;
    expect(pointer.expiresAt).toBe(record.expiresAt);
    expect(items.filter((item) => String(item.pk).startsWith('followers#') && item.sk === record.id)).toEqual([]);
    // Once its link has expired it is gone for every reader, before TTL removes it.
    expect(await run(() => findSubscriber(String(record.id), later(48)))).toBeUndefined();
    const link = await confirmationLink('pending.one@example.org');
    expect(await run(() => confirmAlerts(tokenOf(link), later(48)))).toEqual({ result: 'refused', reason: 'expired' });
  });

  test('a forged link, one for another purpose, or one whose subscriber is gone changes nothing and says so', async () => {
    await run(() => requestAlerts(form('forger.target@example.org'), 'en', '203.0.113.7', now));
    const token = tokenOf(await confirmationLink('forger.target@example.org'));
    const id = token.split('.')[2]!;
    const before = await subscriberItems();
    const forged = token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A');
    expect(await run(() => confirmAlerts(forged, later(1)))).toEqual({ result: 'refused', reason: 'forged' });
    const unsubscribe = signLink({ purpose: 'unsubscribe', subscriber: id }, key());
    expect(await run(() => confirmAlerts(unsubscribe, later(1)))).toEqual({ result: 'refused', reason: 'other-purpose' });
    expect(await run(() => unsubscribeAll(token, later(1)))).toEqual({ result: 'refused', reason: 'other-purpose' });
    expect(await run(() => confirmAlerts('l1.confirm.not-a-token', later(1)))).toEqual({ result: 'refused', reason: 'malformed' });
    const stranger = signLink({ purpose: 'confirm', subscriber: '01JZZZZZZZZZZZZZZZZZZZZZZZ', expiresAt: later(10).getTime() }, key());
    expect(await run(() => confirmAlerts(stranger, later(1)))).toEqual({ result: 'refused', reason: 'unknown subscriber' });
    expect(await subscriberItems()).toEqual(before);
  });

  test('five first requests for one address at once make one subscriber and at most the day\'s confirmations', async () => {
    const feeds = ['all', 'country#AZ', 'country#KZ', 'country#RU', 'country#TR'];
    const outcomes = await Promise.all(feeds.map((feed, i) => run(() => requestAlerts(form('at.once@example.org', feed), 'en', `198.51.100.${20 + i}`, now))));
    expect(outcomes.filter((outcome) => outcome === 'confirmation sent').length).toBeLessThanOrEqual(CONFIRMATIONS_PER_ADDRESS_PER_DAY);
    const records = (await subscriberItems()).filter((item) => item.address === 'at.once@example.org');
    expect(records).toHaveLength(1);
    expect(await mailTo(runtime, 'at.once@example.org')).toHaveLength(outcomes.filter((outcome) => outcome === 'confirmation sent').length);
    expect((await run(() => findByAddress('at.once@example.org')))?.id).toBe(records[0]!.id);
  });

  test('an old link, used again after a later request, confirms nothing the later request asked', async () => {
    await run(() => requestAlerts(form('replay@example.org', 'all'), 'en', '203.0.113.10', now));
    const first = tokenOf(await confirmationLink('replay@example.org'));
    await run(() => confirmAlerts(first, later(1)));
    await run(() => requestAlerts(form('replay@example.org', 'country#KZ'), 'en', '203.0.113.10', later(2)));
    const before = await subscriberItems();
    expect(await run(() => confirmAlerts(first, later(3)))).toEqual({ result: 'nothing pending' });
    expect(await subscriberItems()).toEqual(before);
    expect((await run(() => followersPage('country#KZ', undefined, 100))).followers.map((f) => f.address)).not.toContain('replay@example.org');
  });

  test(`a subscriber of ${MAX_FOLLOWS} feeds, the most one may follow, is gone in one unsubscribe (${MAX_FOLLOWS + 2} items)`, async () => {
    const address = 'many.feeds@example.org';
    const countries = ['AZ', 'KZ', 'RU', 'TR', 'GE', 'AM', 'UZ', 'KG', 'TJ', 'TM', 'BY', 'UA', 'MD', 'FR', 'DE', 'IT', 'ES', 'PT', 'NL', 'BE'];
    const feeds = [...countries.map((code) => `country#${code}`), ...countries.map((code) => `ru:country#${code}`)];
    expect(feeds).toHaveLength(MAX_FOLLOWS);
    // Three requests a day per address: the reader asks for three feeds a day and confirms them.
    let id = '';
    for (let day = 0; day * CONFIRMATIONS_PER_ADDRESS_PER_DAY < feeds.length; day++) {
      const at = new Date(now.getTime() + day * 24 * HOUR);
      for (const [i, feed] of feeds.slice(day * CONFIRMATIONS_PER_ADDRESS_PER_DAY, (day + 1) * CONFIRMATIONS_PER_ADDRESS_PER_DAY).entries()) {
        expect(await run(() => requestAlerts(form(address, feed), 'ru', `198.51.100.${100 + day}`, new Date(at.getTime() + i * 1000))), feed).toBe('confirmation sent');
      }
      const confirmed = await run(async () => confirmAlerts(tokenOf(await confirmationLink(address)), new Date(at.getTime() + HOUR)));
      expect(confirmed.result, `day ${day}`).toBe('confirmed');
      if (confirmed.result === 'confirmed') id = confirmed.subscriber.id;
    }
    expect((await subscriberItems()).filter((item) => String(item.pk).startsWith('followers#') && item.address === address)).toHaveLength(MAX_FOLLOWS);
    const unsubscribe = signLink({ purpose: 'unsubscribe', subscriber: id }, key());
    expect(await run(() => unsubscribeAll(unsubscribe, later(24 * 15)))).toEqual({ result: 'unsubscribed' });
    expect((await subscriberItems()).filter((item) => JSON.stringify(item).includes(address) || JSON.stringify(item).includes(id))).toEqual([]);
  });

  test('limits: a fourth request for one address in a day, an eleventh from one client, or a filled honeypot sends nothing', async () => {
    const feeds = ['all', 'country#AZ', 'country#KZ', 'country#RU'];
    const outcomes = [];
    for (const [i, feed] of feeds.entries()) outcomes.push(await run(() => requestAlerts(form('often@example.org', feed), 'en', `198.51.100.${i}`, now)));
    expect(outcomes).toEqual([...Array(CONFIRMATIONS_PER_ADDRESS_PER_DAY).fill('confirmation sent'), 'nothing sent']);
    expect(await mailTo(runtime, 'often@example.org')).toHaveLength(CONFIRMATIONS_PER_ADDRESS_PER_DAY);
    // The next UTC day the address may be asked again.
    expect(await run(() => requestAlerts(form('often@example.org', 'country#RU'), 'en', '198.51.100.9', later(24)))).toBe('confirmation sent');

    const fromOneClient = [];
    for (let i = 0; i <= REQUESTS_PER_CLIENT_PER_DAY; i++) fromOneClient.push(await run(() => requestAlerts(form(`client${i}@example.org`), 'en', '192.0.2.1', now)));
    expect(fromOneClient).toEqual([...Array(REQUESTS_PER_CLIENT_PER_DAY).fill('confirmation sent'), 'nothing sent']);
    expect(await mailTo(runtime, `client${REQUESTS_PER_CLIENT_PER_DAY}@example.org`)).toHaveLength(0);

    expect(await run(() => requestAlerts({ ...form('robot@example.org'), website: 'https://spam.example' }, 'en', '192.0.2.2', now))).toBe('nothing sent');
    expect(await mailTo(runtime, 'robot@example.org')).toHaveLength(0);
    expect(await run(() => findByAddress('robot@example.org'))).toBeUndefined();
  });

  test('a second request from a confirmed reader waits for its own confirmation; the follows already confirmed stay', async () => {
    await run(() => requestAlerts(form('two.feeds@example.org', 'all'), 'az', '203.0.113.8', now));
    const first = await confirmationLink('two.feeds@example.org');
    await run(() => confirmAlerts(tokenOf(first), later(1)));
    await run(() => requestAlerts(form('two.feeds@example.org', 'all', 'daily'), 'az', '203.0.113.8', later(2)));
    // Not confirmed: still immediately.
    expect((await run(() => followersPage('all', undefined, 100))).followers.find((f) => f.address === 'two.feeds@example.org')?.frequency).toBe('immediately');
    const second = await confirmationLink('two.feeds@example.org');
    expect(second).not.toBe(first);
    await run(() => confirmAlerts(tokenOf(second), later(3)));
    expect((await run(() => followersPage('all', undefined, 100))).followers.find((f) => f.address === 'two.feeds@example.org')?.frequency).toBe('daily');
  });
});

describe('unsubscribing', () => {
  test('stops every alert at once and forgets the address; using the link again answers the same', async () => {
    await run(() => requestAlerts(form('leaving@example.org', 'all'), 'en', '203.0.113.9', now));
    await run(() => requestAlerts(form('leaving@example.org', 'country#AZ'), 'en', '203.0.113.9', now));
    const token = tokenOf(await confirmationLink('leaving@example.org'));
    const confirmed = await run(() => confirmAlerts(token, later(1)));
    expect(confirmed).toMatchObject({ result: 'confirmed', added: ['all', 'country#AZ'] });
    const id = token.split('.')[2]!;
    const unsubscribe = signLink({ purpose: 'unsubscribe', subscriber: id }, key());
    expect(await run(() => unsubscribeAll(unsubscribe, later(2)))).toEqual({ result: 'unsubscribed' });
    expect(await run(() => findByAddress('leaving@example.org'))).toBeUndefined();
    const left = (await subscriberItems()).filter((item) => JSON.stringify(item).includes(id) || JSON.stringify(item).includes('leaving@'));
    expect(left).toEqual([]);
    expect(await run(() => unsubscribeAll(unsubscribe, later(3)))).toEqual({ result: 'unsubscribed' });
  });
});
