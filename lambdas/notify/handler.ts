// DynamoDB stream → the release's public media first, then one SNS notification per release
// change, and the one-time schedule of a scheduled release kept in step with it. At-least-once in, at most one notification per
// release version and type out (the ledger). At the first record that fails the batch stops
// and that record is reported: Lambda retries from it, in order, since a release's schedule and
// embargo messages must follow its changes in order (the ledger turns replays into no-ops).
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { eventTypeOf, messageAttributes, messageBody, releaseEvent, subjectOf } from '../core/release-event.ts';
import { releaseChanges } from '../adapters/stream-records.ts';
import { publishReleaseEvent } from '../adapters/release-notifier.ts';
import { alreadyNotified, recordNotified } from '../adapters/notification-ledger.ts';
import { apiBaseUrl, publicBaseUrl } from '../adapters/public-urls.ts';
import { schedulePlanOf } from '../core/release-schedule.ts';
import { deleteReleaseSchedule, putReleaseSchedule } from '../adapters/release-schedules.ts';
import { siteConfig } from '../adapters/site-config.ts';
import { publishMedia } from '../publication/publish-media.ts';
import { appendEvent } from '../adapters/event-log.ts';
import { logger } from '../logger.ts';
import { getGroup } from '../adapters/release-groups.ts';
import { translationsFor } from '../core/translations.ts';
import { releaseLink, releaseLinks } from '../core/release-link.ts';
import type { Release } from '../core/release.ts';

/** The release with the other members of its group that are public, and its links, as its event carries them. */
async function withPublicTranslations(release: Release): Promise<Release> {
  const links = releaseLinks(release, publicBaseUrl());
  if (!release.group) return { ...release, links };
  const { members } = await getGroup(release.group);
  const translations = translationsFor(release, members, 'public', (member) => releaseLink(member, { publicBaseUrl: publicBaseUrl(), apiBaseUrl: apiBaseUrl() }));
  return { ...release, translations, links };
}

export async function handler(event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> {
  const failures: DynamoDBBatchResponse['batchItemFailures'] = [];
  for (const change of releaseChanges(event)) {
    const type = eventTypeOf(change.previous, change.next);
    const release = type ? subjectOf(type, change.previous, change.next) : undefined;
    const plan = schedulePlanOf(change.previous, change.next);
    if (!type && !plan) continue;
    try {
      // A partner fetches the photo as soon as it hears of the release: it must be there.
      await publishMedia([change]);
      if (type && release && !(await alreadyNotified(release.id, release.version, type))) {
        const message = releaseEvent(type, await withPublicTranslations(release), publicBaseUrl(), change.previous);
        const attributes = messageAttributes(type, release, change.previous);
        // Logged before it is sent: a partner that misses the webhook finds it in the log.
        await appendEvent(message.eventId, messageBody(message), attributes);
        const messageId = await publishReleaseEvent(message, attributes);
        await persistently(() => recordNotified(release.id, release.version, type, messageId));
      }
      if (plan?.kind === 'put') await putReleaseSchedule(plan, siteConfig().timeZone);
      if (plan?.kind === 'delete') await deleteReleaseSchedule(plan.releaseId);
    } catch (error) {
      const subject = change.next ?? change.previous;
      logger.error('notify failed; the record will be retried', { releaseId: subject?.id, version: subject?.version, type, error: error as Error });
      // Lambda retries from this record on; going on would put later changes of the release
      // (its schedule, its embargo) before this one, which must come first.
      failures.push({ itemIdentifier: change.sequenceNumber });
      break;
    }
  }
  return { batchItemFailures: failures };
}

/**
 * Once the message is out, giving up on its ledger entry means a second message on the retry,
 * so the entry is retried with back-off for a while (DynamoDB restarting, throttling) before
 * the record is reported failed. Well inside the function's 60 s timeout.
 */
const LEDGER_RETRY_MS = 20_000;

async function persistently(write: () => Promise<void>): Promise<void> {
  const deadline = Date.now() + LEDGER_RETRY_MS;
  for (let delay = 100; ; delay = Math.min(delay * 2, 2_000)) {
    try {
      return await write();
    } catch (error) {
      if (Date.now() + delay > deadline) throw error;
      logger.warn('notified, but the ledger entry could not be written yet; retrying', { error: error as Error });
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}
