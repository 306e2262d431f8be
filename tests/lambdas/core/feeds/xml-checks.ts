import { XMLValidator } from 'fast-xml-parser';
import { expect } from 'vitest';

const ILLEGAL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/u;

/**
 * fast-xml-parser's validator checks structure but is lenient where XML 1.0 is not
 * (it accepts "]]>" in text, "<" in attribute values and illegal characters), so three
 * narrow checks for exactly those follow it.
 */
export function expectWellFormedXml(xml: string): void {
  expect(XMLValidator.validate(xml)).toBe(true);
  expect(xml).not.toMatch(ILLEGAL);
  const outsideCdata = xml.replace(/<!\[CDATA\[[\s\S]*?\]\]>/g, '');
  expect(outsideCdata).not.toContain(']]>');
  // Outside CDATA every "<" opens markup, so two without a ">" between means one is raw data.
  expect(outsideCdata).not.toMatch(/<[^<>]*</);
  expect(outsideCdata).not.toMatch(/&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/);
}

/** No character that is illegal in XML (and so in our HTML and JSON) anywhere in the text. */
export function expectNoIllegalCharacters(text: string): void {
  expect(text).not.toMatch(ILLEGAL);
}
