// A partner's webhook receiver for Pressroom notifications, as a partner would write it:
// it depends on nothing of Pressroom's, only on node:http and node:crypto.
//
// - confirms its subscription by a plain GET of SubscribeURL,
// - verifies the signature of every message (SignatureVersion 1 and 2) against the
//   certificate at SigningCertURL, and refuses messages that fail (403),
// - checks that the certificate comes from an AWS SNS host over https — unless
//   `allowLocalCertificates` is set, for the local runtime's SNS engine, which serves its
//   self-signed certificate over plain http on loopback,
// - accepts messages of the one topic it subscribed to only (a valid signature proves that
//   SNS sent it, not that it comes from Pressroom's topic), and refuses stale ones, so a
//   captured message cannot be replayed days later,
// - handles each event once: delivery is at least once, so it deduplicates on `eventId`.
//
// Run it: npx tsx examples/webhook-receiver/receiver.ts --port 4000 --local --topic-arn <TopicArn>
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { createVerify, X509Certificate } from 'node:crypto';
import { pathToFileURL } from 'node:url';

export interface SnsEnvelope {
  Type: 'SubscriptionConfirmation' | 'Notification' | 'UnsubscribeConfirmation';
  MessageId: string;
  TopicArn: string;
  Subject?: string;
  Message: string;
  Timestamp: string;
  SignatureVersion: '1' | '2';
  Signature: string;
  SigningCertURL: string;
  SubscribeURL?: string;
  UnsubscribeURL?: string;
  Token?: string;
  MessageAttributes?: Record<string, { Type: string; Value: string }>;
}

export interface ReceivedNotification {
  envelope: SnsEnvelope;
  /** The Pressroom event: { type, release, feeds }. */
  event: { eventId?: string; type: string; release: Record<string, unknown>; feeds: Record<string, unknown> };
}

export interface ReceiverOptions {
  /** The only topic whose messages (and subscription confirmations) are accepted. */
  topicArn: string;
  /**
   * Messages whose Timestamp (the time SNS accepted them; retries keep it) is older are
   * refused. SNS retries an HTTP/S delivery for at most an hour, hence the default.
   */
  maxAgeMs?: number;
  port?: number;
  host?: string;
  /** Accept a certificate served over http from a loopback host (the local runtime only). */
  allowLocalCertificates?: boolean;
  onNotification?: (notification: ReceivedNotification) => void;
  log?: (line: string) => void;
}

export interface RunningReceiver {
  url: string;
  notifications: ReceivedNotification[];
  /** Messages refused: a signature or certificate that did not check out, another topic, or stale. */
  rejected: number;
  /** Deliveries of an event already handled (at-least-once delivery), acknowledged and ignored. */
  duplicates: number;
  confirmed: boolean;
  stop(): Promise<void>;
}

const AWS_CERT_HOST = /^sns\.[a-z0-9-]+\.amazonaws\.com(\.cn)?$/;
const LOOPBACK_HOST = /^(127\.\d+\.\d+\.\d+|localhost|\[::1\])$/;

const SIGNED_KEYS = {
  Notification: ['Message', 'MessageId', 'Subject', 'Timestamp', 'TopicArn', 'Type'],
  SubscriptionConfirmation: ['Message', 'MessageId', 'SubscribeURL', 'Timestamp', 'Token', 'TopicArn', 'Type'],
  UnsubscribeConfirmation: ['Message', 'MessageId', 'SubscribeURL', 'Timestamp', 'Token', 'TopicArn', 'Type'],
} as const;

export function stringToSign(envelope: SnsEnvelope): string {
  let text = '';
  for (const key of SIGNED_KEYS[envelope.Type]) {
    const value = envelope[key as keyof SnsEnvelope];
    if (typeof value === 'string') text += `${key}\n${value}\n`;
  }
  return text;
}

export function certificateUrlAllowed(url: string, allowLocal: boolean): boolean {
  const parsed = new URL(url);
  if (parsed.protocol === 'https:' && AWS_CERT_HOST.test(parsed.hostname) && parsed.pathname.endsWith('.pem')) return true;
  return allowLocal && parsed.protocol === 'http:' && LOOPBACK_HOST.test(parsed.host.replace(/:\d+$/, ''));
}

const certificates = new Map<string, Promise<string>>();

async function certificate(url: string): Promise<string> {
  let pem = certificates.get(url);
  if (!pem) {
    pem = fetch(url).then(async (response) => {
      if (!response.ok) throw new Error(`certificate ${url}: HTTP ${response.status}`);
      const text = await response.text();
      new X509Certificate(text); // throws unless it is a certificate
      return text;
    });
    pem.catch(() => certificates.delete(url));
    certificates.set(url, pem);
  }
  return pem;
}

