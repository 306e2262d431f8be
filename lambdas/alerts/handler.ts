// The alert pages (lambdas/routes.ts, pageRoutes): the form's POST, and each link's page (GET,
// a button) and its action (POST, the button's and RFC 8058's one-click). Every answer is an
// HTML page in the reader's language; a dependency that is down is a 503 page.
import middy from '@middy/core';
import httpRouterHandler from '@middy/http-router';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import * as v from 'valibot';
import { parseFeedKey } from '../core/feed-keys.ts';
import { feedTitle } from '../core/feeds/feed-titles.ts';
import { alertLinkPath, SUBSCRIBE_PATH } from '../core/alerts/alert-links.ts';
import { answerPage, LANGUAGE_FIELD, manageChoices, type AnswerPage } from '../core/alerts/alert-pages.ts';
import { subscribeFormSchema } from '../core/alerts/subscribe-form.ts';
import type { LinkPurpose } from '../core/alerts/signed-link.ts';
import { chromeLanguage, type Site } from '../core/site.ts';
import { officialsBySlug } from '../adapters/official-repository.ts';
import { publicBaseUrl } from '../adapters/public-urls.ts';
import { site } from '../adapters/site-config.ts';
import { isDependencyUnavailable } from '../http/json-errors.ts';
import type { HttpResult } from '../http/response.ts';
import { logger } from '../logger.ts';
import { checkLink, confirmAlerts, followsOf, manageAlerts, requestAlerts, unsubscribeAll, type ManageResult } from './follow.ts';
import { SubscriberChanged } from '../adapters/subscriber-store.ts';
import { clientNetwork, isCrossSite } from '../core/alerts/client-network.ts';
import { pageRoutes, routeKey } from '../routes.ts';

/** A form of three short fields and a hidden one is far smaller. */
const MAX_FORM_BYTES = 8 * 1024;

type Event = APIGatewayProxyEventV2;

function formFields(event: Event): URLSearchParams {
  const raw = event.isBase64Encoded ? Buffer.from(event.body ?? '', 'base64').toString('utf8') : (event.body ?? '');
  return new URLSearchParams(Buffer.byteLength(raw, 'utf8') > MAX_FORM_BYTES ? '' : raw);
}

/**
 * The reader's network (an IPv4 address, an IPv6 /64): CloudFront's viewer address when the
 * request came through it. A request to the API's own host can set that header itself, which
 * is why the per-address limit, not this one, protects an inbox.
 */
function clientOf(event: Event): string {
  const viewer = event.headers?.['cloudfront-viewer-address'];
  return clientNetwork(viewer ? viewer.slice(0, viewer.lastIndexOf(':')).replace(/^\[|\]$/g, '') : event.requestContext.http.sourceIp);
}

async function page(language: string, answer: AnswerPage): Promise<HttpResult> {
  const current = await site();
  const { status, html } = answerPage(current, chromeLanguage(current, language), answer, `${publicBaseUrl()}/feeds/`);
  // Capability links in the address: never cached, never sent on as a referrer; never framed.
  return {
    statusCode: status,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      'referrer-policy': 'no-referrer',
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
      'strict-transport-security': 'max-age=31536000',
    },
    body: html,
  };
}

const languageOf = (fields: URLSearchParams | Record<string, string | undefined> | undefined) =>
  (fields instanceof URLSearchParams ? fields.get(LANGUAGE_FIELD) : fields?.[LANGUAGE_FIELD]) ?? '';

async function subscribe(event: Event): Promise<HttpResult> {
  const fields = formFields(event);
  const language = languageOf(fields);
  const [current, officials] = await Promise.all([site(), officialsBySlug()]);
  const schema = subscribeFormSchema({ languages: current.config.languages, officials: new Set(officials.keys()) });
  const input = Object.fromEntries(['email', 'feed', 'frequency', 'website'].flatMap((name) => (fields.has(name) ? [[name, fields.get(name)!]] : [])));
  const parsed = v.safeParse(schema, input);
  if (!parsed.success) {
    const feed = typeof input.feed === 'string' && v.safeParse(schema.entries.feed, input.feed).success ? input.feed : 'all';
    const words = current.catalogues[chromeLanguage(current, language)]!;
    return page(language, { page: 'form-error', feed, state: { email: input.email ?? '', frequency: input.frequency ?? '', emailError: words.emailInvalid } });
  }
  // A form on another site posting here sends nothing, and is answered as any other request.
  if (isCrossSite(event.headers ?? {}, new URL(publicBaseUrl()).origin)) logger.warn('a cross-site subscribe request was ignored');
  else await requestAlerts(parsed.output, chromeLanguage(current, language), clientOf(event), new Date());
  return page(language, { page: 'check-inbox' });
}

const tokenOf = (event: Event) => event.queryStringParameters?.token ?? '';

