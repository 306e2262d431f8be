// The alert form and the pages its handler answers with, in the site's page shell and in the
// language of the page the reader came from. Each works without script: the form is a plain
// POST, and the pages of the links in alert mails are a button that POSTs back to the same
// address, so a mail scanner that follows a link changes nothing.
import { escapeMarkup } from '../escape-markup.ts';
import { htmlPageWithHead, metaName } from '../pages/page-head.ts';
import { siteName } from '../feeds/feed-titles.ts';
import { chromeLanguage, chromeStrings, type Site } from '../site.ts';
import { alertLinkPath, SUBSCRIBE_PATH } from './alert-links.ts';
import { ALERT_FREQUENCIES, HONEYPOT_FIELD, type AlertFrequency } from './subscribe-form.ts';
import type { FollowChoice } from './subscriber.ts';

/** The field that carries the page's language. */
export const LANGUAGE_FIELD = 'lang';

/** The manage form's field of one followed feed is this and the feed's key; its value a FollowChoice. */
export const MANAGE_FIELD_PREFIX = 'feed:';
const FOLLOW_CHOICES: readonly FollowChoice[] = [...ALERT_FREQUENCIES, 'stop'];

/** The choices a manage form sent, by feed key; fields that are not choices are left out. */
export function manageChoices(fields: Iterable<[string, string]>): Record<string, FollowChoice> {
  const choices: Record<string, FollowChoice> = {};
  for (const [name, value] of fields) {
    if (name.startsWith(MANAGE_FIELD_PREFIX) && (FOLLOW_CHOICES as readonly string[]).includes(value)) choices[name.slice(MANAGE_FIELD_PREFIX.length)] = value as FollowChoice;
  }
  return choices;
}

export interface FollowedFeed {
  feed: string;
  /** In the page's language. */
  title: string;
  frequency: AlertFrequency;
}

export interface FormState {
  email?: string;
  frequency?: string;
  /** The message to show at the address field. */
  emailError?: string;
}

/** The form of a feed page or the directory, for the feed `feed` (its key). */
export function alertForm(site: Site, language: string, feed: string, state: FormState = {}): string {
  const alerts = site.config.alerts;
  if (!alerts) return '';
  const words = chromeStrings(site, language);
  const ui = chromeLanguage(site, language);
  const id = (name: string) => `alerts-${name}`;
  const frequency = state.frequency === 'daily' ? 'daily' : 'immediately';
  const radio = (value: 'immediately' | 'daily', label: string) =>
    `<label><input type="radio" name="frequency" value="${value}"${frequency === value ? ' checked' : ''}> ${escapeMarkup(label)}</label>`;
  const error = state.emailError === undefined ? '' : `<p class="error" id="${id('email-error')}">${escapeMarkup(state.emailError)}</p>`;
  return `<section aria-labelledby="${id('heading')}">
<h2 id="${id('heading')}">${escapeMarkup(words.alertsHeading)}</h2>
<p>${escapeMarkup(words.alertsIntro)}</p>
<form class="alerts" method="post" action="${escapeMarkup(SUBSCRIBE_PATH)}">
<input type="hidden" name="feed" value="${escapeMarkup(feed)}">
<input type="hidden" name="${LANGUAGE_FIELD}" value="${escapeMarkup(ui)}">
<label for="${id('email')}">${escapeMarkup(words.emailLabel)}</label>
<input type="email" id="${id('email')}" name="email" autocomplete="email" required maxlength="254" value="${escapeMarkup(state.email ?? '')}"${state.emailError === undefined ? '' : ` aria-invalid="true" aria-describedby="${id('email-error')}"`}>
${error}
<fieldset>
<legend>${escapeMarkup(words.frequencyLabel)}</legend>
${radio('immediately', words.frequencyImmediately)}
${radio('daily', words.frequencyDaily.replace('{time}', alerts.digestTime))}
</fieldset>
<div class="trap" aria-hidden="true"><label>Website <input type="text" name="${HONEYPOT_FIELD}" tabindex="-1" autocomplete="off"></label></div>
<button type="submit">${escapeMarkup(words.subscribeButton)}</button>
</form>
</section>`;
}

export type AnswerPage =
  | { page: 'check-inbox' }
  | { page: 'form-error'; feed: string; state: FormState }
  | { page: 'confirm'; token: string }
  | { page: 'confirmed'; feedTitles: readonly string[] }
  | { page: 'nothing-pending' }
  | { page: 'link-invalid' }
  | { page: 'link-expired' }
  | { page: 'unsubscribe'; token: string }
  | { page: 'unsubscribed' }
  | { page: 'manage'; token: string; follows: readonly FollowedFeed[] }
  | { page: 'managed'; feedTitles: readonly string[] }
  | { page: 'unavailable' };

