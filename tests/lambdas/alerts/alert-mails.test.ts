// E-mail alerts as readers receive them, on the local runtime's real engines: releases posted
// through the API reach the topic, its alert events queue, the fan-out, the mail queue and the
// sender, and land on the local SES engine, read back as a mail client parses them.
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import type { SQSEvent } from 'aws-lambda';
import type { Runtime } from '../../../local/runtime.ts';
import { fanOutProgress, findByAddress } from '../../../lambdas/adapters/subscriber-store.ts';
import { eventsByIds } from '../../../lambdas/adapters/event-log.ts';
import { republishEvent } from '../../../lambdas/adapters/release-notifier.ts';
import { parseMailJob } from '../../../lambdas/core/alerts/mail-job.ts';
import { nextDigestAt } from '../../../lambdas/core/alerts/digest-time.ts';
import { startSesEngine } from '../../../local/ses/ses-engine.ts';
import { fixtureInput } from '../../support/fixture.ts';
import { confirmedFollower, mailTo, oneClickAddress, rawHeader } from '../../support/mailbox.ts';
import { api, PRESS_TOKEN, startTestRuntime, type Api } from '../../support/runtime.ts';

let runtime: Runtime;
let call: Api;
/** The first release the tests publish: its fan-out says which digest its entries went into. */
let firstRelease: string;
/** An SES engine started in place of the runtime's, stopped at the end. */
let replacedSes: { stop(): Promise<void> } | undefined;
beforeAll(async () => {
  // Fast enough that a test never waits on the pace; the pace itself is measured in bench/.
  runtime = await startTestRuntime({ alerts: { sendRate: 500 } });
  call = api(runtime);
  await confirmedFollower(runtime, 'kz.reader@example.org', 'country#KZ', 'immediately', 'en');
  // Follows everything and Kazakhstan: one alert, naming the narrower feed.
  await confirmedFollower(runtime, 'both.reader@example.org', 'all', 'immediately', 'ru');
  await confirmedFollower(runtime, 'both.reader@example.org', 'country#KZ', 'immediately', 'ru');
  await confirmedFollower(runtime, 'digest.reader@example.org', 'all', 'daily', 'en');
  await confirmedFollower(runtime, 'tr.reader@example.org', 'country#TR', 'immediately', 'en');
  // Asked and never confirmed: nothing but the confirmation, ever.
  await fetch(`${runtime.url}/alerts/subscribe`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ email: 'unconfirmed.reader@example.org', feed: 'all', frequency: 'immediately', lang: 'en', website: '' }).toString(),
  });
});
afterAll(async () => {
  await runtime?.stop();
  await replacedSes?.stop();
});

const alertsTo = async (address: string) => (await mailTo(runtime, address)).filter((mail) => !/confirm/i.test(mail.subject ?? '') && !/подтверд/i.test(mail.subject ?? ''));

async function publish(overrides: Record<string, unknown> = {}) {
  const response = await call('/v1/releases', { method: 'POST', token: PRESS_TOKEN, json: fixtureInput({ url: undefined, ...overrides }) });
  expect(response.status).toBe(201);
  const release = await response.json();
  await runtime.settled();
  return release as { id: string; title: string; version: number; publishedAt: string };
}

