// Text generators shared by the fuzz suites. fast-check's own string units are uniform
// over a huge alphabet, so on their own they almost never hit the few characters that
// break text pipelines; these mix those characters in on purpose.
import fc from 'fast-check';

/** Characters and fragments that have broken (or could break) normalisation, HTML or XML. */
export const NASTY = [
  '\uD800', '\uDBFF', '\uDC00', '\uDFFF', '\uD83D', // lone surrogates
  '\u0000', '\u0001', '\u0007', '\u0008', '\u000B', '\u000C', '\u001B', '\u001F', '\u007F', '\u0085',
  '\uFFFE', '\uFFFF', '\uFEFF', '\uFFFD',
  '\u200F', '\u202E', '\u202C', '\u2066', '\u200B', '\u200D', // RTL and invisible marks
  '😀', '👩‍👩‍👧', '🇦🇿', '\u{1F3FD}',
  '\r\n', '\r', '\n', '\n\n', '\t', ' ', '\u00A0',
  ']]>', '<![CDATA[', '-->', '<script>alert(1)</script>', '<script>', '<b>', '</p>', '<x></x>', '<p>', '<',
  '>', '&', '&amp;', '&#1;', '&#0;', '&#769;', '&#x338;', '&#xFFFE;', '&#xD800;', '&lt;', '"', "'", '\\',
  '\u0301', '\u0338', '\u0308', 'e', 'a', '\u00AD', '-', 'ə', 'İ', 'ı', 'ß', 'ǅ',
  '\u{1D160}', '\u0958', '\uFB2C', '\u0F73', // characters NFC expands
  'مرحبا', 'שלום', 'Милли', 'Sahibə',
] as const;

const anyCodeUnit = fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code));

/** Any UTF-16 string, lone surrogates included, biased towards NASTY pieces. */
export const hostileText = (maxLength = 24): fc.Arbitrary<string> =>
  fc
    .array(
      fc.oneof(
        { weight: 4, arbitrary: fc.constantFrom(...NASTY) },
        { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 8 }) },
        { weight: 1, arbitrary: fc.string({ unit: anyCodeUnit, maxLength: 8 }) },
        { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 4 }) },
      ),
      { maxLength },
    )
    .map((parts) => parts.join(''));

/** Same, but never empty once trimmed of whitespace: something a title could survive as. */
export const hostileNonBlank = (maxLength = 24) =>
  fc.tuple(fc.constantFrom('a', 'Ə', '😀', 'ş', '1'), hostileText(maxLength)).map(([start, rest]) => start + rest);

/** A mix of XML-illegal characters: what normalisation and the renderers must remove. */
export const XML_ILLEGAL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/u;

export const COUNTRIES = ['KZ', 'RU', 'AZ', 'TR', 'GE', 'US', 'FR', 'IL', 'SA', 'CN'] as const;
export const OFFICIAL_SLUGS = ['sahibe-qafarova', 'maulen-ashimbayev', 'ilham-aliyev'] as const;
export const LANGUAGES = ['az', 'en', 'ru', 'ar', 'he', 'az-Latn', 'AZ-latn', 'kk-Cyrl'] as const;
