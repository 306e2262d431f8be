// A summary for releases posted without one: feeds and webhooks need a short plain-text
// teaser, and the lead paragraph of a press release is written to be exactly that.
import type { BodyFormat } from './release.ts';
import { htmlToTextBlocks } from './html-text.ts';
import { paragraphs } from './normalise-text.ts';

export const SUMMARY_MAX_LENGTH = 300;

/**
 * Cuts text to at most `max` characters including the appended "…", at the last word
 * boundary that fits; a single word longer than that is cut hard. Trailing commas and the
 * like are dropped so the ellipsis does not follow dangling punctuation.
 */
export function truncateAtWord(text: string, max: number): string {
  if (text.length <= max) return text;
  const room = max - 1; // for the "…"
  const head = text.slice(0, room + 1);
  const lastSpace = head.search(/\s\S*$/);
  let cut = lastSpace > 0 ? head.slice(0, lastSpace) : text.slice(0, room);
  // A hard cut must not leave half a surrogate pair behind.
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  return cut.replace(/[\s,;:–—-]+$/u, '') + '…';
}

/**
 * Whole leading paragraphs while they fit in `max` characters (joined by a space); when
 * even the first does not fit, the first cut at a word boundary with "…".
 */
export function deriveSummary(
  body: string,
  bodyFormat: BodyFormat,
  max: number = SUMMARY_MAX_LENGTH,
): string {
  const blocks = bodyFormat === 'html' ? htmlToTextBlocks(body) : paragraphs(body).map((p) => p.replace(/\s+/g, ' '));
  const first = blocks[0];
  if (first === undefined) return '';
  if (first.length > max) return truncateAtWord(first, max);
  let summary = first;
  for (const next of blocks.slice(1)) {
    if (summary.length + 1 + next.length > max) break;
    summary += ' ' + next;
  }
  return summary;
}
