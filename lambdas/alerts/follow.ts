// What the alert pages do, composed of the subscriber rules (lambdas/core/alerts), the store
// and the mailer: a request from the form, a confirmation, an unsubscribe. Each answers what
// happened for the page to say; the form's answer is the same whatever happened, so that it
// never tells whether an address is known.
import { ulid } from 'ulid';
import { parseFeedKey } from '../core/feed-keys.ts';
import { feedTitle } from '../core/feeds/feed-titles.ts';
import { alertLinkUrl } from '../core/alerts/alert-links.ts';
import { confirmationMessage } from '../core/alerts/confirmation-message.ts';
import { isRobot, type SubscribeForm } from '../core/alerts/subscribe-form.ts';
import { CONFIRMATION_TTL_MS, signLink, verifyLink, type LinkCheck, type LinkPurpose } from '../core/alerts/signed-link.ts';
import { REQUESTS_PER_CLIENT_PER_DAY, changeFollows, confirmFollows, requestFollow, unfollow, utcDay, type FollowChoice, type Subscriber } from '../core/alerts/subscriber.ts';
import { alertKey } from '../adapters/alert-key.ts';
import { sendMail } from '../adapters/mailer.ts';
import { officialsBySlug } from '../adapters/official-repository.ts';
import { publicBaseUrl } from '../adapters/public-urls.ts';
import { site } from '../adapters/site-config.ts';
import { countClientRequest, findByAddress, findSubscriber, saveConfirmed, saveFollows, saveRequest, SubscriberChanged } from '../adapters/subscriber-store.ts';

/**
 * Reads again and decides again up to this often when another request changed the record
 * meanwhile, after a random pause of up to RETRY_JITTER_MS, so that requests that collided spread
 * apart instead of colliding again in step (a form sent twice, a robot's burst).
 */
const ATTEMPTS = 6;
const RETRY_JITTER_MS = 50;


async function retried<T>(work: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (!(error instanceof SubscriberChanged) || attempt >= ATTEMPTS) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * RETRY_JITTER_MS * attempt));
    }
  }
}

/** The confirmation of every request still waiting, in the language of the subscriber's first request. */
async function sendConfirmation(subscriber: Subscriber, now: Date): Promise<void> {
  const [current, officials] = await Promise.all([site(), officialsBySlug()]);
  const token = signLink({ purpose: 'confirm', subscriber: subscriber.id, expiresAt: now.getTime() + CONFIRMATION_TTL_MS }, await alertKey());
  const feedTitles = Object.keys(subscriber.pending).map((key) => {
    const feed = parseFeedKey(key);
    return feedTitle(current, feed, officials, feed.language ?? subscriber.language);
  });
  await sendMail(subscriber.address, confirmationMessage(current, { language: subscriber.language, feedTitles, confirmUrl: alertLinkUrl(publicBaseUrl(), 'confirm', token, subscriber.language) }));
}

export type RequestResult = 'confirmation sent' | 'nothing sent';

/** A request from the form of a page in `language`, from `client` (its network address). */
export async function requestAlerts(form: SubscribeForm, language: string, client: string, now: Date): Promise<RequestResult> {
  if (isRobot(form)) return 'nothing sent';
  const dayEnds = new Date(`${utcDay(now)}T00:00:00Z`);
  dayEnds.setUTCDate(dayEnds.getUTCDate() + 1);
  if ((await countClientRequest(client, utcDay(now), dayEnds)) > REQUESTS_PER_CLIENT_PER_DAY) return 'nothing sent';
  const saved = await retried(async () => {
    const found = await findByAddress(form.email);
    const outcome = requestFollow(found?.read?.subscriber, { feed: form.feed, frequency: form.frequency, language }, form.email, () => found?.id ?? ulid(), now);
    if (outcome.send === 'nothing') return undefined;
    await saveRequest(outcome.subscriber, found?.read?.revision);
    return outcome.subscriber;
  });
  if (saved === undefined) return 'nothing sent';
  await sendConfirmation(saved, now);
  return 'confirmation sent';
}

