// Structured data for search engines, as a JSON-LD data block. A <script> with a type that is
// not JavaScript is never prepared as a script (the HTML standard's "prepare the script
// element" returns before its Content Security Policy check), so the page's CSP, which has no
// script-src, neither blocks nor has to allow it.

/**
 * The data as a `<script type="application/ld+json">` element. The raw text of a script ends
 * at "</script" and changes state at "<!--", both of which start with "<": written as \u003c,
 * which JSON reads back as the same character, no value can end the element early.
 */
export function jsonLdScript(data: unknown): string {
  return `<script type="application/ld+json">${JSON.stringify(data).replaceAll('<', '\\u003c')}</script>`;
}
