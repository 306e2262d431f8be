import { PDFDocument } from 'pdf-lib';
import { expect, test } from 'vitest';
import { processUpload } from '../../../lambdas/media-processing/process-media.ts';
import { declared } from './images.ts';

async function pdf(pages: number): Promise<Buffer> {
  const document = await PDFDocument.create();
  document.setTitle('Statement of the Speaker');
  for (let i = 0; i < pages; i++) document.addPage([595, 842]).drawText(`Page ${i + 1}`, { x: 50, y: 780 });
  return Buffer.from(await document.save());
}

const reason = async (bytes: Buffer, filename = 'statement.pdf', contentType = 'application/pdf') => {
  const result = await processUpload(bytes, declared(filename, contentType));
  if (result.status !== 'rejected') throw new Error('expected a refusal');
  return result.reason;
};

test('a PDF is parsed and served as it came, as a download', async () => {
  const bytes = await pdf(3);
  const result = await processUpload(bytes, declared('statement.pdf', 'application/octet-stream'));
  expect(result).toMatchObject({ status: 'ready', kind: 'document', mimeType: 'application/pdf', bytes: bytes.length, pages: 3, disposition: 'attachment' });
  if (result.status !== 'ready') return;
  expect(result.renditions).toHaveLength(1);
  expect(result.renditions[0]).toMatchObject({ name: 'original.pdf', mimeType: 'application/pdf', bytes: bytes.length });
  expect(result.renditions[0]!.body.equals(bytes)).toBe(true);
});

test('a file named .pdf that is not one', async () => {
  expect(await reason(Buffer.from('<html><body>Statement</body></html>'))).toMatch(/^The file is named or declared as a PDF but is not one/);
  expect(await reason(Buffer.from('Statement of the Speaker, plain text'), 'statement.PDF', 'text/plain')).toMatch(/named or declared as a PDF but is not one/);
});

test('a file that only starts like a PDF is parsed and refused', async () => {
  expect(await reason(Buffer.from('%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%%EOF\n'))).toMatch(/^The file starts like a PDF but is damaged/);
});

test('a truncated PDF and a PDF with HTML appended are refused', async () => {
  const bytes = await pdf(1);
  expect(await reason(bytes.subarray(0, Math.floor(bytes.length / 2)))).toMatch(/^The PDF is incomplete/);
  expect(await reason(Buffer.concat([bytes, Buffer.from('<html><script>alert(1)</script></html>')]))).toMatch(/bytes of other data after its end/);
  // Line ends after the final marker are what producers write.
  expect((await processUpload(Buffer.concat([bytes, Buffer.from('\r\n\n')]), declared('a.pdf', 'application/pdf'))).status).toBe('ready');
});
