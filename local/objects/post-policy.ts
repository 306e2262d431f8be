// The checks S3 makes on a browser-style POST upload before it takes the file: the policy is
// signed (SigV4: HMAC-SHA256 of the base64 policy with the signing key of the credential's date
// and region, for service s3) by credentials it knows, has not expired, and every condition holds
// for the form's fields; and every field the form sends is one the policy names, so nothing
// can be added to a signed form. The size condition can only be checked on the file itself:
// it is handed back as the range the body must fall within.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { LocalCredentials } from '../../lambdas/adapters/settings.ts';
import { S3Error } from './s3-xml.ts';

export interface SizeRange {
  min: number;
  max: number;
}

/** Form fields by lower-case name: S3 matches field names without regard to case. */
export type FormFields = Map<string, string>;

const CREDENTIAL = /^([^/]+)\/(\d{8})\/([a-z0-9-]+)\/s3\/aws4_request$/;
const AMZ_DATE = /^(\d{8})T\d{6}Z$/;
/** Fields that need no condition (AWS's list: the signature, the policy, the file, x-ignore-*). */
const UNCONDITIONED = new Set(['policy', 'x-amz-signature', 'file']);

const denied = (message: string) => new S3Error(403, 'AccessDenied', message);
const invalid = (message: string) => new S3Error(400, 'InvalidPolicyDocument', message);

/** Throws the S3Error S3 would answer; returns the size range the file must fall within. */
export function checkPostPolicy(bucket: string, fields: FormFields, credentials: LocalCredentials, now: Date = new Date()): SizeRange {
  const policy = fields.get('policy');
  if (!fields.has('key')) throw new S3Error(400, 'InvalidArgument', "Bucket POST must contain a field named 'key'.", { ArgumentName: 'key' });
  if (!policy) throw denied('Bucket POST must be signed: it has no Policy field.');
  if (fields.get('x-amz-algorithm') !== 'AWS4-HMAC-SHA256') throw new S3Error(400, 'InvalidArgument', 'X-Amz-Algorithm must be AWS4-HMAC-SHA256.', { ArgumentName: 'x-amz-algorithm' });
  const credential = CREDENTIAL.exec(fields.get('x-amz-credential') ?? '');
  if (!credential) throw new S3Error(400, 'InvalidArgument', 'X-Amz-Credential is not <key id>/<date>/<region>/s3/aws4_request.', { ArgumentName: 'x-amz-credential' });
  const [, accessKeyId, date, region] = credential as unknown as [string, string, string, string];
  if (accessKeyId !== credentials.accessKeyId) throw new S3Error(403, 'InvalidAccessKeyId', 'The AWS Access Key Id you provided does not exist in our records.');
  const signature = fields.get('x-amz-signature') ?? '';
  const expected = createHmac('sha256', signingKey(credentials.secretAccessKey, date, region)).update(policy).digest('hex');
  const a = Buffer.from(expected);
  const b = Buffer.from(signature);
  if (a.length !== b.length || !timingSafeEqual(a, b)) {
    throw new S3Error(403, 'SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided.');
  }
  if (AMZ_DATE.exec(fields.get('x-amz-date') ?? '')?.[1] !== date) throw new S3Error(400, 'InvalidArgument', 'X-Amz-Date is missing or not of the credential date.', { ArgumentName: 'x-amz-date' });

  let document: { expiration?: unknown; conditions?: unknown };
  try {
    document = JSON.parse(Buffer.from(policy, 'base64').toString('utf8')) as typeof document;
  } catch {
    throw invalid('Invalid Policy: Invalid JSON.');
  }
  const expiration = typeof document.expiration === 'string' ? Date.parse(document.expiration) : Number.NaN;
  if (Number.isNaN(expiration)) throw invalid('Invalid Policy: Policy missing expiration.');
  if (expiration <= now.getTime()) throw denied('Invalid according to Policy: Policy expired.');
  if (!Array.isArray(document.conditions)) throw invalid('Invalid Policy: Policy missing conditions.');

  const covered = new Set<string>();
  let size: SizeRange = { min: 0, max: Number.POSITIVE_INFINITY };
  const valueOf = (name: string) => (name === 'bucket' ? bucket : (fields.get(name) ?? ''));
  for (const condition of document.conditions as unknown[]) {
    if (Array.isArray(condition) && condition[0] === 'content-length-range') {
      const [, min, max] = condition as [string, unknown, unknown];
      if (!isSize(min) || !isSize(max)) throw invalid('Invalid Policy: content-length-range needs two whole numbers.');
      size = { min, max };
      continue;
    }
    const [operator, name, value] = readCondition(condition);
    covered.add(name);
    const actual = valueOf(name);
    const holds =
      operator === 'eq'
        ? actual === value
        : // Content-Type may list several types; each must match, as in S3.
          (name === 'content-type' ? actual.split(',') : [actual]).every((part) => part.trimStart().startsWith(value));
    if (!holds) throw denied(`Invalid according to Policy: Policy Condition failed: ["${operator}", "$${name}", ${JSON.stringify(value)}]`);
  }
  const extra = [...fields.keys()].filter((name) => !UNCONDITIONED.has(name) && !name.startsWith('x-ignore-') && !covered.has(name));
  if (extra.length > 0) throw denied(`Invalid according to Policy: Extra input fields: ${extra.join(', ')}`);
  return size;
}

/** The SigV4 signing key: the secret, HMAC'd with the date, region, service and terminator. */
export function signingKey(secretAccessKey: string, date: string, region: string, service = 's3'): Buffer {
  let key: Buffer = Buffer.from(`AWS4${secretAccessKey}`);
  for (const part of [date, region, service, 'aws4_request']) key = createHmac('sha256', key).update(part).digest();
  return key;
}

/** `{ "name": "value" }`, `["eq", "$name", "value"]` or `["starts-with", "$name", "prefix"]`, name in lower case. */
function readCondition(condition: unknown): ['eq' | 'starts-with', string, string] {
  if (Array.isArray(condition)) {
    const [operator, name, value] = condition as unknown[];
    if ((operator === 'eq' || operator === 'starts-with') && typeof name === 'string' && name.startsWith('$') && typeof value === 'string') {
      return [operator, name.slice(1).toLowerCase(), value];
    }
  } else if (condition && typeof condition === 'object') {
    const entries = Object.entries(condition);
    if (entries.length === 1 && typeof entries[0]![1] === 'string') return ['eq', entries[0]![0].toLowerCase(), entries[0]![1]];
  }
  throw invalid(`Invalid Policy: Invalid Condition: ${JSON.stringify(condition)}`);
}

function isSize(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}