type LinkFailure = Extract<LinkCheck, { ok: false }>['reason'];

/** Whether a link's page may offer its button: its signature, purpose and expiry, nothing stored. */
export async function checkLink(token: string, purpose: LinkPurpose, now: Date): Promise<LinkCheck> {
  return verifyLink(token, purpose, await alertKey(), now.getTime());
}

export type ConfirmResult =
  | { result: 'confirmed'; subscriber: Subscriber; added: readonly string[] }
  | { result: 'nothing pending' }
  | { result: 'refused'; reason: LinkFailure | 'unknown subscriber' };

/** A click on the button of a confirmation link's page. */
export async function confirmAlerts(token: string, now: Date): Promise<ConfirmResult> {
  const check = verifyLink(token, 'confirm', await alertKey(), now.getTime());
  if (!check.ok) return { result: 'refused', reason: check.reason };
  return retried(async () => {
    const read = await findSubscriber(check.subscriber, now);
    // Never confirmed and lapsed, or unsubscribed since: the link is as good as expired.
    if (read === undefined) return { result: 'refused', reason: 'unknown subscriber' };
    const outcome = confirmFollows(read.subscriber, now, new Date(check.expiresAt! - CONFIRMATION_TTL_MS));
    if (outcome.outcome === 'nothing-pending') return { result: 'nothing pending' };
    await saveConfirmed(outcome.subscriber, outcome.added, read.revision);
    return { result: 'confirmed', subscriber: outcome.subscriber, added: Object.keys(outcome.added) };
  });
}

export type UnsubscribeResult = { result: 'unsubscribed' } | { result: 'refused'; reason: LinkFailure };

/**
 * Stops every alert to the subscriber and forgets the address. A second use of the link finds
 * no one and answers the same: the reader asked for exactly that state.
 */
export async function unsubscribeAll(token: string, now: Date): Promise<UnsubscribeResult> {
  const check = verifyLink(token, 'unsubscribe', await alertKey(), now.getTime());
  if (!check.ok) return { result: 'refused', reason: check.reason };
  await retried(async () => {
    const read = await findSubscriber(check.subscriber, now);
    if (read === undefined) return;
    await saveFollows(read.subscriber, unfollow(read.subscriber, Object.keys({ ...read.subscriber.follows, ...read.subscriber.pending })), read.revision);
  });
  return { result: 'unsubscribed' };
}

export type ManageResult = { result: 'following'; subscriber: Subscriber } | { result: 'nothing followed' } | { result: 'refused'; reason: LinkFailure };

/** What a manage link's reader follows now (a GET of its page); 'nothing followed' once the address is gone. */
export async function followsOf(token: string, now: Date): Promise<ManageResult> {
  const check = verifyLink(token, 'manage', await alertKey(), now.getTime());
  if (!check.ok) return { result: 'refused', reason: check.reason };
  const read = await findSubscriber(check.subscriber, now);
  return read === undefined || Object.keys(read.subscriber.follows).length === 0 ? { result: 'nothing followed' } : { result: 'following', subscriber: read.subscriber };
}

/** The manage page's form sent: each followed feed at its new frequency, or stopped; the address goes with the last. */
export async function manageAlerts(token: string, choices: Readonly<Record<string, FollowChoice>>, now: Date): Promise<ManageResult> {
  const check = verifyLink(token, 'manage', await alertKey(), now.getTime());
  if (!check.ok) return { result: 'refused', reason: check.reason };
  return retried(async () => {
    const read = await findSubscriber(check.subscriber, now);
    if (read === undefined) return { result: 'nothing followed' } as const;
    const after = changeFollows(read.subscriber, choices);
    await saveFollows(read.subscriber, after, read.revision);
    return after === undefined || Object.keys(after.follows).length === 0 ? ({ result: 'nothing followed' } as const) : ({ result: 'following', subscriber: after } as const);
  });
}
