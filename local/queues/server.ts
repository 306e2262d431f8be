// The local SQS on a port: the part of the AWS JSON 1.0 API of @aws-sdk/client-sqs that the
// Lambdas call (SendMessage, SendMessageBatch, GetQueueUrl), in front of the runtime's
// LocalQueues, which Lambda's event source mapping stand-in consumes. Any process or web page
// on the machine can reach the port, so it takes orders only as AWS does: signed (SigV4,
// service sqs) with the engine's credentials. Only /health is unsigned.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createHash, randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { LocalCredentials } from '../../lambdas/adapters/settings.ts';
import { readTextBody, respond } from '../http-body.ts';
import { keepIdleConnections } from '../idle-connections.ts';
import { sigV4Problem } from '../sigv4.ts';
import type { LocalQueue } from './local-queue.ts';

/** SQS's limits on one message and one batch. */
const MAX_MESSAGE_BYTES = 256 * 1024;
const MAX_BATCH_ENTRIES = 10;
const MAX_DELAY_SECONDS = 900;
const BATCH_ENTRY_ID = /^[A-Za-z0-9_-]{1,80}$/;
/** Characters SQS accepts in a body (XML 1.0's, as its Query API once required). */
// eslint-disable-next-line no-control-regex
const INVALID_BODY_CHARACTER = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

export interface RunningQueueEngine {
  /** Base URL for `new SQSClient(sdkConfig(engine.endpoint, credentials))`. */
  endpoint: string;
  /** The QueueUrl of a queue the engine serves. */
  urlOf(queue: LocalQueue): string;
  stop(): Promise<void>;
}

