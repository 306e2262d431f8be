import { stripXmlIllegal } from './xml-chars.ts';

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/**
 * Escapes text for HTML and XML alike, in element content and in quoted attribute values.
 * `&#39;` rather than `&apos;` because HTML 4 parsers and some feed readers lack `&apos;`.
 */
export function escapeMarkup(text: string): string {
  return stripXmlIllegal(text).replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);
}
