// Text normalisation for everything a client sends. Every string ends up in XML feeds,
// so anything XML 1.0 cannot carry is removed here, once, before validation.
import { stripXmlIllegal } from './xml-chars.ts';

/** NFC + line endings as LF + characters illegal in XML 1.0 removed + trimmed. */
export function normaliseString(s: string): string {
  return stripXmlIllegal(s.replace(/\r\n?/g, '\n')).normalize('NFC').trim();
}

/**
 * Applies normaliseString to every string value inside plain objects and arrays, so a
 * schema sees the same text that will be stored. Keys are left alone: unknown keys must be
 * reported as the client spelled them.
 */
export function normaliseStrings(value: unknown): unknown {
  if (typeof value === 'string') return normaliseString(value);
  if (Array.isArray(value)) return value.map(normaliseStrings);
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(
      Object.entries(value).map(([key, inner]) => [key, normaliseStrings(inner)]),
    );
  }
  return value;
}

/** Paragraphs of a text body: blocks separated by blank (or whitespace-only) lines. */
export function paragraphs(body: string): string[] {
  return body
    .replace(/\r\n?/g, '\n')
    .split(/\n[ \t\u00A0]*\n/)
    .map((block) => block.trim())
    .filter((block) => block.length > 0);
}

// A sentence is over when a paragraph ends in closing punctuation, optionally followed by
// closing quotes or brackets ("…dedi." / «…» / (…).).
const CLOSED_SENTENCE = /[.!?…:;]["'”’»)\]]*$/u;
// A word broken at the end of a line: a letter, then a hyphen (ASCII, U+2010, soft hyphen).
const BROKEN_WORD = /\p{L}[-\u2010\u00AD]$/u;
// \p{Ll}, not [a-z]: Azerbaijani continuations start with ə ğ ı ş ü ö ç.
const STARTS_LOWER = /^\p{Ll}/u;

/**
 * Lines of one paragraph into one line. A hyphen at a line end joins the halves: without
 * the hyphen when the continuation is lower case ("ro-\nlu" → "rolu"), with it otherwise
 * ("Sankt-\nPeterburq" → "Sankt-Peterburq"), since a capital there means a compound.
 */
function joinLines(block: string): string {
  const lines = block
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
  let joined = '';
  for (const line of lines) {
    if (joined === '') joined = line;
    else if (BROKEN_WORD.test(joined)) {
      const softHyphen = joined.endsWith('\u00AD');
      joined = STARTS_LOWER.test(line) || softHyphen ? joined.slice(0, -1) + line : joined + line;
    } else joined += ' ' + line;
  }
  return joined.replace(/[ \t]+/g, ' ');
}

/**
 * The import rule for text pasted from page layouts, where line and paragraph breaks
 * often fall where the layout put them rather than where the author did. Paragraphs are
 * separated by blank lines; a paragraph that breaks a hyphenated word or stops
 * mid-sentence is glued to the next one when that one starts in lower case. Output
 * paragraphs are separated by exactly one blank line.
 */
export function importPlainText(body: string): string {
  const merged: string[] = [];
  for (const block of paragraphs(normaliseString(body)).map(joinLines)) {
    const previous = merged.at(-1);
    if (previous !== undefined && STARTS_LOWER.test(block)) {
      if (BROKEN_WORD.test(previous)) {
        merged[merged.length - 1] = previous.slice(0, -1) + block;
        continue;
      }
      if (!CLOSED_SENTENCE.test(previous)) {
        merged[merged.length - 1] = previous + ' ' + block;
        continue;
      }
    }
    merged.push(block);
  }
  return merged.join('\n\n');
}
