// Where the links in alert mails point, once: each purpose has a page under /alerts/ on the
// site's origin that takes the signed token in its query. The page of a confirmation or an
// unsubscribe link shows a button that POSTs to the same address, so a mail scanner that
// follows links changes nothing; the unsubscribe address also takes RFC 8058's one-click POST.
import type { AlertLinks } from './mail-message.ts';
import { signLink, type LinkPurpose } from './signed-link.ts';

export const ALERTS_PATH = '/alerts';

export const alertLinkPath = (purpose: LinkPurpose) => `${ALERTS_PATH}/${purpose}`;

/** Where the form on feed pages and the directory posts. */
export const SUBSCRIBE_PATH = `${ALERTS_PATH}/subscribe`;

/** The page's language rides along unsigned: it only chooses the words of the page. */
export const alertLinkUrl = (baseUrl: string, purpose: LinkPurpose, token: string, language: string) =>
  `${baseUrl.replace(/\/+$/, '')}${alertLinkPath(purpose)}?token=${encodeURIComponent(token)}&lang=${encodeURIComponent(language)}`;

/**
 * The links every mail about releases carries for one subscriber. Neither expires: an
 * unsubscribe link in an old mail must still work. The one-click address is the unsubscribe
 * page's own: its GET shows the button, a POST (the button's, or the mail client's) acts.
 */
export function subscriberLinks(baseUrl: string, key: Uint8Array, subscriber: string, language: string): AlertLinks {
  const unsubscribe = alertLinkUrl(baseUrl, 'unsubscribe', signLink({ purpose: 'unsubscribe', subscriber }, key), language);
  return { unsubscribe, oneClick: unsubscribe, manage: alertLinkUrl(baseUrl, 'manage', signLink({ purpose: 'manage', subscriber }, key), language) };
}