class QueueError extends Error {
  constructor(
    readonly type: string,
    /** The Query API's code, which the SDK reads from x-amzn-query-error for compatibility. */
    readonly queryCode: string,
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const invalidParameter = (message: string) => new QueueError('InvalidParameterValue', 'InvalidParameterValue', 400, message);

export async function startQueueEngine(options: {
  credentials: LocalCredentials;
  queues: readonly LocalQueue[];
  host?: string;
  port?: number;
}): Promise<RunningQueueEngine> {
  const host = options.host ?? '127.0.0.1';
  const byName = new Map(options.queues.map((queue) => [queue.arn.split(':')[5]!, queue]));
  const server = createServer((req, res) => void route(req, res));
  keepIdleConnections(server);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const endpoint = `http://${host.includes(':') ? `[${host}]` : host}:${(server.address() as AddressInfo).port}`;
  const urlOf = (queue: LocalQueue) => `${endpoint}/${queue.arn.split(':')[4]}/${queue.arn.split(':')[5]}`;

  const queueOf = (queueUrl: unknown): LocalQueue => {
    const name = typeof queueUrl === 'string' ? queueUrl.split('/').at(-1) : undefined;
    const queue = name === undefined ? undefined : byName.get(name);
    if (!queue) throw new QueueError('QueueDoesNotExist', 'AWS.SimpleQueueService.NonExistentQueue', 400, 'The specified queue does not exist.');
    return queue;
  };

  const sendOne = (queue: LocalQueue, body: unknown, delay: unknown) => {
    if (typeof body !== 'string' || body.length === 0) throw new QueueError('MissingParameter', 'MissingParameter', 400, 'The request must contain the parameter MessageBody.');
    if (Buffer.byteLength(body, 'utf8') > MAX_MESSAGE_BYTES) throw invalidParameter(`One or more parameters are invalid. Reason: Message must be shorter than ${MAX_MESSAGE_BYTES} bytes.`);
    if (INVALID_BODY_CHARACTER.test(body)) throw new QueueError('InvalidMessageContents', 'InvalidMessageContents', 400, 'Invalid characters found.');
    const delaySeconds = delay === undefined ? 0 : Number(delay);
    if (!Number.isInteger(delaySeconds) || delaySeconds < 0 || delaySeconds > MAX_DELAY_SECONDS) {
      throw invalidParameter(`Value ${String(delay)} for parameter DelaySeconds is invalid. Reason: must be between 0 and ${MAX_DELAY_SECONDS}.`);
    }
    return { MessageId: queue.send(body, delaySeconds), MD5OfMessageBody: createHash('md5').update(body, 'utf8').digest('hex') };
  };

  const actions: Record<string, (input: Record<string, unknown>) => unknown> = {
    GetQueueUrl: (input) => ({ QueueUrl: urlOf(queueOf(`/${String(input.QueueName)}`)) }),
    SendMessage: (input) => sendOne(queueOf(input.QueueUrl), input.MessageBody, input.DelaySeconds),
    SendMessageBatch: (input) => {
      const queue = queueOf(input.QueueUrl);
      const entries = Array.isArray(input.Entries) ? (input.Entries as Array<Record<string, unknown>>) : [];
      if (entries.length === 0) throw new QueueError('EmptyBatchRequest', 'AWS.SimpleQueueService.EmptyBatchRequest', 400, 'There should be at least one SendMessageBatchRequestEntry in the request.');
      if (entries.length > MAX_BATCH_ENTRIES) throw new QueueError('TooManyEntriesInBatchRequest', 'AWS.SimpleQueueService.TooManyEntriesInBatchRequest', 400, `Maximum number of entries per request are ${MAX_BATCH_ENTRIES}.`);
      const ids = entries.map((entry) => entry.Id);
      if (ids.some((id) => typeof id !== 'string' || !BATCH_ENTRY_ID.test(id))) throw new QueueError('InvalidBatchEntryId', 'AWS.SimpleQueueService.InvalidBatchEntryId', 400, 'A batch entry id can only contain alphanumeric characters, hyphens and underscores. It can be at most 80 letters long.');
      if (new Set(ids).size !== ids.length) throw new QueueError('BatchEntryIdsNotDistinct', 'AWS.SimpleQueueService.BatchEntryIdsNotDistinct', 400, 'Two or more batch entries in the request have the same Id.');
      const total = entries.reduce((sum, entry) => sum + Buffer.byteLength(String(entry.MessageBody ?? ''), 'utf8'), 0);
      if (total > MAX_MESSAGE_BYTES) throw new QueueError('BatchRequestTooLong', 'AWS.SimpleQueueService.BatchRequestTooLong', 400, `Batch requests cannot be longer than ${MAX_MESSAGE_BYTES} bytes.`);
      const Successful: unknown[] = [];
      const Failed: unknown[] = [];
      for (const entry of entries) {
        try {
          Successful.push({ Id: entry.Id, ...sendOne(queue, entry.MessageBody, entry.DelaySeconds) });
        } catch (error) {
          if (!(error instanceof QueueError)) throw error;
          Failed.push({ Id: entry.Id, SenderFault: true, Code: error.type, Message: error.message });
        }
      }
      return { Successful, Failed };
    },
  };

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    res.setHeader('x-amzn-RequestId', randomUUID());
    try {
      if (req.method === 'GET' && req.url === '/health') return respond(res, 200, 'text/plain', 'ok\n');
      const body = await readTextBody(req, 2 * MAX_MESSAGE_BYTES);
      if (body === undefined) throw invalidParameter('The request is too large.');
      const problem = await sigV4Problem({ method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers, body }, options.credentials, 'sqs');
      if (problem) throw new QueueError(req.headers.authorization ? 'InvalidClientTokenId' : 'MissingAuthenticationToken', 'InvalidClientTokenId', 403, `The request is refused: ${problem}.`);
      const target = String(req.headers['x-amz-target'] ?? '');
      const action = target.startsWith('AmazonSQS.') ? actions[target.slice('AmazonSQS.'.length)] : undefined;
      if (req.method !== 'POST' || !action) throw new QueueError('InvalidAction', 'InvalidAction', 400, `The action ${target || '(none)'} is not valid for this endpoint.`);
      let input: Record<string, unknown>;
      try {
        input = JSON.parse(body || '{}') as Record<string, unknown>;
      } catch {
        throw new QueueError('SerializationException', 'SerializationException', 400, 'The request body is not JSON.');
      }
      respond(res, 200, 'application/x-amz-json-1.0', JSON.stringify(action(input)));
    } catch (error) {
      const failure = error instanceof QueueError ? error : new QueueError('InternalError', 'InternalError', 500, (error as Error).message);
      res.setHeader('x-amzn-query-error', `${failure.queryCode};${failure.status < 500 ? 'Sender' : 'Receiver'}`);
      respond(res, failure.status, 'application/x-amz-json-1.0', JSON.stringify({ __type: `com.amazonaws.sqs#${failure.type}`, message: failure.message }));
    }
  }

  return {
    endpoint,
    urlOf,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
