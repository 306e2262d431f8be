// Apart from the sanitiser, so that the schemas (which every function loads) do not bring the
// sanitiser's library with them.

/**
 * Whether plain text contains something a browser would parse as markup: `<` followed by a
 * letter, `/`, `!` or `?`. "1 < 2" is fine; "<b>" and "<script" are not.
 */
export function containsHtmlTag(text: string): boolean {
  return /<[A-Za-z/!?]/.test(text);
}
