// The local object store: fauxqs's S3 API (the same PutObject/HeadObject/GetObject that S3
// answers), embedded in this process. Objects live in memory, so the runtime rebuilds every
// feed from the table at start. fauxqs also speaks SNS and SQS; only its S3 is used here (SNS
// has its own engine in local/sns, which signs and delivers webhooks as SNS does).
import { CreateBucketCommand, HeadBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { buildApp } from 'fauxqs';
import { sdkConfig } from '../lambdas/adapters/sdk-client.ts';
import type { LocalCredentials } from '../lambdas/adapters/settings.ts';
import { newLocalCredentials } from './credentials.ts';

export interface S3EngineOptions {
  /** Interface to listen on; default 127.0.0.1 (fauxqs's own startFauxqs binds 0.0.0.0). */
  host?: string;
  /** 0 (default) picks a free port. */
  port?: number;
  /** Created at start. */
  bucket: string;
  /** What its own client signs with (fauxqs checks no signature); a fresh pair when absent. */
  credentials?: LocalCredentials;
}

export interface RunningS3Engine {
  /** Base URL for `new S3Client({ endpoint, forcePathStyle: true })`. */
  endpoint: string;
  port: number;
  bucket: string;
  /** A client on this engine (path-style), for the feed server and health checks. */
  client: S3Client;
  /** True when the engine answers and the bucket exists. */
  healthy(): Promise<boolean>;
  stop(): Promise<void>;
}

export function localS3Client(endpoint: string, credentials: LocalCredentials): S3Client {
  return new S3Client(sdkConfig(endpoint, credentials, { forcePathStyle: true, maxAttempts: 1 }));
}

// fauxqs 1.9 drops Cache-Control on PutObject; S3 keeps it and answers it on GET and HEAD.
// fauxqs does keep user metadata, so the header rides along as one and is turned back into
// Cache-Control on the way out: the writer and the feed server then see what S3 would show.
const KEPT_CACHE_CONTROL = 'x-amz-meta-local-engine-cache-control';

function keepCacheControl(app: ReturnType<typeof buildApp>): void {
  app.addHook('onRequest', (request, _reply, done) => {
    const cacheControl = request.headers['cache-control'];
    if (request.method === 'PUT' && typeof cacheControl === 'string') request.headers[KEPT_CACHE_CONTROL] = cacheControl;
    done();
  });
  app.addHook('onSend', (_request, reply, payload, done) => {
    const kept = reply.getHeader(KEPT_CACHE_CONTROL);
    if (typeof kept === 'string') {
      reply.removeHeader(KEPT_CACHE_CONTROL);
      reply.header('cache-control', kept);
    }
    done(null, payload);
  });
}

export async function startS3Engine(options: S3EngineOptions): Promise<RunningS3Engine> {
  const host = options.host ?? '127.0.0.1';
  const app = buildApp({ logger: false });
  keepCacheControl(app);
  let client: S3Client | undefined;
  try {
    const address = await app.listen({ port: options.port ?? 0, host });
    const port = Number(new URL(address).port);
    const endpoint = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
    client = localS3Client(endpoint, options.credentials ?? newLocalCredentials());
    // Through the S3 API rather than fauxqs's helpers, so a working engine is also proven.
    await client.send(new CreateBucketCommand({ Bucket: options.bucket }));
    const running = client;
    return {
      endpoint,
      port,
      bucket: options.bucket,
      client: running,
      healthy: () => running.send(new HeadBucketCommand({ Bucket: options.bucket })).then(() => true, () => false),
      async stop() {
        running.destroy();
        await app.close();
      },
    };
  } catch (error) {
    client?.destroy();
    await app.close().catch(() => undefined);
    throw error;
  }
}
