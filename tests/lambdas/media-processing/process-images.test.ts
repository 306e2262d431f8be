import sharp from 'sharp';
import { expect, test } from 'vitest';
import { processUpload, type ProcessedImage } from '../../../lambdas/media-processing/process-media.ts';
import { allMetadata, CAMERA_SERIAL, cameraJpeg, declared, photo, riffChunks } from './images.ts';

async function ready(bytes: Buffer, filename = 'photo.jpg', contentType = 'image/jpeg'): Promise<ProcessedImage> {
  const result = await processUpload(bytes, declared(filename, contentType));
  if (result.status !== 'ready' || result.kind !== 'image') throw new Error(`expected an image, got ${JSON.stringify(result)}`);
  return result;
}

/** Format, size and metadata of a rendition, read back from its bytes by sharp. */
async function readBack(body: Buffer) {
  const meta = await sharp(body).metadata();
  return { format: meta.format, width: meta.width, height: meta.height, space: meta.space, hasAlpha: meta.hasAlpha, exif: meta.exif, xmp: meta.xmp, iptc: meta.iptc, icc: meta.icc, orientation: meta.orientation };
}

const MIME_OF_FORMAT: Record<string, string> = { jpeg: 'image/jpeg', png: 'image/png', webp: 'image/webp' };

test('a camera JPEG: orientation applied, EXIF (GPS, serial), XMP and IPTC gone from every rendition', async () => {
  const input = await cameraJpeg();
  // The input really carries what must go.
  const before = await allMetadata(input);
  expect(before.gps.GPSLatitude).toEqual([51, 10, 0]);
  expect(before.exif.BodySerialNumber ?? before.exif.SerialNumber).toBe(CAMERA_SERIAL);
  expect(before.dc.creator).toBe('Press Photographer'); // XMP, by namespace
  expect(before.iptc.Caption).toBe('Plenary session, hall of the Senate');
  expect((await sharp(input).metadata()).xmp).toBeDefined();
  expect((await sharp(input).metadata()).orientation).toBe(6);

  const result = await ready(input);
  expect(result).toMatchObject({ mimeType: 'image/jpeg', width: 800, height: 1200, bytes: input.length });
  // Shown 800 wide: 400 is the only narrower width; then the full-size image.
  expect(result.renditions.map((r) => r.name)).toEqual(['400.jpg', '400.webp', 'full.jpg']);
  for (const rendition of result.renditions) {
    const back = await readBack(rendition.body);
    expect(MIME_OF_FORMAT[back.format]).toBe(rendition.mimeType);
    expect([back.width, back.height]).toEqual([rendition.width, rendition.height]);
    expect(rendition.bytes).toBe(rendition.body.length);
    // Portrait now (the stored pixels were landscape), and nothing left to rotate it again.
    expect(back.height).toBeGreaterThan(back.width);
    expect(back.orientation).toBeUndefined();
    expect([back.exif, back.xmp, back.iptc, back.icc]).toEqual([undefined, undefined, undefined, undefined]);
    if (back.format === 'webp') expect(riffChunks(rendition.body).filter((c) => ['EXIF', 'XMP ', 'ICCP'].includes(c))).toEqual([]);
    else expect(await allMetadata(rendition.body)).toBeUndefined();
    // The serial number is nowhere in the bytes either.
    expect(rendition.body.includes(CAMERA_SERIAL)).toBe(false);
  }
  expect(result.renditions.at(-1)).toMatchObject({ width: 800, height: 1200 });
  expect(result.renditions[0]).toMatchObject({ width: 400, height: 600 });
});

