// The served versions of an accepted image, all re-encoded by sharp (libvips): EXIF orientation
// applied, every metadata block dropped (sharp writes none unless asked: no EXIF with its GPS
// position and camera serials, no XMP, no IPTC, no ICC profile), pixels converted to sRGB (CMYK
// and wide-gamut input included, through the embedded profile), 8 bits per channel.
import sharp from 'sharp';

// Only the decoders of the accepted formats may run in this process: SVG (librsvg), TIFF, GIF,
// PDF-through-poppler and the rest of libvips' loaders are blocked, so a file that slipped past
// the signature check still reaches no parser we do not mean to expose.
sharp.block({ operation: ['VipsForeignLoad'] });
sharp.unblock({ operation: ['VipsForeignLoadJpegBuffer', 'VipsForeignLoadPngBuffer', 'VipsForeignLoadWebpBuffer', 'VipsForeignLoadHeifBuffer'] });

/** Widths (px) of the resized renditions; only those narrower than the original are made. */
export const RENDITION_WIDTHS = [400, 800, 1600] as const;
/** Decompression-bomb limit, checked on the header's dimensions before anything is decoded. */
export const MAX_PIXELS = 100_000_000;

/** Encoder settings of every rendition (exported for the benchmark's bare-sharp baseline). */
export const JPEG = { quality: 82, progressive: true } as const;
export const WEBP = { quality: 80 } as const;
// 'warning', the strictest level (sharp's advice for untrusted input): a JPEG cut short and
// given an end marker again only raises a decoder warning, which 'error' would let through.
const INPUT = { failOn: 'warning', limitInputPixels: MAX_PIXELS, autoOrient: true } as const;

export interface Rendition {
  name: string;
  mimeType: 'image/jpeg' | 'image/png' | 'image/webp';
  width: number;
  height: number;
  bytes: number;
  body: Buffer;
}

export interface ImageHeader {
  format: string;
  /** For HEIF-family files: 'av1' (AVIF) or 'hevc' (HEIC). */
  compression?: string;
  /** After orientation. */
  width: number;
  height: number;
  pages: number;
  hasAlpha: boolean;
}

/** The header only: dimensions, format, frames. Decodes no pixels. */
export async function readHeader(bytes: Buffer): Promise<ImageHeader> {
  const meta = await sharp(bytes, { ...INPUT, limitInputPixels: false }).metadata();
  return {
    format: meta.format,
    ...(meta.compression ? { compression: meta.compression } : {}),
    width: meta.autoOrient.width,
    height: meta.autoOrient.height,
    pages: meta.pages ?? 1,
    hasAlpha: meta.hasAlpha,
  };
}

/** Whether any pixel is not fully opaque (decodes the image, so asked only when there is alpha). */
export async function hasTransparency(bytes: Buffer): Promise<boolean> {
  return !(await sharp(bytes, INPUT).stats()).isOpaque;
}

type Fallback = 'jpeg' | 'png';

async function encode(bytes: Buffer, name: string, width: number | undefined, format: Fallback | 'webp', keepAlpha: boolean): Promise<Rendition> {
  let pipeline = sharp(bytes, INPUT);
  if (width !== undefined) pipeline = pipeline.resize({ width, withoutEnlargement: true });
  pipeline = pipeline.toColourspace('srgb');
  if (!keepAlpha) pipeline = pipeline.removeAlpha();
  if (format === 'jpeg') pipeline = pipeline.jpeg(JPEG);
  else if (format === 'webp') pipeline = pipeline.webp(WEBP);
  else pipeline = pipeline.png();
  const { data, info } = await pipeline.toBuffer({ resolveWithObject: true });
  return { name, mimeType: `image/${format}`, width: info.width, height: info.height, bytes: data.length, body: data };
}

const EXTENSIONS = { jpeg: 'jpg', png: 'png', webp: 'webp' } as const;

/**
 * Each width narrower than the original (or the original's width when it is narrower than all
 * of them) in the fallback format and WebP, then the full-size image in the fallback format:
 * JPEG, or PNG when the image has transparency (WebP keeps it at every width).
 */
export async function makeRenditions(bytes: Buffer, originalWidth: number, transparent: boolean): Promise<Rendition[]> {
  const fallback: Fallback = transparent ? 'png' : 'jpeg';
  const narrower = RENDITION_WIDTHS.filter((width) => width < originalWidth);
  const widths = narrower.length > 0 ? narrower : [originalWidth];
  return Promise.all([
    ...widths.flatMap((width) => [
      encode(bytes, `${width}.${EXTENSIONS[fallback]}`, width, fallback, transparent),
      encode(bytes, `${width}.webp`, width, 'webp', transparent),
    ]),
    encode(bytes, `full.${EXTENSIONS[fallback]}`, undefined, fallback, transparent),
  ]);
}
