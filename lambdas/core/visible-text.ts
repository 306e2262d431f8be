// Lengths and emptiness as a reader sees them: a flag or a skin-toned emoji is one
// character, not four UTF-16 code units, and a title of zero-width spaces is empty.

const segmenter = new Intl.Segmenter();
const WINDOW = 256;

/**
 * Grapheme clusters (user-perceived characters) in `text`, counting no further than one
 * past `limit`. Intl.Segmenter's iterator costs time in proportion to the whole string at
 * every step (Node 20 to 24), so a long string took seconds; it is segmented a window at a
 * time instead. A window starts at a cluster boundary, so every cluster in it except the
 * last (which the window may cut) is a cluster of the whole text.
 */
export function graphemeCount(text: string, limit = Number.POSITIVE_INFINITY): number {
  let count = 0;
  let start = 0;
  let window = WINDOW;
  while (start < text.length && count <= limit) {
    const end = start + window;
    const segments = [...segmenter.segment(text.slice(start, end))];
    if (end >= text.length) return count + segments.length;
    // One cluster longer than the window (a letter under hundreds of combining marks).
    if (segments.length < 2) {
      window *= 2;
      continue;
    }
    count += segments.length - 1;
    start += segments.at(-1)!.index;
    window = WINDOW;
  }
  return count;
}

export const atMostGraphemes = (text: string, max: number) => text.length <= max || graphemeCount(text, max) <= max;

// Format characters (zero-width space and joiners, word joiner, BOM, bidi marks), the
// code points Unicode says to render as nothing when unsupported (variation selectors,
// Hangul fillers, soft hyphen), separators and white space: text made only of these
// shows nothing.
const INVISIBLE_ONLY = /^[\p{Default_Ignorable_Code_Point}\p{Cf}\p{Z}\s]*$/u;

/** Whether the text shows anything at all. */
export const hasVisibleCharacter = (text: string) => !INVISIBLE_ONLY.test(text);