test('widths 400, 800 and 1600 in JPEG and WebP below the original width, never upscaled, full size last', async () => {
  const big = await ready(await photo(2400, 1600).jpeg().toBuffer());
  expect(big.renditions.map((r) => [r.name, r.mimeType, r.width, r.height])).toEqual([
    ['400.jpg', 'image/jpeg', 400, 267],
    ['400.webp', 'image/webp', 400, 267],
    ['800.jpg', 'image/jpeg', 800, 533],
    ['800.webp', 'image/webp', 800, 533],
    ['1600.jpg', 'image/jpeg', 1600, 1067],
    ['1600.webp', 'image/webp', 1600, 1067],
    ['full.jpg', 'image/jpeg', 2400, 1600],
  ]);
  for (const rendition of big.renditions) expect(MIME_OF_FORMAT[(await readBack(rendition.body)).format]).toBe(rendition.mimeType);

  const medium = await ready(await photo(1000, 700).jpeg().toBuffer());
  expect(medium.renditions.map((r) => r.name)).toEqual(['400.jpg', '400.webp', '800.jpg', '800.webp', 'full.jpg']);
  expect(Math.max(...medium.renditions.map((r) => r.width))).toBe(1000);

  // Exactly 1600 wide: 1600 is the original's width, so it is the full-size image only.
  const exact = await ready(await photo(1600, 900).jpeg().toBuffer());
  expect(exact.renditions.map((r) => r.name)).toEqual(['400.jpg', '400.webp', '800.jpg', '800.webp', 'full.jpg']);

  // Narrower than every width: one rendition at its own width, in both formats, plus full size.
  const small = await ready(await photo(300, 200).jpeg().toBuffer());
  expect(small.renditions.map((r) => [r.name, r.width, r.height])).toEqual([
    ['300.jpg', 300, 200],
    ['300.webp', 300, 200],
    ['full.jpg', 300, 200],
  ]);
});

test('a CMYK JPEG comes out as sRGB', async () => {
  const input = await photo(900, 600).toColourspace('cmyk').jpeg().toBuffer();
  expect((await sharp(input).metadata()).space).toBe('cmyk');
  const result = await ready(input);
  for (const rendition of result.renditions) {
    const back = await readBack(rendition.body);
    expect(back.space).toBe('srgb');
    expect(back.icc).toBeUndefined();
  }
});

test('a PNG with transparency keeps it: PNG and WebP renditions with alpha, full size PNG', async () => {
  const transparent = await sharp({ create: { width: 1000, height: 500, channels: 4, background: { r: 200, g: 30, b: 30, alpha: 0.5 } } })
    .png()
    .toBuffer();
  const result = await ready(transparent, 'logo.png', 'image/png');
  expect(result.mimeType).toBe('image/png');
  expect(result.renditions.map((r) => [r.name, r.mimeType])).toEqual([
    ['400.png', 'image/png'],
    ['400.webp', 'image/webp'],
    ['800.png', 'image/png'],
    ['800.webp', 'image/webp'],
    ['full.png', 'image/png'],
  ]);
  for (const rendition of result.renditions) {
    const back = await readBack(rendition.body);
    expect(MIME_OF_FORMAT[back.format]).toBe(rendition.mimeType);
    expect(back.hasAlpha).toBe(true);
  }
});

test('a PNG with an alpha channel but no transparent pixel is served as JPEG and WebP without alpha', async () => {
  const opaque = await photo(600, 400).ensureAlpha(1).png().toBuffer();
  expect((await sharp(opaque).metadata()).hasAlpha).toBe(true);
  const result = await ready(opaque, 'chart.png', 'image/png');
  expect(result.renditions.map((r) => r.name)).toEqual(['400.jpg', '400.webp', 'full.jpg']);
  for (const rendition of result.renditions) expect((await readBack(rendition.body)).hasAlpha).toBe(false);
});

test('a WebP and an AVIF are read as what their bytes are, whatever the declared type and name', async () => {
  const webp = await photo(900, 600).webp().toBuffer();
  const fromWebp = await ready(webp, 'photo.jpg', 'image/jpeg');
  expect(fromWebp.mimeType).toBe('image/webp');
  expect(fromWebp.renditions.map((r) => r.name)).toEqual(['400.jpg', '400.webp', '800.jpg', '800.webp', 'full.jpg']);
  for (const rendition of fromWebp.renditions) expect(MIME_OF_FORMAT[(await readBack(rendition.body)).format]).toBe(rendition.mimeType);

  const avif = await photo(500, 300).avif().toBuffer();
  const fromAvif = await ready(avif, 'photo.png', 'image/png');
  expect(fromAvif).toMatchObject({ mimeType: 'image/avif', width: 500, height: 300 });
  expect(fromAvif.renditions.map((r) => r.name)).toEqual(['400.jpg', '400.webp', 'full.jpg']);
});

test('data phones append after a JPEG (a second JPEG as in Ultra HDR, zero padding) is accepted and not served', async () => {
  const primary = await photo(600, 400).jpeg().toBuffer();
  const gainMap = await photo(150, 100).jpeg().toBuffer();
  const withGainMap = Buffer.concat([primary, gainMap, Buffer.alloc(64)]);
  const result = await ready(withGainMap);
  expect(result.renditions.at(-1)).toMatchObject({ width: 600, height: 400 });
  for (const rendition of result.renditions) expect(rendition.body.includes(gainMap.subarray(100, 160))).toBe(false);
});
