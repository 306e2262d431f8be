import { stripXmlIllegal } from './xml-chars.ts';

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
};

/**
 * The one escaper for HTML and XML alike, in element content and in attribute values, which
 * this project always writes double-quoted. The apostrophe is left as it is: it is markup
 * only inside single-quoted attributes, and any entity for it is shown raw by some reader
 * (`&apos;` by HTML 4 parsers, `&#39;` by fast-xml-parser's defaults, which decode only the
 * five named entities).
 */
export function escapeMarkup(text: string): string {
  return stripXmlIllegal(text).replace(/[&<>"]/g, (c) => ENTITIES[c] ?? c);
}
