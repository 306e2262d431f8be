// Test images, made with sharp in the tests (no binary fixtures), and readers that look at the
// served bytes independently of the code under test.
import exifr from 'exifr';
import sharp from 'sharp';

export const declared = (filename: string, contentType: string, maxBytes = 50_000_000) => ({ filename, contentType, maxBytes });

/** A photo-like opaque image: gaussian noise, so encoders do real work. */
export function photo(width: number, height: number) {
  return sharp({ create: { width, height, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma: 40 } } });
}

/**
 * An APP13 (Photoshop IRB) segment with one IPTC record (2:120, the caption): sharp cannot write
 * IPTC, so it is spliced in after SOI.
 */
function iptcSegment(caption: string): Buffer {
  const text = Buffer.from(caption, 'latin1');
  const iptc = Buffer.concat([Buffer.from([0x1c, 0x02, 120, text.length >> 8, text.length & 0xff]), text]);
  const size = Buffer.alloc(4);
  size.writeUInt32BE(iptc.length);
  const irb = Buffer.concat([Buffer.from('8BIM', 'latin1'), Buffer.from([0x04, 0x04, 0x00, 0x00]), size, iptc, iptc.length % 2 ? Buffer.from([0]) : Buffer.alloc(0)]);
  const payload = Buffer.concat([Buffer.from('Photoshop 3.0\0', 'latin1'), irb]);
  const header = Buffer.from([0xff, 0xed, 0, 0]);
  header.writeUInt16BE(payload.length + 2, 2);
  return Buffer.concat([header, payload]);
}

export const CAMERA_SERIAL = '012345678901';
export const XMP = '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/" dc:creator="Press Photographer"/></rdf:RDF></x:xmpmeta>';

/** A camera JPEG: 1200 × 800 stored, EXIF orientation 6 (shown 800 × 1200), GPS, serial, XMP, IPTC. */
export async function cameraJpeg(): Promise<Buffer> {
  const jpeg = await photo(1200, 800)
    .withExif({
      IFD0: { Make: 'Canon', Model: 'EOS R5' },
      IFD2: { BodySerialNumber: CAMERA_SERIAL },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '51/1 10/1 0/1', GPSLongitudeRef: 'E', GPSLongitude: '71/1 26/1 0/1' },
    })
    .withMetadata({ orientation: 6 })
    .withXmp(XMP)
    .jpeg()
    .toBuffer();
  return Buffer.concat([jpeg.subarray(0, 2), iptcSegment('Plenary session, hall of the Senate'), jpeg.subarray(2)]);
}

/** Every metadata block exifr finds in a JPEG or PNG (undefined when there is none). */
export function allMetadata(bytes: Buffer) {
  return exifr.parse(bytes, { tiff: true, ifd1: true, exif: true, gps: true, interop: true, xmp: true, iptc: true, icc: true, jfif: false, mergeOutput: false });
}

/** The chunk types of a RIFF (WebP) file: metadata would be EXIF, XMP and ICCP chunks. */
export function riffChunks(bytes: Buffer): string[] {
  const chunks: string[] = [];
  for (let at = 12; at + 8 <= bytes.length; ) {
    const size = bytes.readUInt32LE(at + 4);
    chunks.push(bytes.toString('latin1', at, at + 4));
    at += 8 + size + (size % 2);
  }
  return chunks;
}
