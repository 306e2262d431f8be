// The feed pages' document (feeds/html-layout.ts: its CSS and its CSP by hash) with what a
// release page adds to the head: a canonical link, robots, Open Graph, structured data.
import { escapeMarkup } from '../escape-markup.ts';
import { stripXmlIllegal } from '../xml-chars.ts';
import { htmlPage, type PageShell } from '../feeds/html-layout.ts';

const HEAD_END = '</head>';

/** The document of htmlPage, `head` (already-escaped elements, one a line) before the head's end. */
export function htmlPageWithHead(shell: PageShell, head: readonly string[]): string {
  const page = htmlPage(shell);
  // Before its own end tag htmlPage writes only escaped values and its fixed CSS, so the
  // first "</head>" is that end tag and no text of a release can pose as it.
  const at = page.indexOf(HEAD_END);
  if (at === -1 || head.length === 0) return page;
  return `${page.slice(0, at)}${stripXmlIllegal(head.join('\n'))}\n${page.slice(at)}`;
}

export const metaName = (name: string, content: string) => `<meta name="${escapeMarkup(name)}" content="${escapeMarkup(content)}">`;

/** Open Graph and its article namespace use `property`, not `name`. */
export const metaProperty = (property: string, content: string) =>
  `<meta property="${escapeMarkup(property)}" content="${escapeMarkup(content)}">`;

export const canonicalLink = (href: string) => `<link rel="canonical" href="${escapeMarkup(href)}">`;
