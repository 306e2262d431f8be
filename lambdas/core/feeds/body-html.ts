import type { Release } from '../release.ts';
import { escapeMarkup } from '../escape-markup.ts';
import { sanitiseHtml } from '../sanitise-html.ts';
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

/**
 * The full body as HTML. HTML bodies were sanitised on the way in and are sanitised again
 * here: the table is not a trust boundary (anyone who can write to it, or a bug in another
 * writer, must not reach every feed reader with a script).
 */
export function bodyHtml(release: Pick<Release, 'body' | 'bodyFormat'>): string {
  return release.bodyFormat === 'html' ? stripXmlIllegal(sanitiseHtml(release.body)) : textToHtml(release.body);
}
