// An entry's lead photo and downloads on the HTML feed page. Every value goes through the one
// escaper; the URLs are absolute http(s) already (entry-media.ts).
import { escapeMarkup } from '../escape-markup.ts';
import type { EntryAttachment, EntryImage, MediaRendition } from './entry-media.ts';

/**
 * The photo's width on the page: the column (.wrap, 46rem less 1rem padding each side), or the
 * viewport less that padding on a narrower screen. Kept beside the CSS it mirrors (html-layout.ts).
 */
export const IMAGE_SIZES = '(min-width: 46rem) 44rem, calc(100vw - 2rem)';

const srcset = (renditions: readonly MediaRendition[]) =>
  renditions.map((rendition) => `${escapeMarkup(rendition.url)} ${rendition.width}w`).join(', ');

/**
 * The lead photo as a figure: WebP for the browsers that take it (all current ones), JPEG (or
 * PNG) in the img, both over the widths up to the feed width, so the browser picks by screen;
 * width and height so the page does not jump as it loads; caption and credit under it. Loaded
 * lazily unless it is the first thing a page shows (`first`): then it is the page's largest
 * image, which the browser should fetch at once.
 */
export function figureHtml(image: EntryImage, options: { first?: boolean } = {}): string {
  const { feed } = image;
  const size = feed.width !== undefined && feed.height !== undefined ? ` width="${feed.width}" height="${feed.height}"` : '';
  const jpegSrcset = image.srcset.length > 0 ? ` srcset="${srcset(image.srcset)}" sizes="${IMAGE_SIZES}"` : '';
  const img = `<img src="${escapeMarkup(feed.url)}"${jpegSrcset}${size} alt="${escapeMarkup(image.alt)}"${options.first ? ' fetchpriority="high"' : ' loading="lazy"'} decoding="async">`;
  const picture =
    image.webpSrcset.length > 0
      ? `<picture><source type="image/webp" srcset="${srcset(image.webpSrcset)}" sizes="${IMAGE_SIZES}">${img}</picture>`
      : img;
  const words = [
    ...(image.caption !== undefined ? [`<span dir="auto">${escapeMarkup(image.caption)}</span>`] : []),
    ...(image.credit !== undefined ? [`<span class="credit" dir="auto">${escapeMarkup(image.credit)}</span>`] : []),
  ];
  return `<figure>${picture}${words.length > 0 ? `<figcaption>${words.join(' ')}</figcaption>` : ''}</figure>`;
}

const FORMAT_NAMES: Record<string, string> = {
  'application/pdf': 'PDF',
  'image/jpeg': 'JPEG',
  'image/png': 'PNG',
  'image/webp': 'WebP',
  'image/avif': 'AVIF',
};

/** "PDF", "JPEG": what a reader calls the file's format. */
export function formatName(mimeType: string): string {
  const type = mimeType.toLowerCase();
  return FORMAT_NAMES[type] ?? (type.split('/')[1] ?? type).toUpperCase();
}

/**
 * "1.2 MB" in the page's language ("1,2 MB", "1,2 МБ"): decimal units, as file managers show
 * them, one decimal at most.
 */
export function fileSize(bytes: number, language: string): string {
  const [value, unit] = bytes < 1000 ? [bytes, 'byte'] : bytes < 1_000_000 ? [bytes / 1000, 'kilobyte'] : [bytes / 1_000_000, 'megabyte'];
  return new Intl.NumberFormat(language, { style: 'unit', unit, unitDisplay: 'short', maximumFractionDigits: 1 }).format(value);
}

/** The downloads as a list of links that download, each with its format and size ("PDF, 1.2 MB"). */
export function downloadsHtml(attachments: readonly EntryAttachment[], language: string): string {
  if (attachments.length === 0) return '';
  const items = attachments.map(({ title, file }) => {
    const about = `${formatName(file.mimeType)}, ${fileSize(file.bytes, language)}`;
    return `<li><a href="${escapeMarkup(file.url)}" download type="${escapeMarkup(file.mimeType)}" dir="auto">${escapeMarkup(title)}</a> <span class="muted">(${escapeMarkup(about)})</span></li>`;
  });
  return `<ul class="downloads">${items.join('')}</ul>`;
}
