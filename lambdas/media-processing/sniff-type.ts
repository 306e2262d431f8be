// What a file is, from its first bytes (its signature), never from its name or declared type.
// This decides which decoder may look at the file at all: only the accepted kinds reach sharp or
// the PDF parser, so an SVG (librsvg), a TIFF or a GIF never gets parsed by a library just to be
// refused. The refused kinds are recognised too, so that the user is told what they sent.

export type AcceptedType = 'jpeg' | 'png' | 'webp' | 'avif' | 'pdf';
export type RefusedType = 'gif' | 'svg' | 'heic' | 'tiff' | 'html';
export type SniffedType = AcceptedType | RefusedType | 'unknown';

export const MIME_TYPES = {
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  avif: 'image/avif',
  pdf: 'application/pdf',
} as const satisfies Record<AcceptedType, string>;

const ascii = (bytes: Buffer, start: number, end: number) => bytes.toString('latin1', start, end);
const startsWith = (bytes: Buffer, signature: number[]) => signature.every((byte, i) => bytes[i] === byte);

/** ISO base media (HEIF family): `ftyp` box with a major brand and compatible brands. */
function heifBrand(bytes: Buffer): 'avif' | 'heic' | undefined {
  if (bytes.length < 16 || ascii(bytes, 4, 8) !== 'ftyp') return undefined;
  const size = Math.min(bytes.readUInt32BE(0), bytes.length, 256);
  const brands: string[] = [ascii(bytes, 8, 12)];
  for (let at = 16; at + 4 <= size; at += 4) brands.push(ascii(bytes, at, at + 4));
  if (brands.some((b) => b === 'avif' || b === 'avis')) return 'avif';
  if (brands.some((b) => ['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis', 'mif1', 'msf1'].includes(b))) return 'heic';
  return undefined;
}

/** Text-based refused kinds: SVG and HTML, after an optional BOM and leading whitespace. */
function textKind(bytes: Buffer): 'svg' | 'html' | undefined {
  const head = ascii(bytes, 0, Math.min(bytes.length, 1024)).replace(/^\uFEFF|^\xEF\xBB\xBF/, '').trimStart().toLowerCase();
  if (!head.startsWith('<')) return undefined;
  if (head.includes('<svg')) return 'svg';
  if (head.startsWith('<!doctype html') || head.startsWith('<html') || head.includes('<script') || head.includes('<body')) return 'html';
  return undefined;
}

export function sniffType(bytes: Buffer): SniffedType {
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (bytes.length >= 12 && ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 12) === 'WEBP') return 'webp';
  // The PDF header must start the file here (readers tolerate it within the first 1 KB; an
  // upload that puts something else first is not a file we want to pass on).
  if (ascii(bytes, 0, 5) === '%PDF-') return 'pdf';
  const heif = heifBrand(bytes);
  if (heif) return heif;
  if (ascii(bytes, 0, 6) === 'GIF87a' || ascii(bytes, 0, 6) === 'GIF89a') return 'gif';
  if (startsWith(bytes, [0x49, 0x49, 0x2a, 0x00]) || startsWith(bytes, [0x4d, 0x4d, 0x00, 0x2a])) return 'tiff';
  return textKind(bytes) ?? 'unknown';
}
