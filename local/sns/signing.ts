// Message signing as SNS does it, SignatureVersion 2: SHA256withRSA over AWS's documented
// string-to-sign, with a key and self-signed certificate owned by this engine. The
// certificate is served as PEM at SigningCertURL so receivers verify exactly as against AWS.
import { createHash, createSign, createVerify } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export type SignedMessageType = 'Notification' | 'SubscriptionConfirmation' | 'UnsubscribeConfirmation';

/** The envelope fields that take part in the signature. */
export interface SignableMessage {
  Type: SignedMessageType;
  MessageId: string;
  TopicArn: string;
  Message: string;
  Timestamp: string;
  Subject?: string;
  SubscribeURL?: string;
  Token?: string;
}

export interface MessageSigner {
  /** PEM of the self-signed certificate whose key signs every message. */
  readonly certificatePem: string;
  /** Stable per key, so SigningCertURL changes when the key does (as AWS rotates by URL). */
  readonly certificateId: string;
  /** Base64 SHA256withRSA signature (SignatureVersion "2"). */
  sign(message: SignableMessage): string;
}

const NOTIFICATION_KEYS = ['Message', 'MessageId', 'Subject', 'Timestamp', 'TopicArn', 'Type'] as const;
const CONFIRMATION_KEYS = ['Message', 'MessageId', 'SubscribeURL', 'Timestamp', 'Token', 'TopicArn', 'Type'] as const;

/**
 * AWS's string-to-sign: for each signed key in this order that the message has, the key and
 * then its value, each on its own line and each followed by "\n". Subject only when present.
 */
export function stringToSign(message: SignableMessage): string {
  const keys = message.Type === 'Notification' ? NOTIFICATION_KEYS : CONFIRMATION_KEYS;
  let text = '';
  for (const key of keys) {
    const value = message[key];
    if (value === undefined || value === null) continue;
    text += `${key}\n${value}\n`;
  }
  return text;
}

/** What a receiver does: SHA256withRSA verification of the string-to-sign against the certificate. */
export function verifyMessageSignature(message: SignableMessage & { Signature: string }, certificatePem: string): boolean {
  const verifier = createVerify('RSA-SHA256');
  verifier.update(stringToSign(message), 'utf8');
  return verifier.verify(certificatePem, message.Signature, 'base64');
}

const KEY_FILE = 'sns-signing-key.pem';
const CERT_FILE = 'sns-signing-cert.pem';

/**
 * A signer with a fresh RSA-2048 key and certificate, or, when dataDir is given, the ones
 * kept there, so signatures and SigningCertURL stay valid across restarts.
 */
export async function createMessageSigner(options: { dataDir?: string } = {}): Promise<MessageSigner> {
  const stored = options.dataDir ? await readStoredKey(options.dataDir) : undefined;
  const material = stored ?? (await generateKeyMaterial());
  if (options.dataDir && !stored) await storeKey(options.dataDir, material);
  const certificateId = createHash('sha256').update(material.certificatePem).digest('hex').slice(0, 32);
  return {
    certificatePem: material.certificatePem,
    certificateId,
    sign(message) {
      const signer = createSign('RSA-SHA256');
      signer.update(stringToSign(message), 'utf8');
      return signer.sign(material.privateKeyPem, 'base64');
    },
  };
}

interface KeyMaterial {
  privateKeyPem: string;
  certificatePem: string;
}

async function generateKeyMaterial(): Promise<KeyMaterial> {
  const { generate } = await import('selfsigned');
  const pems = await generate(
    [
      { name: 'commonName', value: 'sns.local.pressroom' },
      { name: 'organizationName', value: 'Pressroom local SNS engine' },
    ],
    { keySize: 2048, algorithm: 'sha256', notAfterDate: new Date(Date.now() + 365 * 24 * 3600 * 1000) },
  );
  return { privateKeyPem: pems.private, certificatePem: pems.cert };
}

async function readStoredKey(dataDir: string): Promise<KeyMaterial | undefined> {
  try {
    const [privateKeyPem, certificatePem] = await Promise.all([
      readFile(join(dataDir, KEY_FILE), 'utf8'),
      readFile(join(dataDir, CERT_FILE), 'utf8'),
    ]);
    return { privateKeyPem, certificatePem };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

async function storeKey(dataDir: string, material: KeyMaterial): Promise<void> {
  await mkdir(dataDir, { recursive: true });
  // Certificate first and key last, each by rename, so a crash never leaves a key without its certificate.
  for (const [file, content] of [
    [CERT_FILE, material.certificatePem],
    [KEY_FILE, material.privateKeyPem],
  ] as const) {
    const path = join(dataDir, file);
    await writeFile(`${path}.tmp`, content, { mode: 0o600 });
    await rename(`${path}.tmp`, path);
  }
}