async function linkPage(event: Event, purpose: LinkPurpose): Promise<HttpResult> {
  const language = languageOf(event.queryStringParameters);
  const check = await checkLink(tokenOf(event), purpose, new Date());
  if (!check.ok) return page(language, { page: check.reason === 'expired' ? 'link-expired' : 'link-invalid' });
  return page(language, purpose === 'confirm' ? { page: 'confirm', token: tokenOf(event) } : { page: 'unsubscribe', token: tokenOf(event) });
}

function titlesOf(current: Site, feeds: readonly string[], officials: Awaited<ReturnType<typeof officialsBySlug>>, language: string): string[] {
  return feeds.map((key) => {
    const feed = parseFeedKey(key);
    return feedTitle(current, feed, officials, feed.language ?? language);
  });
}

async function confirm(event: Event): Promise<HttpResult> {
  const language = languageOf(event.queryStringParameters);
  const outcome = await confirmAlerts(tokenOf(event), new Date());
  if (outcome.result === 'refused') {
    return page(language, { page: outcome.reason === 'expired' || outcome.reason === 'unknown subscriber' ? 'link-expired' : 'link-invalid' });
  }
  if (outcome.result === 'nothing pending') return page(language, { page: 'nothing-pending' });
  const [current, officials] = await Promise.all([site(), officialsBySlug()]);
  return page(language, { page: 'confirmed', feedTitles: titlesOf(current, outcome.added, officials, chromeLanguage(current, language)) });
}

async function unsubscribe(event: Event): Promise<HttpResult> {
  const language = languageOf(event.queryStringParameters);
  const outcome = await unsubscribeAll(tokenOf(event), new Date());
  if (outcome.result === 'refused') return page(language, { page: outcome.reason === 'expired' ? 'link-expired' : 'link-invalid' });
  return page(language, { page: 'unsubscribed' });
}

/** The manage page: what the reader follows, each feed titled in the page's language. */
async function managePage(language: string, token: string, outcome: ManageResult, after: 'form' | 'saved'): Promise<HttpResult> {
  if (outcome.result === 'refused') return page(language, { page: outcome.reason === 'expired' ? 'link-expired' : 'link-invalid' });
  if (outcome.result === 'nothing followed') return page(language, { page: 'unsubscribed' });
  const [current, officials] = await Promise.all([site(), officialsBySlug()]);
  const ui = chromeLanguage(current, language);
  const follows = Object.entries(outcome.subscriber.follows);
  const titles = titlesOf(current, follows.map(([feed]) => feed), officials, ui);
  if (after === 'saved') return page(language, { page: 'managed', feedTitles: titles });
  return page(language, { page: 'manage', token, follows: follows.map(([feed, frequency], index) => ({ feed, frequency, title: titles[index]! })) });
}

const manageShown = async (event: Event) =>
  managePage(languageOf(event.queryStringParameters), tokenOf(event), await followsOf(tokenOf(event), new Date()), 'form');

const manageSent = async (event: Event) =>
  managePage(languageOf(event.queryStringParameters), tokenOf(event), await manageAlerts(tokenOf(event), manageChoices(formFields(event)), new Date()), 'saved');

/** A dependency that is down answers the 503 page; anything else is a defect, logged as one, and the 503 page too. */
function pageErrors(): middy.MiddlewareObj<Event, HttpResult> {
  return {
    onError: async (request) => {
      // Requests that kept colliding on one record are as good as a busy table.
      const unavailable = isDependencyUnavailable(request.error) || request.error instanceof SubscriberChanged;
      // The error's name and message only: an SDK error's request would carry the form's address.
      const { name, message } = request.error as Error;
      if (unavailable) logger.warn('a dependency is unavailable', { name, message });
      else logger.error('alert page failed', { name, message });
      const language = request.event.queryStringParameters?.[LANGUAGE_FIELD] ?? '';
      request.response = await page(language, { page: 'unavailable' }).catch(
        (): HttpResult => ({ statusCode: 503, headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' }, body: 'Try again in a moment.' }),
      );
    },
  };
}

const handlers: Readonly<Record<string, (event: Event) => Promise<HttpResult>>> = {
  [`POST ${SUBSCRIBE_PATH}`]: subscribe,
  [`GET ${alertLinkPath('confirm')}`]: (event) => linkPage(event, 'confirm'),
  [`POST ${alertLinkPath('confirm')}`]: confirm,
  [`GET ${alertLinkPath('unsubscribe')}`]: (event) => linkPage(event, 'unsubscribe'),
  [`POST ${alertLinkPath('unsubscribe')}`]: unsubscribe,
  [`GET ${alertLinkPath('manage')}`]: manageShown,
  [`POST ${alertLinkPath('manage')}`]: manageSent,
};

export const handler = middy<Event, HttpResult>()
  .use(pageErrors())
  .handler(
    httpRouterHandler<Event, HttpResult>(
      pageRoutes
        .filter((route) => route.function === 'alerts')
        .map((route) => {
          const served = handlers[routeKey(route)];
          if (!served) throw new Error(`lambdas/routes.ts gives the alerts function ${routeKey(route)}, which it does not serve`);
          return { method: route.method, path: route.path, handler: served };
        }),
    ),
  );
