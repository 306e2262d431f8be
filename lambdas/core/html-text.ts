// Just enough HTML-to-text for bodies that have already been through sanitiseHtml: the
// markup is a known small subset, so regular expressions are sufficient here (they would
// not be for arbitrary input).

const NAMED_ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00A0',
  ndash: '–',
  mdash: '—',
  hellip: '…',
  laquo: '«',
  raquo: '»',
  lsquo: '‘',
  rsquo: '’',
  ldquo: '“',
  rdquo: '”',
  shy: '\u00AD',
};

function codePoint(n: number): string | undefined {
  return Number.isInteger(n) && n > 0 && n <= 0x10ffff && (n < 0xd800 || n > 0xdfff)
    ? String.fromCodePoint(n)
    : undefined;
}

/** Decodes numeric entities and the common named ones; anything else is left as written. */
export function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const n = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return codePoint(n) ?? whole;
    }
    return NAMED_ENTITIES[name.toLowerCase()] ?? whole;
  });
}

// Where a block ends (or a line breaks) the text must break too, or "a</p><p>b" reads "ab"; a
// table row is a block, and its cells are words apart, or a vote count reads "For98Against3".
const BLOCK_BOUNDARY = /<\/?(?:p|li|ul|ol|blockquote|h[1-6]|figure|figcaption|div|table|caption|thead|tbody|tfoot|tr)\b[^>]*>|<br\s*\/?>/gi;
const CELL_BOUNDARY = /<\/?(?:td|th)\b[^>]*>/gi;

/** The text blocks of an HTML fragment, tags removed, entities decoded, spaces collapsed. */
export function htmlToTextBlocks(html: string): string[] {
  return html
    .replace(/<(script|style)\b[\s\S]*?<\/\1\s*>/gi, '')
    .replace(BLOCK_BOUNDARY, '\n\n')
    .replace(CELL_BOUNDARY, ' ')
    .replace(/<[^>]*>/g, '')
    .split(/\n\s*\n/)
    .map((block) => decodeEntities(block).replace(/\s+/g, ' ').trim())
    .filter((block) => block.length > 0);
}
