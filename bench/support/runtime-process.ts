// Starts the local runtime (local/runtime.ts startRuntime: its own in-memory DynamoDB Local,
// the SNS and S3 engines, port 0) in a child process and talks to it over IPC.
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ChildMessage, ChildOptions, ChildRequest } from './runtime-child.ts';
import { ADMIN, PRESS } from './common.ts';
import type { LocalCredentials } from '../../lambdas/adapters/settings.ts';
import type { MeterReading } from './operation-meter.ts';

export interface RuntimeProcess {
  url: string;
  topicArn: string;
  dynamoEndpoint: string;
  /** What the runtime's engines take orders with. */
  credentials: LocalCredentials;
  tableName: string;
  pid: number;
  /** Every stream consumer has caught up and no webhook delivery is in flight. */
  settle(): Promise<void>;
  /** What the meter counted since the last reading (started with `meter: true`), and a fresh count from now. */
  meter(): Promise<MeterReading>;
  /** Stream consumers stop taking records (the API still writes them) until resumed. */
  pauseStreams(): Promise<void>;
  resumeStreams(): Promise<void>;
  /** Stops the runtime; with `profileDir`, the .cpuprofile is written there on exit. */
  stop(): Promise<void>;
}

export async function startRuntimeProcess(
  options: Partial<ChildOptions> & { profileDir?: string } = {},
): Promise<RuntimeProcess> {
  const childOptions: ChildOptions = {
    tableName: options.tableName ?? 'bench',
    pressToken: PRESS,
    adminToken: ADMIN,
    stopPollers: options.stopPollers ?? false,
    meter: options.meter ?? false,
    ...(options.siteConfigFile ? { siteConfigFile: options.siteConfigFile } : {}),
  };
  const execArgv = [...process.execArgv, ...(options.profileDir ? ['--cpu-prof', `--cpu-prof-dir=${options.profileDir}`] : [])];
  const child = fork(fileURLToPath(new URL('./runtime-child.ts', import.meta.url)), [JSON.stringify(childOptions)], {
    execArgv,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const waiting = new Map<number, (reading?: MeterReading) => void>();
  let nextId = 1;
  const started = await new Promise<Extract<ChildMessage, { kind: 'started' }>>((resolve, reject) => {
    child.on('message', (message: ChildMessage) => {
      if (message.kind === 'started') resolve(message);
      else if (message.kind === 'failed') reject(new Error(`the runtime did not start: ${message.message}`));
      else waiting.get(message.id)?.(message.reading);
    });
    child.once('exit', (code) => reject(new Error(`the runtime process exited (${code})`)));
  });
  const request = (cmd: ChildRequest['cmd'], timeoutMs: number) =>
    new Promise<MeterReading | undefined>((resolve, reject) => {
      const id = nextId++;
      const timer = setTimeout(() => reject(new Error(`the runtime did not answer "${cmd}" in ${timeoutMs} ms`)), timeoutMs);
      waiting.set(id, (reading) => {
        clearTimeout(timer);
        waiting.delete(id);
        resolve(reading);
      });
      child.send({ id, cmd } satisfies ChildRequest);
    });
  return {
    url: started.url,
    topicArn: started.topicArn,
    dynamoEndpoint: started.dynamoEndpoint,
    credentials: started.credentials,
    tableName: started.tableName,
    pid: child.pid!,
    settle: async () => void (await request('settle', 300_000)),
    meter: async () => {
      const reading = await request('meter', 30_000);
      if (!reading) throw new Error('the runtime was started without meter: true');
      return reading;
    },
    pauseStreams: async () => void (await request('pause-streams', 30_000)),
    resumeStreams: async () => void (await request('resume-streams', 30_000)),
    stop: async () => {
      if (child.exitCode !== null) return;
      await request('stop', 30_000).catch(() => child.kill('SIGKILL'));
      await exited;
    },
  };
}
