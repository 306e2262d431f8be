// The local EventBridge Scheduler on a port: the restJson1 API of @aws-sdk/client-scheduler
// for one-time schedules, and a clock that invokes each schedule's target at its instant
// through the `invoke` the runtime passes. Any process or web page on the machine can reach
// the port, so it takes orders only as AWS does: signed (SigV4, service scheduler) with the
// engine's credentials. Only /health is unsigned.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { LocalCredentials } from '../../lambdas/adapters/settings.ts';
import { sigV4Problem } from '../sigv4.ts';
import { handleRest } from './rest-api.ts';
import { DEFAULT_RETRY_BASE_MS } from './retry-policy.ts';
import { SchedulerEngine } from './scheduler-engine.ts';
import { SchedulerError } from './scheduler-error.ts';
import { ScheduleStore, type DeadLetter } from './store.ts';
import { readTextBody, respond } from '../http-body.ts';
import { keepIdleConnections } from '../idle-connections.ts';

export interface SchedulerEngineOptions {
  /** The only credentials requests may be signed with (service "scheduler"). */
  credentials: LocalCredentials;
  /** Keeps schedules (schedules.json) and dead letters (scheduler-dead-letters.jsonl) across restarts; in memory when absent. */
  dataDir?: string;
  /** Called at the instant with the target's Arn and Input (a string, '' when the target has none). A rejection is a failed invocation. */
  invoke: (targetArn: string, input: string) => Promise<void>;
  log?: (line: string) => void;
  /** First retry back-off, doubling from there; default about a second, as AWS. Tests shorten it. */
  retryBaseMs?: number;
  /** The clock; Date.now by default. */
  now?: () => number;
  /** Interface to listen on; default 127.0.0.1. */
  host?: string;
  /** 0 (default) picks a free port. */
  port?: number;
}

export interface HeldSchedule {
  name: string;
  groupName: string;
  expression: string;
  timezone?: string;
  dueAt: number;
  targetArn: string;
  input: string;
  clientToken?: string;
  state: 'ENABLED' | 'DISABLED';
  /** Set on a schedule kept after its one invocation (ActionAfterCompletion NONE). */
  outcome?: 'succeeded' | 'dead-lettered';
}

export interface RunningSchedulerEngine {
  /** Base URL for `new SchedulerClient(sdkConfig(engine.endpoint, credentials))`, e.g. http://127.0.0.1:4590 */
  endpoint: string;
  /** Schedules currently held. */
  schedules(): HeldSchedule[];
  /** Invocations that exhausted their retry policy, as a dead-letter queue would hold them. */
  deadLetters(): DeadLetter[];
  /** Resolves when no invocation is running and none is due within the next moment. */
  idle(): Promise<void>;
  /** Closes the port, fires nothing more, lets invocations under way finish. */
  stop(): Promise<void>;
}

export type { DeadLetter };

const MAX_BODY_BYTES = 1024 * 1024;
const DEFAULT_REGION = 'us-east-1';
const SIGNED_REGION = /^AWS4-HMAC-SHA256 Credential=[^/\s]+\/\d{8}\/([a-z0-9-]+)\//;

export async function startSchedulerEngine(options: SchedulerEngineOptions): Promise<RunningSchedulerEngine> {
  const host = options.host ?? '127.0.0.1';
  const log = options.log ?? ((line: string) => console.log(line));
  const store = new ScheduleStore(options.dataDir);
  const engine = new SchedulerEngine(store, {
    invoke: options.invoke,
    log,
    retryBaseMs: options.retryBaseMs ?? DEFAULT_RETRY_BASE_MS,
    now: options.now ?? Date.now,
  });

  const server = createServer((req, res) => void route(req, res, engine, options.credentials));
  keepIdleConnections(server);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const publicHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  engine.start();

  return {
    endpoint: `http://${publicHost}:${port}`,
    schedules: () =>
      engine.list().map((r) => ({
        name: r.name,
        groupName: r.groupName,
        expression: r.expression,
        ...(r.timezone !== undefined ? { timezone: r.timezone } : {}),
        dueAt: r.dueAt,
        targetArn: r.target.arn,
        input: r.target.input ?? '',
        ...(r.clientToken !== undefined ? { clientToken: r.clientToken } : {}),
        state: r.state,
        ...(r.outcome !== undefined ? { outcome: r.outcome } : {}),
      })),
    deadLetters: () => engine.deadLetters(),
    idle: () => engine.idle(),
    async stop() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await engine.stop();
    },
  };
}

async function route(req: IncomingMessage, res: ServerResponse, engine: SchedulerEngine, credentials: LocalCredentials): Promise<void> {
  const requestId = randomUUID();
  res.setHeader('x-amzn-RequestId', requestId);
  try {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (req.method === 'GET' && url.pathname === '/health') return respond(res, 200, 'text/plain', 'ok\n');
    const body = await readTextBody(req, MAX_BODY_BYTES);
    if (body === undefined) return fail(res, new SchedulerError('ValidationException', 413, 'The request body is too large'));
    const problem = await sigV4Problem({ method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers, body }, credentials, 'scheduler');
    if (problem) {
      const code = req.headers.authorization ? 'InvalidSignatureException' : 'MissingAuthenticationTokenException';
      return fail(res, new SchedulerError(code, 403, `The request is refused: ${problem}.`));
    }
    const region = SIGNED_REGION.exec(req.headers.authorization ?? '')?.[1] ?? DEFAULT_REGION;
    const result = handleRest(engine, { method: req.method ?? 'GET', url, body, region });
    respond(res, result.status, 'application/json', JSON.stringify(result.body));
  } catch (error) {
    fail(res, error instanceof SchedulerError ? error : new SchedulerError('InternalServerException', 500, (error as Error).message));
  }
}

function fail(res: ServerResponse, error: SchedulerError): void {
  res.setHeader('x-amzn-errortype', error.code);
  respond(res, error.status, 'application/json', JSON.stringify({ Message: error.message }));
}

