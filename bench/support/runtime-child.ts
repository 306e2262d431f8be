// The local runtime in a process of its own, driven by a bench over IPC: the load generator
// and the runtime do not share an event loop, and the runtime can be profiled (--cpu-prof)
// on its own. Started by runtime-process.ts; not meant to be run by hand.
import type { LocalCredentials } from '../../lambdas/adapters/settings.ts';
import { startRuntime, type Runtime } from '../../local/runtime.ts';
import { installOperationMeter, type MeterReading } from './operation-meter.ts';

export interface ChildOptions {
  tableName: string;
  pressToken: string;
  adminToken: string;
  /** Stop the stream pollers once started, so only the API path runs (the ingest bench). */
  stopPollers: boolean;
  /** Count every function's SDK calls, capacity units and invocations (operation-meter.ts). */
  meter: boolean;
  /** A site configuration other than the shipped one. */
  siteConfigFile?: string;
}

export type ChildRequest = { id: number; cmd: 'settle' | 'stop' | 'meter' | 'pause-streams' | 'resume-streams' };
export type ChildMessage =
  | { kind: 'started'; url: string; topicArn: string; dynamoEndpoint: string; credentials: LocalCredentials; tableName: string; dynamoPid: number | undefined }
  | { kind: 'done'; id: number; reading?: MeterReading }
  | { kind: 'failed'; message: string };

const send = (message: ChildMessage) => process.send?.(message);
const options = JSON.parse(process.argv[2] ?? '{}') as ChildOptions;
let runtime: Runtime | undefined;
// Before the runtime starts, so the SDK clients it makes are all observed.
const meter = options.meter ? installOperationMeter() : undefined;

try {
  runtime = await startRuntime({
    port: 0,
    tableName: options.tableName,
    pressToken: options.pressToken,
    adminToken: options.adminToken,
    ...(options.siteConfigFile ? { siteConfigFile: options.siteConfigFile } : {}),
    log: () => undefined,
  });
  if (options.stopPollers) await Promise.all(Object.values(runtime.pollers).map((poller) => poller.stop()));
  send({
    kind: 'started',
    url: runtime.url,
    topicArn: runtime.topicArn,
    dynamoEndpoint: runtime.dynamoEndpoint,
    credentials: runtime.settings.localCredentials!,
    tableName: runtime.tableName,
    dynamoPid: runtime.engines.dynamodb?.pid,
  });
} catch (error) {
  send({ kind: 'failed', message: (error as Error).stack ?? String(error) });
  process.exit(1);
}

process.on('message', (message: ChildRequest) => {
  void (async () => {
    if (message.cmd === 'settle') {
      // Twice: a webhook delivery can follow the last stream batch.
      for (let i = 0; i < 2; i++) {
        await runtime!.settled();
        await runtime!.engines.sns.deliveries.idle();
      }
    } else if (message.cmd === 'meter') {
      // What was counted since the last reading.
      const reading = meter?.read();
      meter?.reset();
      send({ kind: 'done', id: message.id, ...(reading ? { reading } : {}) });
      return;
    } else if (message.cmd === 'pause-streams') {
      for (const poller of Object.values(runtime!.pollers)) poller.pause();
    } else if (message.cmd === 'resume-streams') {
      for (const poller of Object.values(runtime!.pollers)) poller.resume();
    } else if (message.cmd === 'stop') {
      await runtime!.stop();
      send({ kind: 'done', id: message.id });
      // A normal exit, so that --cpu-prof writes its profile.
      process.exit(0);
    }
    send({ kind: 'done', id: message.id });
  })();
});
// The bench is gone (killed, crashed): do not outlive it, and take DynamoDB Local along.
process.on('disconnect', () => void runtime?.stop().finally(() => process.exit(0)));
