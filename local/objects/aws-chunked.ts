// The body of a PutObject the SDK streams (Content-Encoding: aws-chunked): chunks of
// "<hex size>[;chunk-signature=...]\r\n<bytes>\r\n", ending with a chunk of size 0 and the
// trailing checksum headers. Only the bytes are kept; S3 stores the object without the framing.
import { S3Error } from './s3-xml.ts';

const CRLF = Buffer.from('\r\n');

export function decodeAwsChunked(body: Buffer): Buffer {
  const parts: Buffer[] = [];
  let at = 0;
  for (;;) {
    const end = body.indexOf(CRLF, at);
    if (end < 0) throw malformed();
    const size = Number.parseInt(body.subarray(at, end).toString('latin1').split(';')[0]!, 16);
    if (!Number.isInteger(size) || size < 0 || end + 2 + size > body.length) throw malformed();
    if (size === 0) return Buffer.concat(parts);
    parts.push(body.subarray(end + 2, end + 2 + size));
    at = end + 2 + size + CRLF.length;
  }
}

function malformed(): S3Error {
  return new S3Error(400, 'IncompleteBody', 'The request body is not valid aws-chunked encoding.');
}
