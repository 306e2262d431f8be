// A browser-style POST upload (what @aws-sdk/s3-presigned-post's form is sent as): the
// multipart form is read with busboy, the fields before the file are checked against the signed
// policy as S3 checks them, and only then is the file streamed to the store, no further than the
// policy's content-length-range allows. Fields after the file are ignored, as S3 ignores them.
import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import busboy from 'busboy';
import type { LocalCredentials } from '../../lambdas/adapters/settings.ts';
import { BodyTooLarge, type ObjectHeaders, type ObjectStore } from './object-store.ts';
import type { ObjectCreatedNotifier, RequestOrigin } from './notifications.ts';
import { checkPostPolicy, type FormFields } from './post-policy.ts';
import { DEFAULT_CONTENT_TYPE, type Reply } from './rest-api.ts';
import { postResponseXml, quoted, S3Error } from './s3-xml.ts';

export interface PostUpload {
  bucket: string;
  request: IncomingMessage;
  store: ObjectStore;
  notifier: ObjectCreatedNotifier | undefined;
  credentials: LocalCredentials;
  origin: Omit<RequestOrigin, 'principalId'>;
  /** The engine's base URL, for the Location S3 answers with. */
  endpoint: string;
}

const META_PREFIX = 'x-amz-meta-';
/** Per form field (a policy is a few kilobytes), and fields in all: S3 caps the form, not only the file. */
const LIMITS = { fields: 100, fieldSize: 64 * 1024, files: 1 };

export function receivePostUpload(upload: PostUpload): Promise<Reply> {
  const { request } = upload;
  return new Promise<Reply>((resolve, reject) => {
    const fields: FormFields = new Map();
    let sawFile = false;
    let form: busboy.Busboy;
    try {
      form = busboy({ headers: request.headers, limits: LIMITS });
    } catch (error) {
      return reject(new S3Error(400, 'MalformedPOSTRequest', `The body of your POST request is not well-formed multipart/form-data: ${(error as Error).message}`));
    }
    form.on('field', (name, value, info) => {
      if (sawFile) return;
      if (info.valueTruncated) return void fail(new S3Error(400, 'MaxPostPreDataLengthExceeded', `The form field ${name} is too long.`));
      fields.set(name.toLowerCase(), value);
    });
    form.on('file', (name, stream, info) => {
      if (sawFile || name.toLowerCase() !== 'file') return void stream.resume();
      sawFile = true;
      // A client that goes away mid-file must not leave the staged file waiting for the rest.
      request.once('close', () => {
        if (!request.complete) stream.destroy(new Error('the connection closed before the form ended'));
      });
      store(upload, fields, stream, info.filename).then(resolve, (error: unknown) => {
        stream.resume();
        fail(error);
      });
    });
    form.on('fieldsLimit', () => fail(new S3Error(400, 'MaxPostPreDataLengthExceeded', 'Your POST request fields preceding the upload file were too large.')));
    form.on('close', () => {
      if (!sawFile) reject(new S3Error(400, 'InvalidArgument', 'POST requires exactly one file upload per request.', { ArgumentName: 'file' }));
    });
    // Once the file has begun, what becomes of it decides the answer (a cut-off form fails its stream too).
    form.on('error', (error: Error) => {
      if (!sawFile) fail(new S3Error(400, 'MalformedPOSTRequest', `The body of your POST request is not well-formed multipart/form-data: ${error.message}`));
    });
    // What follows a refusal is not read into the store; the rest of the body is discarded.
    const fail = (error: unknown) => {
      request.unpipe(form);
      request.resume();
      reject(error);
    };
    request.pipe(form);
  });
}

async function store(upload: PostUpload, fields: FormFields, file: Readable, filename: string | undefined): Promise<Reply> {
  const { bucket } = upload;
  const size = checkPostPolicy(bucket, fields, upload.credentials);
  let staged;
  try {
    staged = await upload.store.stage(bucket, file, size.max);
  } catch (error) {
    if (error instanceof BodyTooLarge) throw new S3Error(400, 'EntityTooLarge', 'Your proposed upload exceeds the maximum allowed size', { MaxSizeAllowed: size.max });
    // A disk that fails is ours (500); anything else is a form cut off or broken in the file.
    if ((error as NodeJS.ErrnoException).syscall) throw error;
    throw new S3Error(400, 'IncompleteBody', `The file was not received whole: ${(error as Error).message}`);
  }
  if (staged.size < size.min) {
    staged.discard();
    throw new S3Error(400, 'EntityTooSmall', 'Your proposed upload is smaller than the minimum allowed size', { ProposedSize: staged.size, MinSizeAllowed: size.min });
  }
  const key = fields.get('key')!.replaceAll('${filename}', filename ?? '');
  const object = staged.commit(key, headersOf(fields));
  const accessKeyId = (fields.get('x-amz-credential') ?? '').split('/')[0];
  upload.notifier?.created(bucket, object, 'ObjectCreated:Post', { ...upload.origin, principalId: `AWS:${accessKeyId}` });
  const location = `${upload.endpoint}/${bucket}/${key.split('/').map(encodeURIComponent).join('/')}`;
  const headers = { etag: quoted(object.etag), location };
  const status = fields.get('success_action_status');
  if (status === '201') return { status: 201, headers: { ...headers, 'content-type': 'application/xml' }, body: postResponseXml(location, bucket, object) };
  return { status: status === '200' ? 200 : 204, headers };
}

function headersOf(fields: FormFields): ObjectHeaders {
  const metadata: Record<string, string> = {};
  for (const [name, value] of fields) if (name.startsWith(META_PREFIX)) metadata[name.slice(META_PREFIX.length)] = value;
  const optional = (header: keyof ObjectHeaders, field: string) => (fields.has(field) ? { [header]: fields.get(field)! } : {});
  return {
    contentType: fields.get('content-type') || DEFAULT_CONTENT_TYPE,
    ...optional('cacheControl', 'cache-control'),
    ...optional('contentDisposition', 'content-disposition'),
    ...optional('contentEncoding', 'content-encoding'),
    metadata,
  };
}
