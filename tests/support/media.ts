// Uploads as a press officer makes them: ask the API for an upload, POST the file with the
// presigned form straight to the object store, wait for the object-created notification.
import sharp from 'sharp';
import { PDFDocument } from 'pdf-lib';
import type { Runtime } from '../../local/runtime.ts';
import { PRESS_TOKEN, api } from './runtime.ts';

export const photo = (width: number, height: number) =>
  sharp({ create: { width, height, channels: 3, background: { r: 120, g: 30, b: 60 } } }).jpeg().toBuffer();

export async function pdf(): Promise<Buffer> {
  const doc = await PDFDocument.create();
  doc.addPage([595, 842]);
  return Buffer.from(await doc.save());
}

/** POSTs the file with the form the API gave, as curl -F or a browser would. */
export async function sendUpload(upload: { url: string; fields: Record<string, string> }, bytes: Buffer, type: string): Promise<Response> {
  const form = new FormData();
  for (const [name, value] of Object.entries(upload.fields)) form.append(name, value);
  form.append('file', new Blob([bytes], { type }), 'upload');
  return fetch(upload.url, { method: 'POST', body: form });
}

/** The media item as GET /v1/media/{id} shows it once its upload's notification was handled. */
export async function mediaItem(runtime: Runtime, id: string) {
  await runtime.engines.s3.notifications.idle();
  const response = await api(runtime)(`/v1/media/${id}`, { token: PRESS_TOKEN });
  if (response.status !== 200) throw new Error(`GET /v1/media/${id}: ${response.status}`);
  return response.json();
}

/** Asks for an upload of these bytes; with `send` (the default) uploads them and waits for processing. */
export async function uploadMedia(runtime: Runtime, bytes: Buffer, contentType: string, options: { filename?: string; send?: boolean } = {}) {
  const asked = await api(runtime)('/v1/media', {
    method: 'POST',
    token: PRESS_TOKEN,
    json: { filename: options.filename ?? (contentType === 'application/pdf' ? 'statement.pdf' : 'photo.jpg'), contentType, bytes: bytes.length },
  });
  if (asked.status !== 201) throw new Error(`POST /v1/media: ${asked.status} ${await asked.text()}`);
  const created = await asked.json();
  if (options.send === false) return created;
  const sent = await sendUpload(created.upload, bytes, contentType);
  if (sent.status !== 204) throw new Error(`upload: ${sent.status} ${await sent.text()}`);
  return mediaItem(runtime, created.id);
}
