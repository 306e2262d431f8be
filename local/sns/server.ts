// The local SNS engine on a port: the SNS Query API for @aws-sdk/client-sns, plus the signing
// certificate at SigningCertURL. Any process or web page on the machine can reach the port,
// so it takes orders only as AWS does: POSTs signed (SigV4, service sns) with the engine's
// credentials. Unsigned are only the certificate and the two links a receiver is sent, plain
// GETs as in SNS: SubscribeURL (ConfirmSubscription, which needs the token it carries) and
// UnsubscribeURL (Unsubscribe of the subscription ARN it carries).
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { HttpDelivery, type HttpDeliveryOptions } from './http-delivery.ts';
import { handleQuery } from './query-api.ts';
import { createMessageSigner } from './signing.ts';
import { sigV4Problem } from '../sigv4.ts';
import { newLocalCredentials } from '../credentials.ts';
import type { LocalCredentials } from '../../lambdas/adapters/settings.ts';
import { errorXml, parseQueryParams, regionFromRequest } from './query-protocol.ts';
import { SnsError } from './sns-error.ts';
import { DEFAULT_REGION, SnsEngine, type EngineCounters } from './sns-engine.ts';
import { SnsStore } from './store.ts';
import { readTextBody, respond } from '../http-body.ts';
import { keepIdleConnections } from '../idle-connections.ts';

export interface SnsEngineOptions {
  /** Interface to listen on; default 127.0.0.1. */
  host?: string;
  /**
   * 0 picks a free port. When absent and dataDir is set, the port of the previous start (kept
   * in the data folder) is taken again if it is free: SubscribeURL and UnsubscribeURL carry it,
   * so links handed out before a restart keep working.
   */
  port?: number;
  /** Keeps topics, subscriptions and the signing key across restarts; in memory only when absent. */
  dataDir?: string;
  /** Retry schedule, per-attempt timeout, TLS trust for deliveries. */
  delivery?: HttpDeliveryOptions;
  /** The only credentials requests may be signed with; a fresh random pair when absent. */
  credentials?: LocalCredentials;
}

export interface RunningSnsEngine {
  /** Base URL for `new SNSClient({ endpoint })`, e.g. http://127.0.0.1:4575 */
  endpoint: string;
  port: number;
  /** What clients must sign with: `new SNSClient(sdkConfig(engine.endpoint, engine.credentials))`. */
  credentials: LocalCredentials;
  /** SigningCertURL of every message: the certificate PEM, over plain http. */
  certUrl: string;
  /** Delivery attempts and outcomes: `deliveries.on('delivered' | 'failed' | 'attempt', …)`, `deliveries.stats`, `deliveries.idle()`. */
  deliveries: HttpDelivery;
  /** Messages published, notifications matched, notifications skipped by filter policies. */
  counters: EngineCounters;
  /**
   * Closes the listener and its connections, so the engine is unreachable as if it had
   * stopped, but keeps topics, subscriptions, the signing key and deliveries under way.
   */
  pause(): Promise<void>;
  /** Listens again on the same port after pause(). */
  resume(): Promise<void>;
  stop(): Promise<void>;
}

const MAX_BODY_BYTES = 4 * 1024 * 1024;
const PORT_FILE = 'port';
const PENDING_FILE = 'pending-deliveries.json';

