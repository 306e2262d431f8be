// Characters outside XML 1.0's Char production: C0 controls other than tab, LF and CR,
// lone surrogates (the `u` flag makes a surrogate pair one code point, so only unpaired
// halves match), and U+FFFE/U+FFFF. Normalisation strips these on input already; the
// renderers strip them again because a feed must stay parseable whatever the table holds.
const XML_ILLEGAL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/gu;

export function stripXmlIllegal(text: string): string {
  return text.replace(XML_ILLEGAL, '');
}
