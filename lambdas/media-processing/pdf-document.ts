// A PDF is accepted when pdf-lib can parse its whole object structure (cross-reference table or
// streams, trailer, page tree) and finds at least one page; a file that only starts with `%PDF-`
// is not one. The original bytes are what is served (as a download), so nothing may follow the
// final `%%EOF`: a PDF with an HTML page appended is refused like an image with a tail.
import { PDFDocument, ParseSpeeds } from 'pdf-lib';

export type PdfCheck = { ok: true; pages: number; encrypted: boolean } | { ok: false; reason: string };

const EOF_MARKER = '%%EOF';
/** Whitespace and NUL, which producers leave after `%%EOF`. */
const PADDING = new Set([0x00, 0x09, 0x0a, 0x0c, 0x0d, 0x20]);

function bytesAfterEof(bytes: Buffer): number | undefined {
  const at = bytes.lastIndexOf(EOF_MARKER, undefined, 'latin1');
  if (at < 0) return undefined;
  return bytes.subarray(at + EOF_MARKER.length).filter((byte) => !PADDING.has(byte)).length;
}

export async function checkPdf(bytes: Buffer): Promise<PdfCheck> {
  const trailing = bytesAfterEof(bytes);
  if (trailing === undefined) return { ok: false, reason: 'The PDF is incomplete: it has no end-of-file marker. Save or export it again.' };
  if (trailing > 0) {
    return { ok: false, reason: `The PDF has ${trailing} bytes of other data after its end; it may be a disguised file. Save or export it again.` };
  }
  try {
    // Owner-password PDFs (printing or copying restricted) are common from office software and
    // open for every reader; their page tree is not encrypted, so it can still be checked.
    const document = await PDFDocument.load(bytes, {
      ignoreEncryption: true,
      throwOnInvalidObject: true,
      updateMetadata: false,
      parseSpeed: ParseSpeeds.Fastest,
    });
    const pages = document.getPageCount();
    if (pages === 0) return { ok: false, reason: 'The PDF has no pages.' };
    return { ok: true, pages, encrypted: document.isEncrypted };
  } catch {
    return { ok: false, reason: 'The file starts like a PDF but is damaged and cannot be read as one. Save or export it again.' };
  }
}
