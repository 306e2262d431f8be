// HTML bodies end up inside partners' pages and feed readers, so only a small, inert
// subset survives: text structure, links and images over http(s). `xss` is the
// maintained sanitiser; this file only configures it.
import { FilterXSS } from 'xss';
import { escapeMarkup } from './escape-markup.ts';
import { decodeEntities } from './html-text.ts';
import { httpUrl } from './http-url.ts';

const ALLOWED_TAGS: Record<string, string[]> = {
  p: [],
  br: [],
  strong: [],
  em: [],
  b: [],
  i: [],
  ul: [],
  ol: [],
  li: [],
  blockquote: [],
  a: ['href', 'title'],
  h2: [],
  h3: [],
  h4: [],
  figure: [],
  figcaption: [],
  img: ['src', 'alt'],
};

const filter = new FilterXSS({
  whiteList: ALLOWED_TAGS,
  stripIgnoreTag: true, // unknown tags go, their text stays
  stripIgnoreTagBody: ['script', 'style'], // ...except these, whose text is code
  allowCommentTag: false,
  css: false,
  onTagAttr(tag, name, value, isAllowed) {
    if (!isAllowed || !((tag === 'a' && name === 'href') || (tag === 'img' && name === 'src'))) {
      return undefined; // xss's defaults: drop what is not allowed, escape the rest
    }
    // Relative links would point at the feed reader's host, other schemes can run code:
    // either way the attribute goes, the element stays.
    const url = httpUrl(decodeEntities(value));
    return url === undefined ? '' : `${name}="${escapeMarkup(url)}"`;
  },
});

// xss leaves a "[removed]" marker and the code as text for a script that is never closed;
// a browser would treat everything after it as script, so it all goes.
const SCRIPT_OR_STYLE = /<(script|style)\b[\s\S]*?(?:<\/\1\s*>|$)/gi;

/**
 * The allowed subset of `html`. Authors must escape a literal "<" as &lt;: xss reads
 * "1 < 2 and 3 > 2" as a tag and drops it (safe, if lossy).
 */
export function sanitiseHtml(html: string): string {
  return filter.process(html.replace(SCRIPT_OR_STYLE, '')).trim();
}

/**
 * Whether plain text contains something a browser would parse as markup: `<` followed by a
 * letter, `/`, `!` or `?`. "1 < 2" is fine; "<b>" and "<script" are not.
 */
export function containsHtmlTag(text: string): boolean {
  return /<[A-Za-z/!?]/.test(text);
}
