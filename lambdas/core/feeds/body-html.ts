import type { Release } from '../release.ts';
import { escapeMarkup } from '../escape-markup.ts';
import { stripXmlIllegal } from '../xml-chars.ts';

/**
 * Plain text to HTML: blank lines separate paragraphs (the text rule of normalisation);
 * a single newline inside a paragraph is kept as a line break rather than lost.
 */
export function textToHtml(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .split(/\n[ \t]*\n+/)
    .map((paragraph) => paragraph.trim())
    .filter((paragraph) => paragraph !== '')
    .map((paragraph) => `<p>${paragraph.split(/[ \t]*\n[ \t]*/).map(escapeMarkup).join('<br>')}</p>`)
    .join('\n');
}

/** The full body as HTML. HTML bodies were sanitised on the way in and pass through as is. */
export function bodyHtml(release: Pick<Release, 'body' | 'bodyFormat'>): string {
  return release.bodyFormat === 'html' ? stripXmlIllegal(release.body) : textToHtml(release.body);
}
