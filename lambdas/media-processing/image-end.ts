// Where an image's own data ends, from its container structure. Decoders stop at the end marker
// and ignore what follows, so "a JPEG followed by HTML" decodes as a valid JPEG: the bytes after
// the end are what makes such a file a polyglot. Every served file is re-encoded anyway; this
// lets us refuse the upload with a reason instead of silently dropping the tail.
import type { AcceptedType } from './sniff-type.ts';

export type ImageType = Exclude<AcceptedType, 'pdf'>;

/**
 * How many bytes follow the image that no image format explains, or 'broken' when the structure
 * ends before its end marker (a truncated or damaged file).
 *
 * Phones append legitimate data after a JPEG's EOI: further JPEGs (the Multi-Picture Format of
 * Ultra HDR gain maps, depth maps, previews) and an MP4 (motion photos). Those are accepted (and
 * dropped by the re-encoding); so is zero padding. Anything else after the end is refused.
 */
export function unexplainedTrailingBytes(type: ImageType, bytes: Buffer): number | 'broken' {
  const end = imageEnd(type, bytes, 0);
  if (end === undefined) return 'broken';
  if (type !== 'jpeg') return bytes.length - end;
  let at = end;
  while (at + 3 <= bytes.length && bytes[at] === 0xff && bytes[at + 1] === 0xd8 && bytes[at + 2] === 0xff) {
    const next = jpegEnd(bytes, at);
    if (next === undefined) break;
    at = next;
  }
  if (at + 8 <= bytes.length && bytes.toString('latin1', at + 4, at + 8) === 'ftyp' && isoBoxesEnd(bytes, at) === bytes.length) return 0;
  const rest = bytes.subarray(at);
  return rest.every((byte) => byte === 0) ? 0 : rest.length;
}

/** Offset just past the image that starts at `from`, or undefined when its structure is broken. */
function imageEnd(type: ImageType, bytes: Buffer, from: number): number | undefined {
  switch (type) {
    case 'jpeg':
      return jpegEnd(bytes, from);
    case 'png':
      return pngEnd(bytes, from);
    case 'webp':
      return riffEnd(bytes, from);
    case 'avif':
      return isoBoxesEnd(bytes, from);
  }
}

const SOS = 0xda;
const EOI = 0xd9;
/** Markers without a length field: SOI, TEM and the restart markers. */
const standalone = (marker: number) => marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7);

/**
 * JPEG: segments with a 2-byte length up to each start-of-scan, then entropy-coded data in which
 * 0xFF is followed by 0x00 (stuffing) or a restart marker; any other marker ends the scan (a
 * progressive file has several scans). The end is just past EOI. Thumbnails inside APP1 carry
 * their own EOI, which the segment lengths skip.
 */
function jpegEnd(bytes: Buffer, from: number): number | undefined {
  let at = from + 2;
  while (at + 1 < bytes.length) {
    if (bytes[at] !== 0xff) return undefined;
    const marker = bytes[at + 1]!;
    if (marker === 0xff) {
      at += 1; // fill byte before a marker
      continue;
    }
    if (marker === EOI) return at + 2;
    if (standalone(marker)) {
      at += 2;
      continue;
    }
    if (at + 3 >= bytes.length) return undefined;
    at += 2 + bytes.readUInt16BE(at + 2);
    if (marker !== SOS) continue;
    // Entropy-coded data: up to the next marker that is neither stuffing nor a restart.
    // indexOf runs natively: a byte-by-byte loop in JS costs milliseconds per megabyte.
    for (;;) {
      at = bytes.indexOf(0xff, at);
      if (at < 0 || at + 1 >= bytes.length) return undefined;
      const next = bytes[at + 1]!;
      if (next !== 0x00 && next !== 0xff && !(next >= 0xd0 && next <= 0xd7)) break;
      at += next === 0xff ? 1 : 2;
    }
  }
  return undefined;
}

/** PNG: length, type, data, CRC chunks after the 8-byte signature; the end is past IEND's CRC. */
function pngEnd(bytes: Buffer, from: number): number | undefined {
  let at = from + 8;
  while (at + 8 <= bytes.length) {
    const length = bytes.readUInt32BE(at);
    const type = bytes.toString('latin1', at + 4, at + 8);
    at += 12 + length;
    if (type === 'IEND') return at <= bytes.length ? at : undefined;
  }
  return undefined;
}

/** WebP: a RIFF file says its own size (after the 8-byte header, padded to even). */
function riffEnd(bytes: Buffer, from: number): number | undefined {
  const size = bytes.readUInt32LE(from + 4);
  const end = from + 8 + size + (size % 2);
  return end <= bytes.length ? end : undefined;
}

/** AVIF: top-level ISO boxes, each with a 32-bit size (1: 64-bit size follows; 0: to the end). */
function isoBoxesEnd(bytes: Buffer, from: number): number | undefined {
  let at = from;
  while (at + 8 <= bytes.length) {
    let size = bytes.readUInt32BE(at);
    if (size === 0) return bytes.length;
    if (size === 1) {
      if (at + 16 > bytes.length) return undefined;
      size = Number(bytes.readBigUInt64BE(at + 8));
    }
    if (size < 8 || at + size > bytes.length) return undefined;
    at += size;
  }
  return at === bytes.length ? at : undefined;
}
