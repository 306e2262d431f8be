// An uploaded file in, what may be served publicly out (or a reason to give the uploader). Pure
// of AWS: bytes in, bytes and metadata out; the media Lambda stores the result.
//
// What the file is comes from its bytes alone (signature, then the decoder's own reading); the
// filename and declared type only shape the wording of a refusal. Images are re-encoded into
// renditions, so no uploaded image byte is ever served as uploaded; PDFs are parsed and served
// as they came, as a download.
import { hasTransparency, makeRenditions, MAX_PIXELS, readHeader, type Rendition } from './image-renditions.ts';
import { unexplainedTrailingBytes, type ImageType } from './image-end.ts';
import { checkPdf } from './pdf-document.ts';
import { MIME_TYPES, sniffType, type SniffedType } from './sniff-type.ts';

export interface Declared {
  filename: string;
  contentType: string;
  maxBytes: number;
}

export interface Rejected {
  status: 'rejected';
  /** Says what is wrong and, where there is one, what to do instead; shown to the uploader. */
  reason: string;
}

export interface ProcessedImage {
  status: 'ready';
  kind: 'image';
  /** What the upload was. */
  mimeType: 'image/jpeg' | 'image/png' | 'image/webp' | 'image/avif';
  /** Of the upload, after orientation. */
  width: number;
  height: number;
  /** Size of the upload. */
  bytes: number;
  /** Ascending width; the last one is the full-size image. */
  renditions: Rendition[];
}

export interface ProcessedDocument {
  status: 'ready';
  kind: 'document';
  mimeType: 'application/pdf';
  bytes: number;
  pages: number;
  /** Served as `Content-Disposition: attachment`: a PDF is downloaded, never shown inline. */
  disposition: 'attachment';
  /** The upload itself, unchanged. */
  renditions: [{ name: 'original.pdf'; mimeType: 'application/pdf'; bytes: number; body: Buffer }];
}

export type Processed = ProcessedImage | ProcessedDocument;

const reject = (reason: string): Rejected => ({ status: 'rejected', reason });

const ACCEPTED = 'Accepted are JPEG, PNG, WebP and AVIF images and PDF documents.';
const REFUSED: Record<Exclude<SniffedType, ImageType | 'pdf'>, string> = {
  gif: `GIF images are not accepted; upload the image as PNG or JPEG. ${ACCEPTED}`,
  svg: `SVG images are not accepted: they can carry scripts. Upload the image as PNG. ${ACCEPTED}`,
  heic: `HEIC images (the iPhone's default) are not accepted; export the photo as JPEG. ${ACCEPTED}`,
  tiff: `TIFF images are not accepted; export the image as JPEG or PNG. ${ACCEPTED}`,
  html: `The file is a web page (HTML), not an image or a document. ${ACCEPTED}`,
  unknown: `The file is not an image or a document that can be published. ${ACCEPTED}`,
};

const megabytes = (bytes: number) => `${(bytes / 1_000_000).toLocaleString('en', { maximumFractionDigits: 1 })} MB`;
const claimsPdf = (declared: Declared) => /\.pdf$/i.test(declared.filename.trim()) || declared.contentType.trim().toLowerCase() === 'application/pdf';

export async function processUpload(bytes: Buffer, declared: Declared): Promise<Processed | Rejected> {
  if (bytes.length === 0) return reject('The file is empty.');
  if (bytes.length > declared.maxBytes) {
    return reject(`The file is ${megabytes(bytes.length)}; the limit is ${megabytes(declared.maxBytes)}.`);
  }
  const type = sniffType(bytes);
  if (type === 'pdf') return processPdf(bytes);
  if (type === 'jpeg' || type === 'png' || type === 'webp' || type === 'avif') return processImage(type, bytes);
  if (claimsPdf(declared) && (type === 'unknown' || type === 'html')) return reject(`The file is named or declared as a PDF but is not one. ${ACCEPTED}`);
  return reject(REFUSED[type]);
}

async function processPdf(bytes: Buffer): Promise<ProcessedDocument | Rejected> {
  const check = await checkPdf(bytes);
  if (!check.ok) return reject(check.reason);
  return {
    status: 'ready',
    kind: 'document',
    mimeType: 'application/pdf',
    bytes: bytes.length,
    pages: check.pages,
    disposition: 'attachment',
    renditions: [{ name: 'original.pdf', mimeType: 'application/pdf', bytes: bytes.length, body: bytes }],
  };
}

/** sharp's name for what it found, per signature: an AVIF is a HEIF file with AV1 pixels. */
const DECODER_FORMAT: Record<ImageType, string> = { jpeg: 'jpeg', png: 'png', webp: 'webp', avif: 'heif' };
const DAMAGED = 'The image is damaged or incomplete and cannot be read. Save or export it again.';

async function processImage(type: ImageType, bytes: Buffer): Promise<ProcessedImage | Rejected> {
  const trailing = unexplainedTrailingBytes(type, bytes);
  if (trailing === 'broken') return reject(DAMAGED);
  if (trailing > 0) {
    return reject(`The image has ${trailing} bytes of other data after its end; it may be a disguised file. Save or export it again.`);
  }
  let header;
  try {
    header = await readHeader(bytes);
  } catch {
    return reject(DAMAGED);
  }
  if (header.format !== DECODER_FORMAT[type] || (type === 'avif' && header.compression !== 'av1')) return reject(DAMAGED);
  const pixels = header.width * header.height;
  if (pixels > MAX_PIXELS) {
    const mp = (n: number) => `${Math.round(n / 1_000_000)} megapixels`;
    return reject(`The image is ${header.width} × ${header.height} pixels (${mp(pixels)}); the limit is ${mp(MAX_PIXELS)}. Reduce its size and upload it again.`);
  }
  if (header.pages > 1) return reject('Animated or multi-image files are not accepted; upload a single still image.');
  try {
    const transparent = header.hasAlpha && (await hasTransparency(bytes));
    const renditions = await makeRenditions(bytes, header.width, transparent);
    return { status: 'ready', kind: 'image', mimeType: MIME_TYPES[type], width: header.width, height: header.height, bytes: bytes.length, renditions };
  } catch {
    return reject(DAMAGED);
  }
}
