// The whole pipeline on one machine: DynamoDB Local, the API handlers behind a stand-in
// for API Gateway, and (as they land) the stream consumers, SNS and the feed store.
import { createServer, type Server } from 'node:http';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { handlerEntry, type FunctionName } from '../lambdas/routes.ts';
import { errorBody, json } from '../lambdas/http/response.ts';
import { documentClient } from '../lambdas/adapters/dynamodb-client.ts';
import { ENTITY, keys } from '../lambdas/adapters/table-layout.ts';
import { putToken } from '../lambdas/adapters/token-repository.ts';
import { startDynamoDbLocal, type DynamoDbLocal } from './dynamodb-local.ts';
import { ensureTable, localDynamoClient } from './table.ts';
import { seedOfficials } from './seed-officials.ts';
import { lambdaContext, matchRoute, readBody, toEvent, writeResult, type LambdaHandler } from './api-gateway.ts';

export interface RuntimeOptions {
  host?: string;
  port?: number;
  /** Keep data here (DynamoDB Local's files under dynamodb/); in memory when absent. */
  dataDir?: string;
  /** Use an already running DynamoDB (tests) instead of starting one. */
  dynamoEndpoint?: string;
  tableName?: string;
  pressToken?: string;
  adminToken?: string;
  log?: (line: string) => void;
}

export interface Runtime {
  url: string;
  tableName: string;
  dynamoEndpoint: string;
  /** The tokens made at this start; absent when they were made at an earlier start. */
  tokens: { press?: string; admin?: string };
  /** The engines this runtime started itself (absent when it was given an endpoint). */
  engines: { dynamodb?: DynamoDbLocal };
  stop(): Promise<void>;
}

export async function startRuntime(options: RuntimeOptions = {}): Promise<Runtime> {
  const log = options.log ?? ((line: string) => console.log(line));
  const tableName = options.tableName ?? 'pressroom';
  const stops: Array<() => Promise<void>> = [];
  const stop = async () => {
    for (const fn of stops.reverse()) await fn().catch(() => undefined);
  };
  try {
    let dynamo: DynamoDbLocal | undefined;
    if (!options.dynamoEndpoint) {
      dynamo = await startDynamoDbLocal(options.dataDir ? { dbPath: join(options.dataDir, 'dynamodb') } : {});
      stops.push(() => dynamo!.stop());
    }
    const dynamoEndpoint = options.dynamoEndpoint ?? dynamo!.endpoint;
    // The handlers read their configuration from the environment, as in Lambda.
    process.env.TABLE_NAME = tableName;
    process.env.DYNAMODB_ENDPOINT = dynamoEndpoint;
    const admin = localDynamoClient(dynamoEndpoint);
    stops.push(async () => admin.destroy());
    await ensureTable(admin, tableName);
    await seedMissingOfficials(tableName);
    const tokens = await provisionTokens(options);

    const handlers = await loadHandlers();
    const server = createServer((req, res) => {
      void serve(req, res).catch((error) => {
        log(`request failed: ${(error as Error).stack ?? error}`);
        if (!res.headersSent) writeResult(res, json(500, errorBody('internal_error', 'The local runtime failed.')));
        else res.destroy();
      });
    });
    const serve = async (req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const method = req.method ?? 'GET';
      if (url.pathname === '/health' && (method === 'GET' || method === 'HEAD')) {
        const healthy = await admin.send(new DescribeTableCommand({ TableName: tableName })).then(
          () => true,
          () => false,
        );
        writeResult(res, json(healthy ? 200 : 503, { status: healthy ? 'ok' : 'unavailable', dynamodb: healthy ? 'up' : 'down' }));
        return;
      }
      const matched = matchRoute(method, url.pathname);
      if (!matched) {
        await readBody(req);
        writeResult(res, json(404, errorBody('not_found', `No route ${method} ${url.pathname}.`)));
        return;
      }
      const body = await readBody(req);
      if (body === 'too large') {
        writeResult(res, json(413, errorBody('payload_too_large', 'The request is larger than 10 MB.')));
        return;
      }
      const handler = handlers[matched.route.function];
      const result = await handler(toEvent(req, url, body, matched), lambdaContext(`pressroom-${matched.route.function}`));
      writeResult(res, result);
    };
    const url = await listen(server, options.host ?? '127.0.0.1', options.port ?? 3000);
    stops.push(() => close(server));
    log(`Pressroom is running at ${url}`);
    log(`  API:      ${url}/v1/releases  (OpenAPI: ${url}/v1/openapi.json)`);
    log(`  health:   ${url}/health`);
    log(`  dynamodb: ${dynamoEndpoint}${dynamo ? ` (DynamoDB Local, pid ${dynamo.pid})` : ''}`);
    return { url, tableName, dynamoEndpoint, tokens, engines: { ...(dynamo ? { dynamodb: dynamo } : {}) }, stop };
  } catch (error) {
    await stop();
    throw error;
  }

  async function provisionTokens(opts: RuntimeOptions): Promise<Runtime['tokens']> {
    const made: Runtime['tokens'] = {};
    const marker = opts.dataDir ? join(opts.dataDir, 'tokens-issued') : undefined;
    const generate = !(marker && existsSync(marker));
    for (const scope of ['press', 'admin'] as const) {
      const given = scope === 'press' ? opts.pressToken : opts.adminToken;
      const token = given ?? (generate ? `prs_${scope}_${randomBytes(24).toString('base64url')}` : undefined);
      if (!token) continue;
      await putToken(token, scope, given ? `local ${scope} (from environment)` : `local ${scope} (generated)`);
      made[scope] = token;
    }
    if (marker && generate) {
      mkdirSync(opts.dataDir!, { recursive: true });
      writeFileSync(marker, 'Generated tokens were printed at the first start; only their hashes are kept.\n');
    }
    return made;
  }
}

async function seedMissingOfficials(tableName: string): Promise<void> {
  for (const official of seedOfficials) {
    await documentClient()
      .send(
        new PutCommand({
          TableName: tableName,
          Item: { ...keys.official(official.slug), entity: ENTITY.official, ...official },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      )
      .catch((error: Error) => {
        // Already there, perhaps edited through the API: leave it alone.
        if (error.name !== 'ConditionalCheckFailedException') throw error;
      });
  }
}

async function loadHandlers(): Promise<Record<FunctionName, LambdaHandler>> {
  const names: FunctionName[] = ['releases', 'officials', 'openapi'];
  const entries = await Promise.all(
    names.map(async (name) => {
      const module = (await import(new URL(`../${handlerEntry(name)}`, import.meta.url).href)) as { handler: LambdaHandler };
      return [name, module.handler] as const;
    }),
  );
  return Object.fromEntries(entries) as Record<FunctionName, LambdaHandler>;
}

function listen(server: Server, host: string, port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const address = server.address();
      const actual = typeof address === 'object' && address ? address.port : port;
      const shownHost = host.includes(':') ? `[${host}]` : host;
      resolve(`http://${shownHost}:${actual}`);
    });
  });
}

function close(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
