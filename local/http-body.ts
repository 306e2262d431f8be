// Reading a request body and answering, as the local engines' HTTP servers all do.
import type { IncomingMessage, ServerResponse } from 'node:http';

/** The body as UTF-8 text, or undefined when it is longer than maxBytes (read to the end either way). */
export function readTextBody(req: IncomingMessage, maxBytes: number): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.byteLength;
      if (size <= maxBytes) chunks.push(chunk);
    });
    req.once('end', () => resolve(size > maxBytes ? undefined : Buffer.concat(chunks).toString('utf8')));
    req.once('error', reject);
  });
}

export function respond(res: ServerResponse, status: number, contentType: string, body: string): void {
  res.writeHead(status, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}
