import { describe, expect, test } from 'vitest';
import { alertJobs, digestJobs, JOB_RECIPIENTS, MAX_JOB_RETRIES, parseMailJob, retryDelaySeconds, retryJob, type AlertJob } from '../../../../lambdas/core/alerts/mail-job.ts';
import type { AlertEntry } from '../../../../lambdas/core/alerts/alert-message.ts';
import type { Recipient } from '../../../../lambdas/core/alerts/recipients.ts';
import { fixtureRelease2023 } from '../feeds/feed-fixtures.ts';

const release = fixtureRelease2023();
const entry: AlertEntry = {
  kind: 'corrected',
  release: { title: release.title, summary: release.summary, publishedAt: release.publishedAt, updatedAt: release.updatedAt, images: [], files: {} },
  changeNote: 'The date was corrected.',
  pageUrl: 'https://press.example.org/releases/01H3ABCDEF0123456789XYZKQM',
};
const recipients = (n: number): Recipient[] =>
  Array.from({ length: n }, (_, i) => ({ subscriberId: `01JB${String(i).padStart(22, '0')}`, address: `r${i}@example.org`, frequency: 'immediately', feed: 'all', language: 'en' }));

describe('mail jobs', () => {
  test('a release for 120 recipients is three jobs of at most 50, each readable back as it was written', () => {
    const jobs = alertJobs('01H3ABCDEF0123456789XYZKQM.2.updated', entry, recipients(120), (r) => `Title for ${r.feed}`);
    expect(jobs.map((job) => job.recipients.length)).toEqual([JOB_RECIPIENTS, JOB_RECIPIENTS, 20]);
    expect(jobs.flatMap((job) => job.recipients.map((r) => r.address))).toEqual(recipients(120).map((r) => r.address));
    for (const job of jobs) expect(parseMailJob(JSON.stringify(job))).toEqual(job);
    expect(jobs[0]!.recipients[0]).toEqual({ subscriberId: recipients(1)[0]!.subscriberId, address: 'r0@example.org', feed: 'all', language: 'en', feedTitle: 'Title for all' });
    expect(alertJobs('x', entry, [], () => '')).toEqual([]);
  });

  test('what is not a job is not read as one', () => {
    const [job] = alertJobs('e', entry, recipients(1), () => 't') as AlertJob[];
    expect(parseMailJob('not json')).toBeUndefined();
    expect(parseMailJob(JSON.stringify({ ...job, recipients: [] }))).toBeUndefined();
    expect(parseMailJob(JSON.stringify({ ...job, type: 'digest' }))).toBeUndefined();
    expect(parseMailJob(JSON.stringify({ ...job, entry: { ...job!.entry, kind: 'embargoed' } }))).toBeUndefined();
    expect(parseMailJob(JSON.stringify({ ...job, recipients: recipients(51).map((r) => ({ ...r, feedTitle: 't' })) }))).toBeUndefined();
  });

  test("a digest's jobs name its instant and feed; they read back as written", () => {
    const due = new Date('2026-12-05T04:00:00.000Z');
    const jobs = digestJobs(due, 'country#KZ', recipients(60), () => 'Kazakhstan');
    expect(jobs.map((job) => job.recipients.length)).toEqual([50, 10]);
    expect(jobs[0]).toMatchObject({ type: 'digest', due: '2026-12-05T04:00:00.000Z', feed: 'country#KZ' });
    for (const job of jobs) expect(parseMailJob(JSON.stringify(job))).toEqual(job);
    expect(parseMailJob(JSON.stringify({ ...jobs[0], due: 'tomorrow' }))).toBeUndefined();
  });

  test('a job put back holds only the unsent, counts its retries, and waits longer each time, up to 15 minutes', () => {
    const [job] = alertJobs('e', entry, recipients(3), () => 't');
    const once = retryJob(job!, job!.recipients.slice(1));
    expect(once).toMatchObject({ retries: 1, eventId: 'e' });
    expect(once.recipients).toEqual(job!.recipients.slice(1));
    expect(retryJob(once, once.recipients).retries).toBe(2);
    expect([1, 2, 3, 4, 5, 6].map(retryDelaySeconds)).toEqual([30, 60, 120, 240, 480, 900]);
    expect(retryDelaySeconds(MAX_JOB_RETRIES)).toBe(900);
  });
});