const linkAction = (path: string, token: string, language: string) => `${path}?token=${encodeURIComponent(token)}&${LANGUAGE_FIELD}=${encodeURIComponent(language)}`;

/** A form that POSTs the token back to the page's own path, in its language: the button of a link's page. */
function buttonForm(path: string, token: string, label: string, language: string): string {
  return `<form class="alerts" method="post" action="${escapeMarkup(linkAction(path, token, language))}">
<button type="submit">${escapeMarkup(label)}</button>
</form>`;
}

/** Each followed feed with its choices, the one it has checked; sent back to the page's own address. */
function manageForm(site: Site, language: string, token: string, follows: readonly FollowedFeed[]): string {
  const words = chromeStrings(site, language);
  const labels: Record<FollowChoice, string> = {
    immediately: words.frequencyImmediately,
    daily: words.frequencyDaily.replace('{time}', site.config.alerts?.digestTime ?? ''),
    stop: words.frequencyStop,
  };
  const fieldsets = follows.map(
    (follow) => `<fieldset>
<legend dir="auto">${escapeMarkup(follow.title)}</legend>
${FOLLOW_CHOICES.map(
  (choice) =>
    `<label><input type="radio" name="${escapeMarkup(`${MANAGE_FIELD_PREFIX}${follow.feed}`)}" value="${choice}"${choice === follow.frequency ? ' checked' : ''}> ${escapeMarkup(labels[choice])}</label>`,
).join('\n')}
</fieldset>`,
  );
  return `<form class="alerts" method="post" action="${escapeMarkup(linkAction(alertLinkPath('manage'), token, language))}">
${fieldsets.join('\n')}
<button type="submit">${escapeMarkup(words.saveButton)}</button>
</form>`;
}

const titleList = (titles: readonly string[]) => `<ul>\n${titles.map((title) => `<li dir="auto">${escapeMarkup(title)}</li>`).join('\n')}\n</ul>`;

/** The page the handler answers with, and the status it answers it with. */
export function answerPage(site: Site, language: string, answer: AnswerPage, feedsUrl: string): { status: number; html: string } {
  const words = chromeStrings(site, language);
  const ui = chromeLanguage(site, language);
  const paragraph = (text: string) => `<p>${escapeMarkup(text)}</p>`;
  const [status, title, body, hasForm] = ((): [number, string, string, boolean] => {
    switch (answer.page) {
      case 'check-inbox':
        return [200, words.checkInboxTitle, paragraph(words.checkInboxText), false];
      case 'form-error':
        return [400, words.formErrorTitle, alertForm(site, ui, answer.feed, answer.state), true];
      case 'confirm':
        return [200, words.confirmTitle, buttonForm(alertLinkPath('confirm'), answer.token, words.confirmButton, ui), true];
      case 'confirmed':
        return [
          200,
          words.confirmedTitle,
          `${paragraph(words.confirmedText)}\n${titleList(answer.feedTitles)}`,
          false,
        ];
      case 'nothing-pending':
        return [200, words.confirmedTitle, paragraph(words.nothingPending), false];
      case 'link-invalid':
        return [400, words.linkInvalid, '', false];
      case 'link-expired':
        return [400, words.linkExpired, '', false];
      case 'unsubscribe':
        return [200, words.unsubscribeTitle, `${paragraph(words.unsubscribeText)}\n${buttonForm(alertLinkPath('unsubscribe'), answer.token, words.unsubscribe, ui)}`, true];
      case 'unsubscribed':
        return [200, words.unsubscribedTitle, paragraph(words.unsubscribedText), false];
      case 'manage':
        return [200, words.manageAlerts, `${paragraph(words.manageText)}\n${manageForm(site, ui, answer.token, answer.follows)}`, true];
      case 'managed':
        return [
          200,
          words.managedTitle,
          `${paragraph(words.managedText)}\n${titleList(answer.feedTitles)}`,
          false,
        ];
      case 'unavailable':
        return [503, words.tryAgain, '', false];
    }
  })();
  // Pages of one reader's request or link: nothing for a search engine to keep.
  const html = htmlPageWithHead({
    language: ui,
    title: `${title} — ${siteName(site, ui)}`,
    description: title,
    alternates: [],
    hasForm,
    body: `<header>
<p class="muted"><a href="${escapeMarkup(feedsUrl)}">${escapeMarkup(words.allFeeds)}</a></p>
<h1>${escapeMarkup(title)}</h1>
</header>
<main>
${body}
</main>`,
  }, [metaName('robots', 'noindex')]);
  return { status, html };
}
