// Characters outside XML 1.0's Char production: C0 controls other than tab, LF and CR,
// lone surrogates (with the `u` flag a well-formed pair is one code point, so \p{Cs} only
// ever matches an unpaired half), and U+FFFE/U+FFFF. Normalisation strips these on input;
// the renderers strip them again because a feed must stay parseable whatever the table holds.
export const XML_ILLEGAL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF\p{Cs}]/gu;

export function stripXmlIllegal(text: string): string {
  return text.replace(XML_ILLEGAL, '');
}
