// The whole pipeline on one machine: DynamoDB Local and its stream, the local SNS engine,
// the local S3 engine and the feeds read from it, the API handlers behind a stand-in for
// API Gateway, and the stream consumers fed by a stand-in for Lambda's event source mapping.
// The handlers are the modules Lambda runs.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { CreateTopicCommand, ListSubscriptionsByTopicCommand, SetSubscriptionAttributesCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import {
  alertQueueFunctions,
  alertScheduledFunctions,
  handlerEntry,
  matchPageRoute,
  pageFunctions,
  routeKey,
  routes,
  streamConsumers,
  type AlertQueueFunctionName,
  type AlertScheduledFunctionName,
  type AnyFunctionName,
  type FunctionName,
  type PageFunctionName,
  type StreamFunctionName,
} from '../lambdas/routes.ts';
import { errorBody, json } from '../lambdas/http/response.ts';
import { createAdapterContext, type AdapterContext } from '../lambdas/adapters/adapter-context.ts';
import { sdkConfig } from '../lambdas/adapters/sdk-client.ts';
import { environmentOf, type AdapterSettings, type LocalCredentials } from '../lambdas/adapters/settings.ts';
import { lambdaBundles } from './lambda-bundles.ts';
import { localAlertKey, localCredentials } from './credentials.ts';
import { startDynamoDbLocal, type DynamoDbLocal } from './dynamodb-local.ts';
import { ensureSubscriberTable, ensureTable, localDynamoClient } from './table.ts';
import { provisionTokens, seedMissingOfficials } from './provision.ts';
import { lambdaContext, matchRoute, readBody, toEvent, writeResult, type LambdaHandler } from './api-gateway.ts';
import { startSnsEngine, type RunningSnsEngine } from './sns/server.ts';
import { LocalQueue } from './queues/local-queue.ts';
import type { HttpDeliveryOptions } from './sns/http-delivery.ts';
import { startStreamPoller, type StreamHandler, type StreamPoller } from './stream-poller.ts';
import { startS3Engine, type RunningS3Engine } from './s3-engine.ts';
import { startSchedulerEngine, type RunningSchedulerEngine } from './scheduler/server.ts';
import type { PublishDueEvent } from '../lambdas/publish-due/handler.ts';
import type { S3Event, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { UPLOAD_PREFIX } from '../lambdas/core/media-keys.ts';
import { createFeedServer, isFeedPath } from './feed-server.ts';
import { rebuildAllFeeds } from '../lambdas/feeds/handler.ts';
import { rebuildPublishedPages } from '../lambdas/feeds/render-pages.ts';
import { rebuildSitemaps } from '../lambdas/feeds/render-sitemaps.ts';
import { feedFilePaths } from '../lambdas/core/feeds/index.ts';
import { parseFeedKey } from '../lambdas/core/feed-keys.ts';
import { listFeedRegistrations } from '../lambdas/adapters/feed-registry-repository.ts';
import { readSiteConfigFile } from '../lib/site-config-file.ts';
import { keepIdleConnections } from './idle-connections.ts';
import { startSesEngine, type RunningSesEngine } from './ses/ses-engine.ts';
import { startQueueEngine, type RunningQueueEngine } from './queues/server.ts';
import { ALERT_EVENTS_FILTER_POLICY } from '../lambdas/core/alerts/alert-kind.ts';
import { JOBS_PER_BATCH } from '../lambdas/core/alerts/send-pace.ts';
import { nextDigestAt } from '../lambdas/core/alerts/digest-time.ts';
import type { DigestRunEvent } from '../lambdas/alert-digest/handler.ts';

export interface RuntimeOptions {
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** Keep data here (DynamoDB Local's files, SNS state, stream positions); in memory when absent. */
  dataDir?: string;
  /** Use an already running DynamoDB (tests) instead of starting one. */
  dynamoEndpoint?: string;
  /**
   * What the engines take orders with; by default the data folder's pair (made at its first
   * start), or a fresh one in memory. Tests on a shared DynamoDB Local pass that engine's pair.
   */
  credentials?: LocalCredentials;
  tableName?: string;
  pressToken?: string;
  adminToken?: string;
  /** The URL feeds and links are published under; defaults to this runtime's own URL. */
  publicBaseUrl?: string;
  /** The site configuration file; PRESSROOM_CONFIG or pressroom.config.json when absent. */
  siteConfigFile?: string;
  /**
   * Retry schedule and timeouts of webhook deliveries (tests shorten them): `retry` for
   * subscriptions without a DeliveryPolicy, `timeScale` to run a subscription's own policy faster.
   */
  delivery?: HttpDeliveryOptions;
  /**
   * The scheduler engine's first retry back-off (doubling) and how often due releases are
   * swept for, as the minute schedule does in AWS (tests shorten them).
   */
  scheduling?: { retryBaseMs?: number; sweepMs?: number };
  /**
   * How the stand-in for Lambda's event source mapping hands the stream over: `parallelization`
   * as Lambda's ParallelizationFactor (concurrent batches per shard, split by partition key).
   * 1 by default, as the CDK stack deploys it; tests raise it to make consumers race.
   */
  streams?: { parallelization?: number };
  /** First retry back-off of an upload's object-created notification (tests shorten it). */
  uploads?: { retryBaseMs?: number };
  /**
   * E-mail alerts' sending rate (mails a second; SES's usual starting rate by default) and the
   * first back-off of a failed queue message (tests shorten it).
   */
  alerts?: { sendRate?: number; retryBaseMs?: number };
  /**
   * Run the bundles `cdk synth` wrote to this cdk.out folder instead of the TypeScript
   * handlers (PRESSROOM_HANDLER_BUNDLES): exactly the code Lambda runs. They read their
   * settings from the environment as in Lambda, so such a runtime must be alone in its process.
   */
  handlerBundles?: string;
  log?: (line: string) => void;
}

export interface Runtime {
  url: string;
  /** What this runtime's handlers are given instead of Lambda's environment. */
  settings: AdapterSettings;
  /** The module each function's handler was loaded from: a TypeScript source or a deployed bundle. */
  handlerModules: Record<AnyFunctionName, string>;
  /** This runtime's adapter context: `runtime.adapters.run(() => …)` calls adapters or handlers on its data. */
  adapters: AdapterContext;
  tableName: string;
  dynamoEndpoint: string;
  topicArn: string;
  /** The tokens made at this start; absent when they were made at an earlier start. */
  tokens: { press?: string; admin?: string };
  /**
   * The engines. `deadLetters` is the queue at `deliveryDeadLetterArn`: the SNS engine puts
   * into it the notifications of subscriptions whose RedrivePolicy names it once their delivery
   * gives up; `deadLetters.consume(handler)` hands them on as SQS events.
   */
  engines: {
    dynamodb?: DynamoDbLocal;
    sns: RunningSnsEngine;
    s3: RunningS3Engine;
    scheduler: RunningSchedulerEngine;
    deadLetters: LocalQueue;
    /** The SES v2 engine; its page lists every mail sent. */
    ses: RunningSesEngine;
    /** The SQS API the functions send to, in front of the queues below. */
    queues: RunningQueueEngine;
    /** The releases topic's mailed events (a raw SQS subscription), which alert-fanout consumes. */
    alertEvents: LocalQueue;
    /** The mail jobs alert-fanout makes, which alert-mail sends. */
    alertMails: LocalQueue;
  };
  /** The SQS ARN a subscription's RedrivePolicy names to dead-letter into `engines.deadLetters`. */
  deliveryDeadLetterArn: string;
  /** Publishes what is due now (the sweep the runtime also runs at start and every sweepMs). */
  sweepDue(): Promise<number>;
  /**
   * Queues the daily digest due at `due` (the latest one by default), as the runtime does at
   * start and at each digest time; `settled()` then waits for its mails. 0 without alerts.
   */
  sendDigests(due?: Date): Promise<number>;
  pollers: Record<StreamFunctionName, StreamPoller>;
  /** Resolves when every stream consumer has caught up with what was written so far. */
  settled(): Promise<void>;
  stop(): Promise<void>;
}

const TOPIC_NAME = 'pressroom-releases';
const FEEDS_BUCKET = 'pressroom-feeds';
const UPLOADS_BUCKET = 'pressroom-uploads';
/** What the settings name the publish-due function and its schedules by, as the CDK app does in AWS. */
const LOCAL_SCHEDULES = {
  group: 'pressroom',
  targetArn: 'arn:aws:lambda:us-east-1:000000000000:function:pressroom-publish-due',
  roleArn: 'arn:aws:iam::000000000000:role/pressroom-scheduler',
  deadLetterArn: 'arn:aws:sqs:us-east-1:000000000000:pressroom-schedule-dead-letters',
} as const;
/** The queue partner deliveries that give up are dead-lettered into (RedrivePolicy), as the CDK app's queue in AWS. */
const LOCAL_DELIVERY_DEAD_LETTERS_ARN = 'arn:aws:sqs:us-east-1:000000000000:pressroom-delivery-dead-letters';
const SWEEP_MS = 60_000;
/** The SES configuration set alerts are sent under, as the CDK app's in AWS (the local engine keeps its name only). */
const LOCAL_ALERT_CONFIGURATION_SET = 'pressroom-alerts';
const LOCAL_ALERT_EVENTS_ARN = 'arn:aws:sqs:us-east-1:000000000000:pressroom-alert-events';
const LOCAL_ALERT_MAILS_ARN = 'arn:aws:sqs:us-east-1:000000000000:pressroom-alert-mails';
/** SES's sending rate for an account out of the sandbox, until AWS raises it. */
const DEFAULT_SEND_RATE = 14;

export async function startRuntime(options: RuntimeOptions = {}): Promise<Runtime> {
  const log = options.log ?? ((line: string) => console.log(line));
  const tableName = options.tableName ?? 'pressroom';
  const host = options.host ?? '127.0.0.1';
  // Read and checked before any engine starts: a bad file stops here, naming the key.
  const site = readSiteConfigFile(options.siteConfigFile);
  // The API listens before any engine starts: a port of our choosing is then ours (a port only
  // looked up as free can be taken by the engines or another process meanwhile), and a port
  // in use fails before Java is launched. Until everything is up it answers 503.
  let serve = async (req: IncomingMessage, res: ServerResponse) => {
    await readBody(req);
    writeResult(res, json(503, errorBody('service_unavailable', 'Pressroom is starting; retry in a moment.')));
  };
  const server = createServer((req, res) => {
    void serve(req, res).catch((error) => {
      log(`request failed: ${(error as Error).stack ?? error}`);
      if (!res.headersSent) writeResult(res, json(500, errorBody('internal_error', 'The local runtime failed.')));
      else res.destroy();
    });
  });
  keepIdleConnections(server);
  const stops: Array<() => Promise<void>> = [];
  const stop = async () => {
    if (server.listening) await close(server);
    for (const fn of stops.splice(0).reverse()) await fn().catch(() => undefined);
  };
  try {
    await listen(server, host, options.port ?? 3000);
    const port = (server.address() as AddressInfo).port;
    const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
    const publicUrl = options.publicBaseUrl ?? (host === '0.0.0.0' || host === '::' ? `http://127.0.0.1:${port}` : url);

    const credentials = options.credentials ?? localCredentials(options.dataDir);
    let dynamo: DynamoDbLocal | undefined;
    if (!options.dynamoEndpoint) {
      // Supervised: a stale engine of this data folder is stopped first, and a crash is restarted.
      dynamo = await startDynamoDbLocal({ ...(options.dataDir ? { dbPath: join(options.dataDir, 'dynamodb') } : {}), credentials, log });
      stops.push(() => dynamo!.stop());
    }
    const dynamoEndpoint = options.dynamoEndpoint ?? dynamo!.endpoint;
    // Stopped after the SNS engine (stops run in reverse), so no dead letter arrives at a stopped queue.
    const deadLetters = new LocalQueue({
      arn: LOCAL_DELIVERY_DEAD_LETTERS_ARN,
      ...(options.dataDir ? { file: join(options.dataDir, 'queues', 'delivery-dead-letters.json') } : {}),
      log,
    });
    stops.push(() => deadLetters.close());
    // In batches as the CDK app's event sources take them: an event at a time, ten mail jobs at a time.
    const alertQueue = (arn: string, file: string, batchSize: number) =>
      new LocalQueue({
        arn,
        batchSize,
        ...(options.dataDir ? { file: join(options.dataDir, 'queues', file) } : {}),
        ...(options.alerts?.retryBaseMs ? { retryBaseMs: options.alerts.retryBaseMs } : {}),
        log,
      });
    const alertEvents = alertQueue(LOCAL_ALERT_EVENTS_ARN, 'alert-events.json', 1);
    const alertMails = alertQueue(LOCAL_ALERT_MAILS_ARN, 'alert-mails.json', JOBS_PER_BATCH);
    stops.push(() => alertEvents.close(), () => alertMails.close());
    const queues = await startQueueEngine({ credentials, queues: [deadLetters, alertEvents, alertMails] });
    stops.push(() => queues.stop());
    const sns = await startSnsEngine({
      ...(options.dataDir ? { dataDir: join(options.dataDir, 'sns') } : {}),
      delivery: { ...options.delivery, deadLetterQueues: [...(options.delivery?.deadLetterQueues ?? []), deadLetters, alertEvents], log },
      credentials,
    });
    stops.push(() => sns.stop());
    // The engine may fire schedules that fell due while Pressroom was stopped as soon as it
    // starts: they wait here until the publish-due handler is loaded.
    type PublishDue = (event: PublishDueEvent) => Promise<{ published: number }>;
    let publishDueLoaded!: (handler: PublishDue) => void;
    const publishDue = new Promise<PublishDue>((resolve) => {
      publishDueLoaded = resolve;
    });
    const scheduler = await startSchedulerEngine({
      credentials,
      ...(options.dataDir ? { dataDir: join(options.dataDir, 'scheduler') } : {}),
      ...(options.scheduling?.retryBaseMs ? { retryBaseMs: options.scheduling.retryBaseMs } : {}),
      invoke: async (targetArn, input) => {
        if (targetArn !== LOCAL_SCHEDULES.targetArn) throw new Error(`no function ${targetArn} on this machine`);
        await (await publishDue)(JSON.parse(input) as PublishDueEvent);
      },
      log,
    });
    stops.push(() => scheduler.stop());
    // As with schedules, uploads that arrived while Pressroom was stopped are notified as soon
    // as the engine starts: they wait here until the process-media handler is loaded.
    type ProcessMedia = (event: S3Event) => Promise<void>;
    let processMediaLoaded!: (handler: ProcessMedia) => void;
    const processMedia = new Promise<ProcessMedia>((resolve) => {
      processMediaLoaded = resolve;
    });
    // The feeds are rebuilt from the table below, before the pollers start; uploads, their
    // renditions and public media are kept in the data folder.
    const s3 = await startS3Engine({
      bucket: FEEDS_BUCKET,
      credentials,
      ...(options.dataDir ? { dataDir: join(options.dataDir, 'objects') } : {}),
      uploads: {
        bucket: UPLOADS_BUCKET,
        prefix: UPLOAD_PREFIX,
        onObjectCreated: async (event) => (await processMedia)(event),
        ...(options.uploads?.retryBaseMs ? { retryBaseMs: options.uploads.retryBaseMs } : {}),
      },
      log,
    });
    stops.push(() => s3.stop());

    const ses = await startSesEngine();
    stops.push(() => ses.stop());

    const admin = localDynamoClient(dynamoEndpoint, credentials);
    stops.push(async () => admin.destroy());
    const streamArn = await ensureTable(admin, tableName);
    const subscribersTable = `${tableName}-subscribers`;
    await ensureSubscriberTable(admin, subscribersTable);
    const topicArn = await createTopic(sns.endpoint, credentials);
    if (site.config.alerts) await subscribeAlertEvents(sns.endpoint, credentials, topicArn);

    // What Lambda's environment gives each function, for this runtime alone: its handlers run
    // inside this context, so a second runtime in the process has its own.
    const settings: AdapterSettings = {
      tableName,
      topicArn,
      feedsBucket: s3.bucket,
      uploadsBucket: UPLOADS_BUCKET,
      publicBaseUrl: publicUrl,
      apiBaseUrl: publicUrl,
      endpointPolicy: 'local',
      siteConfig: site.json,
      schedules: LOCAL_SCHEDULES,
      deliveryDeadLetterArn: LOCAL_DELIVERY_DEAD_LETTERS_ARN,
      ...(site.config.alerts
        ? {
            alerts: {
              subscribersTable,
              key: localAlertKey(options.dataDir),
              from: site.config.alerts.sender,
              configurationSet: LOCAL_ALERT_CONFIGURATION_SET,
              mailQueueUrl: queues.urlOf(alertMails),
              // One sender consumes the mail queue here: it has the whole rate.
              sendRate: options.alerts?.sendRate ?? DEFAULT_SEND_RATE,
            },
          }
        : {}),
      endpoints: { dynamodb: dynamoEndpoint, sns: sns.endpoint, s3: s3.endpoint, scheduler: scheduler.endpoint, ses: ses.endpoint, sqs: queues.endpoint },
      localCredentials: credentials,
    };
    const adapters = createAdapterContext(settings);
    stops.push(async () => adapters.destroy());
    const { tokens, rebuilt, pagesFailed, sitemapsFailed } = await adapters.run(async () => {
      await seedMissingOfficials();
      const tokens = await provisionTokens({
        given: { ...(options.pressToken ? { press: options.pressToken } : {}), ...(options.adminToken ? { admin: options.adminToken } : {}) },
        ...(options.dataDir ? { dataDir: options.dataDir } : {}),
      });
      const rebuilt = await rebuildAllFeeds();
      const pagesFailed = await rebuildPublishedPages();
      return { tokens, rebuilt, pagesFailed, sitemapsFailed: await rebuildSitemaps() };
    });
    // A feed that cannot be written must not keep the rest of Pressroom from starting: it is
    // missing (404) until the next change to it writes it, as in AWS.
    if (rebuilt.failed.size > 0) log(`  warning: ${rebuilt.failed.size} feed(s) could not be rebuilt: ${[...rebuilt.failed].join(', ')}`);
    if (pagesFailed.size > 0) log(`  warning: ${pagesFailed.size} release page(s) could not be rebuilt: ${[...pagesFailed].join(', ')}`);
    if (sitemapsFailed.size > 0) log(`  warning: the sitemaps of ${sitemapsFailed.size} day(s) could not be rebuilt: ${[...sitemapsFailed].join(', ')}`);
    const feeds = createFeedServer({
      client: s3.client,
      bucket: s3.bucket,
      knownPaths: () => adapters.run(async () => feedFilePaths((await listFeedRegistrations()).map((r) => parseFeedKey(r.key)), site.config.languages)),
    });

    const bundlesDir = options.handlerBundles ?? process.env.PRESSROOM_HANDLER_BUNDLES;
    const bundles = bundlesDir ? lambdaBundles(bundlesDir) : undefined;
    // A bundle carries its own copy of the adapters, which reads Lambda's environment.
    if (bundles) Object.assign(process.env, environmentOf(settings));
    const handlerModules = {} as Record<AnyFunctionName, string>;
    const moduleOf = (name: AnyFunctionName) => {
      const path = bundles ? bundles.get(name) : fileURLToPath(moduleUrl(name));
      if (!path) throw new Error(`${bundlesDir} has no bundle of the ${name} function`);
      handlerModules[name] = path;
      return pathToFileURL(path).href;
    };
    const http = await loadHandlers<FunctionName, LambdaHandler>(adapters, [...new Set(routes.map((route) => route.function))], moduleOf);
    const pages = await loadHandlers<PageFunctionName, LambdaHandler>(adapters, [...pageFunctions], moduleOf);
    const consumers = await loadHandlers<StreamFunctionName, StreamHandler>(adapters, [...streamConsumers], moduleOf);
    const scheduled = await loadHandlers<'publish-due', PublishDue>(adapters, ['publish-due'], moduleOf);
    publishDueLoaded(scheduled['publish-due']);
    const onUpload = await loadHandlers<'process-media', ProcessMedia>(adapters, ['process-media'], moduleOf);
    processMediaLoaded(onUpload['process-media']);
    // As Lambda's SQS event source feeds the recorder in AWS: batches of dead letters, a failed one handed back.
    type RecordDeadLetters = (event: SQSEvent) => Promise<SQSBatchResponse>;
    const recorder = await loadHandlers<'delivery-failures', RecordDeadLetters>(adapters, ['delivery-failures'], moduleOf);
    deadLetters.consume(recorder['delivery-failures']);
    let sendDigests = async (_due?: Date) => 0;
    const alerts = site.config.alerts;
    if (alerts) {
      type ConsumeQueue = (event: SQSEvent) => Promise<SQSBatchResponse>;
      const mailers = await loadHandlers<AlertQueueFunctionName, ConsumeQueue>(adapters, [...alertQueueFunctions], moduleOf);
      alertEvents.consume(mailers['alert-fanout']);
      alertMails.consume(mailers['alert-mail']);
      type DigestRun = (event: DigestRunEvent) => Promise<{ recipients: number }>;
      const digest = (await loadHandlers<AlertScheduledFunctionName, DigestRun>(adapters, [...alertScheduledFunctions], moduleOf))['alert-digest'];
      // One run at a time, as the stack's reserved concurrency of one has it.
      let runs: Promise<unknown> = Promise.resolve();
      sendDigests = (due?: Date) => {
        const run = runs.then(async () => (await digest(due ? { due: due.toISOString() } : {})).recipients);
        runs = run.catch(() => undefined);
        return run;
      };
      // As the daily schedule does in AWS; at start, the digest that fell due while Pressroom was stopped (a digest already sent is not sent again).
      let timer: NodeJS.Timeout | undefined;
      let stopped = false;
      const atNextDigest = () => {
        if (stopped) return;
        const wait = Math.min(nextDigestAt(alerts.digestTime, site.config.timeZone, new Date()).getTime() - Date.now(), 2 ** 31 - 1);
        timer = setTimeout(() => {
          sendDigests().catch((error: unknown) => log(`the daily digest failed (tried again at the next start): ${(error as Error).message}`)).finally(atNextDigest);
        }, wait);
        timer.unref();
      };
      await sendDigests().catch((error: unknown) => log(`  warning: the last daily digest could not be queued yet: ${(error as Error).message}`));
      atNextDigest();
      stops.push(async () => {
        stopped = true;
        clearTimeout(timer);
      });
    }
    const sweepDue = async () => (await scheduled['publish-due']({ sweep: true })).published;
    // What fell due while Pressroom was stopped is made public first; if the table cannot be
    // read yet, the next sweep does it.
    await sweepDue().then(
      (caughtUp) => caughtUp > 0 && log(`  published ${caughtUp} release(s) that fell due while Pressroom was stopped`),
      (error: unknown) => log(`  warning: due releases could not be published yet: ${(error as Error).message}`),
    );
    const sweeper = setInterval(() => {
      sweepDue().catch((error: unknown) => log(`sweep for due releases failed (retried at the next): ${(error as Error).message}`));
    }, options.scheduling?.sweepMs ?? SWEEP_MS);
    sweeper.unref();
    stops.push(async () => clearInterval(sweeper));
    const pollers = {} as Record<StreamFunctionName, StreamPoller>;
    for (const [name, handler] of Object.entries(consumers) as Array<[StreamFunctionName, StreamHandler]>) {
      pollers[name] = startStreamPoller({
        name,
        endpoint: dynamoEndpoint,
        credentials,
        streamArn,
        // The feeds function is what registers feeds: after each of its batches the feed
        // server reads the known files again.
        handler: name === 'feeds' ? (event) => Promise.resolve(handler(event)).finally(() => feeds.knownPathsChanged()) : handler,
        ...(options.dataDir ? { checkpointFile: join(options.dataDir, `stream-${name}.json`) } : {}),
        ...(options.streams?.parallelization ? { parallelization: options.streams.parallelization } : {}),
        log,
      });
      stops.push(() => pollers[name].stop());
    }

    serve = async (req: IncomingMessage, res: ServerResponse) => {
      const requestUrl = new URL(req.url ?? '/', 'http://localhost');
      const method = req.method ?? 'GET';
      if (requestUrl.pathname === '/health' && (method === 'GET' || method === 'HEAD')) {
        const engines = {
          dynamodb: await admin.send(new DescribeTableCommand({ TableName: tableName })).then(() => 'up', () => 'down'),
          sns: await fetch(`${sns.endpoint}/health`).then((r) => (r.ok ? 'up' : 'down'), () => 'down'),
          s3: (await s3.healthy()) ? 'up' : 'down',
          scheduler: await fetch(`${scheduler.endpoint}/health`).then((r) => (r.ok ? 'up' : 'down'), () => 'down'),
          ses: await fetch(`${ses.endpoint}/health-check`).then((r) => (r.ok ? 'up' : 'down'), () => 'down'),
          sqs: await fetch(`${queues.endpoint}/health`).then((r) => (r.ok ? 'up' : 'down'), () => 'down'),
        };
        const healthy = Object.values(engines).every((state) => state === 'up');
        writeResult(res, json(healthy ? 200 : 503, { status: healthy ? 'ok' : 'unavailable', ...engines }));
        return;
      }
      // Before API routing: in AWS, CloudFront sends /feeds/* to the bucket, not to API Gateway.
      if (isFeedPath(requestUrl.pathname)) {
        await feeds(req, res, requestUrl.pathname);
        return;
      }
      // The site's pages a function answers (in AWS, CloudFront sends them to the HTTP API).
      const pageRoute = matchPageRoute(method, requestUrl.pathname);
      if (pageRoute) {
        const body = await readBody(req);
        if (body === 'too large') {
          writeResult(res, json(413, errorBody('payload_too_large', 'The request is larger than 10 MB.')));
          return;
        }
        const event = toEvent(req, requestUrl, body, { route: { key: routeKey(pageRoute) }, pathParameters: {} });
        writeResult(res, await pages[pageRoute.function](event, lambdaContext(`pressroom-${pageRoute.function}`)));
        return;
      }
      const matched = matchRoute(method, requestUrl.pathname);
      if (!matched) {
        await readBody(req);
        writeResult(res, json(404, errorBody('not_found', `No route ${method} ${requestUrl.pathname}.`)));
        return;
      }
      const body = await readBody(req);
      if (body === 'too large') {
        writeResult(res, json(413, errorBody('payload_too_large', 'The request is larger than 10 MB.')));
        return;
      }
      const handler = http[matched.route.function];
      const result = await handler(toEvent(req, requestUrl, body, matched), lambdaContext(`pressroom-${matched.route.function}`));
      writeResult(res, result);
    };
    log(`Pressroom is running at ${url}`);
    log(`  API:      ${url}/v1/releases  (OpenAPI: ${url}/v1/openapi.json)`);
    log(`  health:   ${url}/health`);
    log(`  dynamodb: ${dynamoEndpoint}${dynamo ? ` (DynamoDB Local, pid ${dynamo.pid})` : ''}`);
    log(`  sns:      ${sns.endpoint} (topic ${topicArn})`);
    log(`  schedule: ${scheduler.endpoint} (one-time schedules of scheduled releases)`);
    log(`  dead letters: ${LOCAL_DELIVERY_DEAD_LETTERS_ARN} (${deadLetters.messages().length} waiting${options.dataDir ? ', kept in the data folder' : ', in memory'})`);
    log(`  mail:     ${ses.endpoint}/  (every e-mail sent, as the local SES engine accepted it; kept in memory${alerts ? `; daily digests at ${alerts.digestTime} ${site.config.timeZone}` : ''})`);
    log(`  queues:   ${queues.endpoint} (SQS: alert events and mail jobs${options.dataDir ? ', kept in the data folder' : ', in memory'})`);
    log(`  site:     ${site.config.institution.name[site.config.defaultLanguage]} (${site.path})`);
    log(`  feeds:    ${url}/feeds/  (object store ${s3.endpoint}, bucket ${s3.bucket}: ${rebuilt.rendered} feeds rebuilt from the table)`);
    log(`  media:    ${url}/media/  (public photos and downloads; uploads in bucket ${UPLOADS_BUCKET}${options.dataDir ? ', kept in the data folder' : ', in memory'})`);
    return {
      url,
      settings,
      handlerModules,
      adapters,
      tableName,
      dynamoEndpoint,
      topicArn,
      tokens,
      engines: { ...(dynamo ? { dynamodb: dynamo } : {}), sns, s3, scheduler, deadLetters, ses, queues, alertEvents, alertMails },
      deliveryDeadLetterArn: LOCAL_DELIVERY_DEAD_LETTERS_ARN,
      sweepDue,
      sendDigests,
      pollers,
      settled: async () => {
        await Promise.all(Object.values(pollers).map((poller) => poller.drained()));
        // What the stream's consumers published is in the alert events queue by now.
        await alertEvents.idle();
        await alertMails.idle();
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }

}

async function createTopic(endpoint: string, credentials: LocalCredentials): Promise<string> {
  const client = new SNSClient(sdkConfig(endpoint, credentials));
  try {
    const { TopicArn } = await client.send(new CreateTopicCommand({ Name: TOPIC_NAME }));
    if (!TopicArn) throw new Error('the SNS engine returned no topic ARN');
    return TopicArn;
  } finally {
    client.destroy();
  }
}

/**
 * The alert events queue takes the topic's mailed events, raw: the body is the event. A data
 * folder's subscription from an earlier start gets today's filter policy, as a deployment
 * updates the stack's.
 */
async function subscribeAlertEvents(endpoint: string, credentials: LocalCredentials, topicArn: string): Promise<void> {
  const client = new SNSClient(sdkConfig(endpoint, credentials));
  const attributes = { RawMessageDelivery: 'true', FilterPolicy: JSON.stringify(ALERT_EVENTS_FILTER_POLICY) };
  try {
    const { Subscriptions } = await client.send(new ListSubscriptionsByTopicCommand({ TopicArn: topicArn }));
    const existing = Subscriptions?.find((subscription) => subscription.Protocol === 'sqs' && subscription.Endpoint === LOCAL_ALERT_EVENTS_ARN);
    if (!existing?.SubscriptionArn) {
      await client.send(new SubscribeCommand({ TopicArn: topicArn, Protocol: 'sqs', Endpoint: LOCAL_ALERT_EVENTS_ARN, Attributes: attributes, ReturnSubscriptionArn: true }));
      return;
    }
    for (const [AttributeName, AttributeValue] of Object.entries(attributes)) {
      await client.send(new SetSubscriptionAttributesCommand({ SubscriptionArn: existing.SubscriptionArn, AttributeName, AttributeValue }));
    }
  } finally {
    client.destroy();
  }
}

const moduleUrl = (name: AnyFunctionName) => new URL(`../${handlerEntry(name)}`, import.meta.url);

/** Each function's exported `handler` (what Lambda calls), invoked inside this runtime's adapter context. */
async function loadHandlers<N extends AnyFunctionName, H extends (...args: never[]) => unknown>(
  adapters: AdapterContext,
  names: N[],
  moduleOf: (name: N) => string,
): Promise<Record<N, H>> {
  const entries = await Promise.all(
    names.map(async (name) => {
      const { handler } = (await import(moduleOf(name))) as { handler: H };
      return [name, ((...args: Parameters<H>) => adapters.invoke(name, () => handler(...args))) as unknown as H] as const;
    }),
  );
  return Object.fromEntries(entries) as Record<N, H>;
}

function listen(server: Server, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
}

function close(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