export async function verifyEnvelope(envelope: SnsEnvelope, allowLocal: boolean): Promise<boolean> {
  if (!envelope.SigningCertURL || !certificateUrlAllowed(envelope.SigningCertURL, allowLocal)) return false;
  const algorithm = envelope.SignatureVersion === '2' ? 'RSA-SHA256' : envelope.SignatureVersion === '1' ? 'RSA-SHA1' : undefined;
  if (!algorithm) return false;
  const verifier = createVerify(algorithm);
  verifier.update(stringToSign(envelope), 'utf8');
  return verifier.verify(await certificate(envelope.SigningCertURL), envelope.Signature, 'base64');
}

const MAX_CLOCK_SKEW_MS = 5 * 60_000;

/** Why an authentic message is still not for this receiver, or undefined when it is. */
export function envelopeProblem(envelope: SnsEnvelope, topicArn: string, maxAgeMs: number, now = Date.now()): string | undefined {
  if (envelope.TopicArn !== topicArn) return `it comes from another topic (${envelope.TopicArn})`;
  const sent = Date.parse(envelope.Timestamp);
  if (Number.isNaN(sent)) return 'its Timestamp is not a date';
  if (sent < now - maxAgeMs) return `it is stale (sent ${envelope.Timestamp})`;
  if (sent > now + MAX_CLOCK_SKEW_MS) return `it is dated in the future (${envelope.Timestamp})`;
  return undefined;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function startWebhookReceiver(options: ReceiverOptions): Promise<RunningReceiver> {
  const log = options.log ?? ((line: string) => console.log(line));
  const allowLocal = options.allowLocalCertificates ?? false;
  const maxAgeMs = options.maxAgeMs ?? 60 * 60_000;
  const state: RunningReceiver = { url: '', notifications: [], rejected: 0, duplicates: 0, confirmed: false, stop: async () => undefined };
  // A partner would keep this in its database, for at least as long as SNS retries.
  const handled = new Set<string>();

  const server: Server = createServer((req, res) => {
    void (async () => {
      if (req.method !== 'POST') {
        res.writeHead(405).end();
        return;
      }
      let envelope: SnsEnvelope;
      try {
        envelope = JSON.parse(await readBody(req)) as SnsEnvelope;
      } catch {
        res.writeHead(400).end();
        return;
      }
      if (!(await verifyEnvelope(envelope, allowLocal).catch(() => false))) {
        state.rejected++;
        log(`refused a message that failed signature verification (${envelope.Type} ${envelope.MessageId})`);
        res.writeHead(403).end();
        return;
      }
      const problem = envelopeProblem(envelope, options.topicArn, maxAgeMs);
      if (problem) {
        state.rejected++;
        log(`refused ${envelope.Type} ${envelope.MessageId}: ${problem}`);
        res.writeHead(403).end();
        return;
      }
      if (envelope.Type === 'SubscriptionConfirmation' && envelope.SubscribeURL) {
        const confirmation = await fetch(envelope.SubscribeURL);
        state.confirmed = confirmation.ok;
        log(`subscription ${confirmation.ok ? 'confirmed' : `confirmation failed (${confirmation.status})`}`);
      } else if (envelope.Type === 'Notification') {
        const notification = { envelope, event: JSON.parse(envelope.Message) as ReceivedNotification['event'] };
        const eventKey = notification.event.eventId ?? envelope.MessageId;
        if (handled.has(eventKey)) {
          state.duplicates++;
          log(`already handled ${eventKey}: acknowledged, ignored`);
          res.writeHead(200).end();
          return;
        }
        handled.add(eventKey);
        state.notifications.push(notification);
        log(`${notification.event.type}: ${String(notification.event.release.title)} (v${String(notification.event.release.version)})`);
        options.onNotification?.(notification);
      }
      res.writeHead(200).end();
    })().catch((error) => {
      log(`receiver error: ${(error as Error).message}`);
      if (!res.headersSent) res.writeHead(500).end();
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  state.url = `http://${options.host ?? '127.0.0.1'}:${port}/`;
  state.stop = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  return state;
}

// Run directly: a receiver on the given port, printing what it gets.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const arg = (name: string) => {
    const index = process.argv.indexOf(name);
    return index > 0 ? process.argv[index + 1] : undefined;
  };
  const topicArn = arg('--topic-arn');
  if (!topicArn) {
    console.error('usage: receiver.ts --topic-arn <TopicArn> [--port 4000] [--host 127.0.0.1] [--local]');
    process.exit(2);
  }
  const receiver = await startWebhookReceiver({
    topicArn,
    port: Number(arg('--port') ?? 4000),
    host: arg('--host') ?? '127.0.0.1',
    allowLocalCertificates: process.argv.includes('--local'),
  });
  console.log(`webhook receiver listening on ${receiver.url}${process.argv.includes('--local') ? ' (accepting the local SNS engine\'s certificate)' : ''}`);
  const shutdown = () => void receiver.stop().then(() => process.exit(0));
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}
