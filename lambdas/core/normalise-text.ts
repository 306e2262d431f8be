// Text normalisation for everything a client sends. Every string ends up in XML feeds,
// so anything XML 1.0 cannot carry is removed here, once, before validation.
import { stripXmlIllegal } from './xml-chars.ts';
import { hyphenatedWordsFor, type HyphenatedWords } from './hyphenated-words.ts';

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
// A hyphen at the end of a line: after a letter or digit; ASCII, U+2010 or soft hyphen.
const BROKEN_WORD = /[\p{L}\p{N}][-\u2010\u00AD]$/u;
// \p{Ll}, not [a-z]: Azerbaijani continuations start with ə ğ ı ş ü ö ç.
const STARTS_LOWER = /^\p{Ll}/u;
const SOFT_HYPHEN = '\u00AD';
// The halves around a hyphen: letters (with marks) and digits. The first is looked for in
// the last characters only, which no real word outgrows, so a long line costs nothing.
const FIRST_HALF = /[\p{L}\p{M}\p{N}]+$/u;
const FIRST_HALF_ROOM = 100;
const SECOND_HALF = /^[\p{L}\p{M}\p{N}]+/u;
const WORD = /[\p{L}\p{M}\p{N}]+/gu;
const HYPHEN = /^[-\u2010]$/u;

/** What one text says about its own words, and the word lists of its language. */
interface ImportContext {
  readonly lower: (s: string) => string;
  /** "first-second" for every pair of halves written with a hyphen on one line. */
  readonly hyphenated: ReadonlySet<string>;
  /** Every word, hyphenated ones by their parts. */
  readonly words: ReadonlySet<string>;
  readonly list: HyphenatedWords | undefined;
}

// Locale-aware, so that an Azerbaijani "İ" lowers to "i" as the lists spell it; a tag ICU
// refuses ("root") lowers without a locale rather than failing the import.
function lowerCaseFor(primary: string | undefined): (s: string) => string {
  try {
    if (primary !== undefined) {
      'I'.toLocaleLowerCase(primary);
      return (s) => s.toLocaleLowerCase(primary);
    }
  } catch {
    // falls through
  }
  return (s) => s.toLowerCase();
}

function importContext(text: string, language: string | undefined): ImportContext {
  const lower = lowerCaseFor(language?.split('-')[0]);
  const hyphenated = new Set<string>();
  const words = new Set<string>();
  let previous: { word: string; end: number } | undefined;
  for (const match of text.matchAll(WORD)) {
    const word = lower(match[0]);
    words.add(word);
    // Two words with one hyphen between them, on one line.
    if (previous !== undefined && match.index === previous.end + 1 && HYPHEN.test(text.charAt(previous.end))) {
      hyphenated.add(`${previous.word}-${word}`);
    }
    previous = { word, end: match.index + match[0].length };
  }
  return { lower, hyphenated, words, list: hyphenatedWordsFor(language) };
}

/**
 * Whether the hyphen between `firstHalf` (the letters before it) and `secondHalf` (the
 * letters after the break, starting in lower case) belongs to the word. The text's own spelling elsewhere
 * decides first; then forms no layout splits at (after a digit, an abbreviation or a
 * single letter, or a repeated word); then the language's list. Anything else is a word
 * the layout split at a syllable.
 */
function keepsHyphen(firstHalf: string, secondHalf: string, context: ImportContext): boolean {
  const first = context.lower(firstHalf);
  const second = context.lower(secondHalf);
  if (context.hyphenated.has(`${first}-${second}`)) return true;
  if (context.words.has(first + second)) return false;
  const firstLength = [...first].length;
  if (/\p{N}/u.test(firstHalf)) return true; // "2023-cü", "10-da"
  if (firstLength === 1) return true; // "e-government", "в-третьих": a layout leaves no single letter behind
  if (firstLength >= 2 && !/\p{Ll}/u.test(firstHalf)) return true; // "BMT-nin", "NATO-led"
  if (firstLength >= 3 && second.startsWith(first)) return true; // "tez-tez", "bir-birinə", "чуть-чуть"
  const list = context.list;
  if (list === undefined) return false;
  if (list.firstHalves.has(first) && !list.oneWordEndings.has(second)) return true;
  if (firstLength >= 3 && list.secondHalves.has(second)) return true;
  return list.pairs.some(([before, after]) => before.test(first) && after.test(second));
}

/**
 * `before` ends in a hyphen and `after` continues it on the next line or paragraph. A soft
 * hyphen always goes; any other stays before a capital or digit ("Sankt-Peterburq"), since
 * that means a compound, and before lower case when keepsHyphen says the word has it.
 */
function joinAtHyphen(before: string, after: string, context: ImportContext): string {
  const withoutHyphen = before.slice(0, -1);
  if (before.endsWith(SOFT_HYPHEN)) return withoutHyphen + after;
  if (!STARTS_LOWER.test(after)) return before + after;
  const first = FIRST_HALF.exec(withoutHyphen.slice(-FIRST_HALF_ROOM))?.[0] ?? '';
  const second = SECOND_HALF.exec(after)?.[0] ?? '';
  return keepsHyphen(first, second, context) ? before + after : withoutHyphen + after;
}

/** Lines of one paragraph into one line; a line ending in a hyphen is joined by joinAtHyphen. */
function joinLines(block: string, context: ImportContext): string {
  const lines = block
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
  let joined = '';
  for (const line of lines) {
    if (joined === '') joined = line;
    else if (BROKEN_WORD.test(joined)) joined = joinAtHyphen(joined, line, context);
    else joined += ' ' + line;
  }
  return joined.replace(/[ \t]+/g, ' ');
}

/**
 * The import rule for text pasted from page layouts, where line and paragraph breaks
 * often fall where the layout put them rather than where the author did. Paragraphs are
 * separated by blank lines; a paragraph that breaks a hyphenated word or stops
 * mid-sentence is glued to the next one when that one starts in lower case. A hyphen at
 * a break is dropped when the layout put it there ("ro-\nlu" → "rolu") and kept when the
 * word has it ("кто-\nто" → "кто-то"); `language` (a BCP 47 tag) picks the word list that
 * helps tell which, and without one only the signals every language shares are used.
 * Output paragraphs are separated by exactly one blank line.
 */
export function importPlainText(body: string, language?: string): string {
  const text = normaliseString(body);
  const context = importContext(text, language);
  const merged: string[] = [];
  for (const block of paragraphs(text).map((paragraph) => joinLines(paragraph, context))) {
    const previous = merged.at(-1);
    if (previous !== undefined && STARTS_LOWER.test(block)) {
      if (BROKEN_WORD.test(previous)) {
        merged[merged.length - 1] = joinAtHyphen(previous, block, context);
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
