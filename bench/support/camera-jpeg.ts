// A camera-like JPEG for the media benches: a gradient under sensor-like gaussian noise, so
// that the encoder meets what it meets in a photo and the file has a camera's size (about
// 0.35 bytes a pixel at quality 90). The noise is random, so no two files are the same;
// `variant` also shifts the gradient's colours.
import sharp from 'sharp';

export async function cameraJpeg(width: number, height: number, options: { variant?: number; quality?: number } = {}): Promise<Buffer> {
  const variant = options.variant ?? 0;
  const noise = await sharp({ create: { width, height, channels: 3, background: '#000', noise: { type: 'gaussian', mean: 110, sigma: 18 } } })
    .png({ compressionLevel: 0 })
    .toBuffer();
  const hex = (n: number) => (n % 256).toString(16).padStart(2, '0');
  const from = `#${hex(0x33 + variant * 7)}${hex(0x44 + variant * 3)}${hex(0x55 + variant * 5)}`;
  const to = `#${hex(0xdd - variant * 5)}${hex(0xcc - variant * 3)}${hex(0xaa + variant * 2)}`;
  const gradient = Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><defs><linearGradient id="g"><stop offset="0" stop-color="${from}"/><stop offset="1" stop-color="${to}"/></linearGradient></defs><rect width="100%" height="100%" fill="url(#g)"/></svg>`,
  );
  return sharp(gradient, { limitInputPixels: false })
    .composite([{ input: noise, blend: 'overlay', limitInputPixels: false }])
    .jpeg({ quality: options.quality ?? 90 })
    .toBuffer();
}
