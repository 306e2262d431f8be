// HTML bodies end up inside partners' pages and feed readers, so only a small, inert
// subset survives: text structure, tables, links and images over http(s). `xss` is the
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
  // Vote counts and schedules are tables: kept as tables, with what relates a cell to its header.
  table: [],
  caption: [],
  thead: [],
  tbody: [],
  tfoot: [],
  tr: [],
  th: ['scope', 'colspan', 'rowspan'],
  td: ['colspan', 'rowspan'],
};

/** What a table cell's attributes may say: a span is a small count, a scope one of HTML's four. */
const CELL_ATTRIBUTE_VALUES: Record<string, RegExp> = {
  colspan: /^[1-9][0-9]?$/,
  rowspan: /^[1-9][0-9]?$/,
  scope: /^(?:row|col|rowgroup|colgroup)$/,
};

const filter = new FilterXSS({
  whiteList: ALLOWED_TAGS,
  stripIgnoreTag: true, // unknown tags go, their text stays (script and style are gone already)
  allowCommentTag: false,
  css: false,
  onTagAttr(tag, name, value, isAllowed) {
    const cellValue = isAllowed ? CELL_ATTRIBUTE_VALUES[name] : undefined;
    if (cellValue !== undefined) return cellValue.test(value.trim().toLowerCase()) ? `${name}="${value.trim().toLowerCase()}"` : '';
    if (!isAllowed || !((tag === 'a' && name === 'href') || (tag === 'img' && name === 'src'))) {
      return undefined; // xss's defaults: drop what is not allowed, escape the rest
    }
    // Relative links would point at the feed reader's host, other schemes can run code:
    // either way the attribute goes, the element stays.
    const url = httpUrl(decodeEntities(value));
    return url === undefined ? '' : `${name}="${escapeMarkup(url)}"`;
  },
});

// Script and style elements go with their content, and an unclosed one with everything
// after it, as a browser would read it as code. This is done here rather than by xss's
// stripIgnoreTagBody, which leaves a "[removed]" marker (and the code as text) for an
// unclosed one. Removing one can join its neighbours into another ("<scr<script></script>ipt>"),
// so it repeats until none is left; each round shortens the text, so it ends.
const SCRIPT_OR_STYLE = /<(script|style)\b[\s\S]*?(?:<\/\1\s*>|$)/gi;

function withoutScriptsOrStyles(html: string): string {
  let previous: string;
  let current = html;
  do {
    previous = current;
    current = previous.replace(SCRIPT_OR_STYLE, '');
  } while (current !== previous);
  return current;
}

/**
 * The allowed subset of `html`. Authors must escape a literal "<" as &lt;: xss reads
 * "1 < 2 and 3 > 2" as a tag and drops it (safe, if lossy).
 */
export function sanitiseHtml(html: string): string {
  return filter.process(withoutScriptsOrStyles(html)).trim();
}