describe('an alert for each release published, to whoever follows one of its feeds', () => {
  let release: { id: string; title: string; version: number; publishedAt: string };
  beforeAll(async () => {
    release = await publish({ title: 'Milli Məclisin sədri Qazaxıstan Senatının sədri ilə görüşüb', publishedAt: undefined });
    firstRelease = release.id;
  });

  test('the follower of Kazakhstan gets one alert in English: title, summary, date, the page, both unsubscribe headers', async () => {
    const [alert, ...more] = await alertsTo('kz.reader@example.org');
    expect(more).toEqual([]);
    expect(alert!.subject).toBe(release.title);
    expect(alert!.from?.value[0]?.address).toBe('alerts@meclis.gov.az');
    expect(alert!.text).toContain(`${runtime.url}/releases/${release.id}`);
    expect(alert!.html).toContain(`href="${runtime.url}/releases/${release.id}"`);
    expect(alert!.text).toMatch(/Kazakhstan/);
    const oneClick = oneClickAddress(alert!);
    expect(oneClick.startsWith(`${runtime.url}/alerts/unsubscribe?token=`)).toBe(true);
    expect(rawHeader(alert!, 'List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
    expect(alert!.text).toContain(`${runtime.url}/alerts/manage?token=`);
  });

  test('a reader who follows everything and Kazakhstan gets it once, in Russian, naming Kazakhstan', async () => {
    const alerts = await alertsTo('both.reader@example.org');
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.text).toContain('Казахстан');
    expect(alerts[0]!.html).toContain('lang="ru"');
  });

  test('a digest reader, a follower of another country and an unconfirmed address get nothing now', async () => {
    expect(await alertsTo('digest.reader@example.org')).toEqual([]);
    expect(await alertsTo('tr.reader@example.org')).toEqual([]);
    expect(await mailTo(runtime, 'unconfirmed.reader@example.org')).toHaveLength(1);
  });

  test('the same event delivered again (SNS and SQS deliver at least once) is not mailed again', async () => {
    const eventId = `${release.id}.1.published`;
    const logged = (await runtime.adapters.run(() => eventsByIds([eventId]))).get(eventId)!;
    const delivered = runtime.engines.alertEvents.stats.deleted;
    runtime.engines.alertEvents.send(logged.body);
    await runtime.settled();
    expect(runtime.engines.alertEvents.stats.deleted).toBe(delivered + 1);
    // A redelivery to one partner is the same event again, for that partner alone: readers' queue never hears it.
    const queued = runtime.engines.alertEvents.stats.sent;
    await runtime.adapters.run(() => republishEvent(logged, 'release.published', 'partner:0123456789abcdef0123456789abcdef'));
    expect(runtime.engines.alertEvents.stats.sent).toBe(queued);
    expect(await alertsTo('kz.reader@example.org')).toHaveLength(1);
  });

  test('a minor correction mails nothing; a major one mails its note; a retraction mails a withdrawal with no summary', async () => {
    const put = (version: number, overrides: Record<string, unknown>) =>
      call(`/v1/releases/${release.id}`, { method: 'PUT', token: PRESS_TOKEN, headers: { 'if-match': `"${version}"` }, json: fixtureInput({ url: undefined, publishedAt: release.publishedAt, title: release.title, ...overrides }) });
    expect((await put(1, { title: `${release.title}.`, minor: true })).status).toBe(200);
    await runtime.settled();
    expect(await alertsTo('kz.reader@example.org')).toHaveLength(1);

    expect((await put(2, { changeNote: 'The date of the meeting was corrected.' })).status).toBe(200);
    await runtime.settled();
    const corrected = (await alertsTo('kz.reader@example.org'))[1]!;
    expect(corrected.subject).toBe(`Updated: ${release.title}`);
    expect(corrected.text).toContain('The date of the meeting was corrected.');

    expect((await call(`/v1/releases/${release.id}`, { method: 'DELETE', token: PRESS_TOKEN, json: { note: 'Published in error.' } })).status).toBe(200);
    await runtime.settled();
    const withdrawn = (await alertsTo('kz.reader@example.org'))[2]!;
    expect(withdrawn.subject).toMatch(/^Withdrawn: /);
    expect(withdrawn.text).toContain('Published in error.');
    expect(withdrawn.text).not.toContain(fixtureInput().body.slice(0, 40));
    expect(await alertsTo('tr.reader@example.org')).toEqual([]);
  });
});

describe('embargo, unsubscribing, and SES refusing', () => {
  test('an embargoed release is mailed at its instant, not before', async () => {
    const before = (await alertsTo('tr.reader@example.org')).length;
    const publishedAt = new Date(Date.now() + 6_000).toISOString();
    const scheduled = await publish({ countries: ['TR'], officials: [], embargo: true, publishedAt, title: 'Embargoed until its instant' });
    expect(Date.now()).toBeLessThan(Date.parse(publishedAt));
    expect(await alertsTo('tr.reader@example.org')).toHaveLength(before);
    await new Promise((resolve) => setTimeout(resolve, Date.parse(publishedAt) - Date.now() + 100));
    // The release's schedule fires at its instant; the sweep is the net under it.
    const deadline = Date.now() + 20_000;
    let alerts = await alertsTo('tr.reader@example.org');
    while (alerts.length === before && Date.now() < deadline) {
      await runtime.sweepDue();
      await runtime.settled();
      alerts = await alertsTo('tr.reader@example.org');
    }
    expect(alerts).toHaveLength(before + 1);
    expect(alerts.at(-1)!.text).toContain(`/releases/${scheduled.id}`);
  });

  test("one click on the List-Unsubscribe address forgets the reader: the next release is not mailed to them", async () => {
    const [alert] = await alertsTo('kz.reader@example.org');
    const unsubscribed = await fetch(oneClickAddress(alert!), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(unsubscribed.status).toBe(200);
    expect(await runtime.adapters.run(() => findByAddress('kz.reader@example.org'))).toBeUndefined();
    const count = (await alertsTo('kz.reader@example.org')).length;
    await publish({ title: 'After the unsubscribe', publishedAt: undefined });
    expect(await alertsTo('kz.reader@example.org')).toHaveLength(count);
    // The other follower of Kazakhstan still hears of it.
    expect((await alertsTo('both.reader@example.org')).at(-1)!.subject).toBe('After the unsubscribe');
  });

  /** A mail job as the fan-out writes it, for one reader of `feed`. */
  async function jobFor(address: string, feed: string, title: string, retries?: number) {
    const subscriberId = (await runtime.adapters.run(() => findByAddress(address)))!.id;
    return {
      type: 'alert',
      eventId: '01JB00000000000000000000AA.1.published',
      entry: { kind: 'published', release: { title, summary: 'A summary.', publishedAt: new Date().toISOString(), updatedAt: new Date().toISOString(), images: [], files: {} }, pageUrl: `${runtime.url}/releases/01JB00000000000000000000AA` },
      recipients: [{ subscriberId, address, feed, language: 'en', feedTitle: 'Milli Majlis' }],
      ...(retries === undefined ? {} : { retries }),
    };
  }
  /** The sender handed one job, as the mail queue's event source hands it. */
  async function send(job: unknown) {
    const record = { messageId: 'job-1', body: JSON.stringify(job), attributes: { SentTimestamp: String(Date.now()) } } as unknown as SQSEvent['Records'][number];
    const { handler } = (await import('../../../lambdas/alert-mail/handler.ts')) as { handler: (event: SQSEvent) => Promise<{ batchItemFailures: unknown[] }> };
    return runtime.adapters.invoke('alert-mail', () => handler({ Records: [record] }));
  }

  test('a reader who changed the feed to the digest since the fan-out is not mailed at once', async () => {
    const before = (await mailTo(runtime, 'digest.reader@example.org')).length;
    expect((await send(await jobFor('digest.reader@example.org', 'all', 'Changed to the digest'))).batchItemFailures).toEqual([]);
    expect(await mailTo(runtime, 'digest.reader@example.org')).toHaveLength(before);
  });

  test('a job SES refused for hours goes back to the queue unsent, for its redrive to keep', async () => {
    const before = (await mailTo(runtime, 'both.reader@example.org')).length;
    const answer = await send(await jobFor('both.reader@example.org', 'all', 'Refused for hours', 24));
    expect(answer.batchItemFailures).toEqual([{ itemIdentifier: 'job-1' }]);
    expect(await mailTo(runtime, 'both.reader@example.org')).toHaveLength(before);
  });

  test('with SES unreachable nothing is lost: the job goes back to the mail queue, later, with every recipient', async () => {
    await confirmedFollower(runtime, 'later.reader@example.org', 'country#TR', 'immediately', 'en');
    const job = await jobFor('later.reader@example.org', 'country#TR', 'While SES is down');
    const subscriberId = job.recipients[0]!.subscriberId;
    const mails = runtime.engines.alertMails;
    const port = Number(new URL(runtime.engines.ses.endpoint).port);
    await runtime.engines.ses.stop();
    try {
      const before = mails.stats.sent;
      const answer = await send(job);
      // Let go: its recipient is in the queue again, as a job that waits out SES's trouble.
      expect(answer.batchItemFailures).toEqual([]);
      expect(mails.stats.sent).toBe(before + 1);
      const again = mails.messages().at(-1)!;
      expect(again.visibleAt).toBeGreaterThan(Date.now() + 20_000);
      expect(parseMailJob(again.body)).toMatchObject({ eventId: job.eventId, retries: 1, recipients: [{ subscriberId, address: 'later.reader@example.org' }] });
    } finally {
      replacedSes = await startSesEngine({ port });
    }
  });
});

describe('the daily digest', () => {
  test("one mail at the digest time to each daily reader: the day's releases, each as it now stands, newest first; sent once", async () => {
    const digestsBefore = (await mailTo(runtime, 'digest.reader@example.org')).length;
    // The digest the first release's events went into (the shipped site's: 08:00 in Baku).
    const recorded = await runtime.adapters.run(() => fanOutProgress(`${firstRelease}.1.published`));
    const due = new Date(recorded.due!);
    expect(due.getTime()).toBe(nextDigestAt('08:00', 'Asia/Baku', new Date(due.getTime() - 1)).getTime());
    // Not due yet: the run refuses it rather than mark it sent while entries still come in.
    await expect(runtime.sendDigests(due)).rejects.toThrow(/not due yet/);
    // The digest's instant has come (the clock of this process only: the engines here all read it).
    vi.setSystemTime(new Date(due.getTime() + 1_000));
    try {
      expect(await runtime.sendDigests(due)).toBe(1);
      await runtime.settled();
      const mails = await mailTo(runtime, 'digest.reader@example.org');
      expect(mails).toHaveLength(digestsBefore + 1);
      const digest = mails.at(-1)!;
      expect(digest.subject).toMatch(/Milli Majlis/);
      const text = digest.text ?? '';
      // The first release was published, corrected and withdrawn today: told once, withdrawn.
      expect(text).toContain('Withdrawn: Milli Məclisin sədri Qazaxıstan Senatının sədri ilə görüşüb');
      expect(text.match(/Milli Məclisin sədri Qazaxıstan Senatının sədri ilə görüşüb/g)).toHaveLength(1);
      expect(text).toContain('After the unsubscribe');
      expect(text).toContain('Embargoed until its instant');
      expect(text.indexOf('After the unsubscribe')).toBeLessThan(text.indexOf('Withdrawn:'));
      expect(rawHeader(digest, 'List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
      // Run again (a retried schedule): nothing more.
      expect(await runtime.sendDigests(due)).toBe(0);
      await runtime.settled();
      expect(await mailTo(runtime, 'digest.reader@example.org')).toHaveLength(digestsBefore + 1);
      // Readers of the same feeds at once get no digest.
      expect((await alertsTo('both.reader@example.org')).filter((mail) => mail.subject === digest.subject)).toEqual([]);
    } finally {
      vi.useRealTimers();
    }
  });
});