export async function startSnsEngine(options: SnsEngineOptions = {}): Promise<RunningSnsEngine> {
  const host = options.host ?? '127.0.0.1';
  const credentials = options.credentials ?? newLocalCredentials();
  const signer = await createMessageSigner(options.dataDir ? { dataDir: options.dataDir } : {});
  const store = new SnsStore(options.dataDir);
  const deliveries = new HttpDelivery({
    ...options.delivery,
    ...(options.dataDir ? { pendingFile: join(options.dataDir, PENDING_FILE) } : {}),
  });
  const certPath = `/SimpleNotificationService-${signer.certificateId}.pem`;

  let engine: SnsEngine | undefined;
  const server = createServer((req, res) => {
    if (!engine) return void respond(res, 503, 'text/plain', 'starting\n');
    void route(req, res, engine, credentials, certPath, signer.certificatePem);
  });
  keepIdleConnections(server);

  const listen = (port: number) =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  const close = () =>
    new Promise<void>((resolve) => {
      if (!server.listening) return resolve();
      server.close(() => resolve());
      server.closeAllConnections();
    });
  const portFile = options.dataDir ? join(options.dataDir, PORT_FILE) : undefined;
  const previous = options.port === undefined && portFile && existsSync(portFile) ? Number(readFileSync(portFile, 'utf8').trim()) : 0;
  try {
    await listen(options.port ?? previous);
  } catch (error) {
    // Taken by something else meanwhile: a new port (links made before point at the old one).
    if (!previous || (error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
    await listen(0);
  }
  const port = (server.address() as AddressInfo).port;
  if (portFile) writeFileSync(portFile, `${port}\n`);
  const publicHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  const endpoint = `http://${publicHost}:${port}`;
  const certUrl = `${endpoint}${certPath}`;
  engine = new SnsEngine(
    store,
    signer,
    deliveries,
    { baseUrl: endpoint, certUrl },
    new Map((options.delivery?.deadLetterQueues ?? []).map((queue) => [queue.arn, queue])),
  );
  deliveries.resumePending();

  return {
    endpoint,
    port,
    credentials,
    certUrl,
    deliveries,
    counters: engine.counters,
    pause: close,
    resume: async () => {
      if (!server.listening) await listen(port);
    },
    async stop() {
      await deliveries.close();
      await close();
    },
  };
}

/** The actions a receiver's link makes, with the parameter that authorises it. */
const LINK_ACTIONS: Record<string, string> = { ConfirmSubscription: 'Token', Unsubscribe: 'SubscriptionArn' };

async function route(
  req: IncomingMessage,
  res: ServerResponse,
  engine: SnsEngine,
  credentials: LocalCredentials,
  certPath: string,
  certificatePem: string,
): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  try {
    if (req.method === 'GET' && (url.pathname === certPath || url.pathname === '/SimpleNotificationService.pem')) {
      return respond(res, 200, 'application/x-x509-ca-cert', certificatePem);
    }
    if (req.method === 'GET' && url.pathname === '/health') return respond(res, 200, 'text/plain', 'ok\n');
    if (req.method !== 'GET' && req.method !== 'POST') return respond(res, 405, 'text/plain', 'method not allowed\n');
    const body = req.method === 'POST' ? await readTextBody(req, MAX_BODY_BYTES) : '';
    if (body === undefined) return respond(res, 413, 'text/plain', 'request entity too large\n');
    const params = parseQueryParams(url.search.slice(1), body);
    const action = params.get('Action') ?? '';
    const link = req.method === 'GET' && Object.hasOwn(LINK_ACTIONS, action) && params.has(LINK_ACTIONS[action]!);
    if (!link) {
      const problem =
        req.method === 'POST'
          ? await sigV4Problem({ method: 'POST', url: req.url ?? '/', headers: req.headers, body }, credentials, 'sns')
          : 'only the SubscribeURL and UnsubscribeURL links may be plain GETs; every other request is a signed POST';
      if (problem) return refuse(res, problem);
    }
    const region = regionFromRequest(req.headers.authorization, params) ?? DEFAULT_REGION;
    const result = handleQuery(engine, params, { region });
    res.setHeader('x-amzn-RequestId', result.requestId);
    respond(res, result.status, 'text/xml', result.body);
  } catch (error) {
    respond(res, 500, 'text/plain', `${(error as Error).message}\n`);
  }
}

/** AWS's answer to a request it cannot authenticate. */
function refuse(res: ServerResponse, problem: string): void {
  const requestId = randomUUID();
  res.setHeader('x-amzn-RequestId', requestId);
  respond(res, 403, 'text/xml', errorXml(new SnsError('InvalidClientTokenId', 403, `The request is refused: ${problem}.`), requestId));
}

