// Starts the local runtime (local/runtime.ts startRuntime: its own in-memory DynamoDB Local,
// the SNS and S3 engines, port 0) in a child process and talks to it over IPC.
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ChildMessage, ChildOptions, ChildRequest } from './runtime-child.ts';
import { ADMIN, PRESS } from './common.ts';
import type { LocalCredentials } from '../../lambdas/adapters/settings.ts';

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
  };
  const execArgv = [...process.execArgv, ...(options.profileDir ? ['--cpu-prof', `--cpu-prof-dir=${options.profileDir}`] : [])];
  const child = fork(fileURLToPath(new URL('./runtime-child.ts', import.meta.url)), [JSON.stringify(childOptions)], {
    execArgv,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const waiting = new Map<number, () => void>();
  let nextId = 1;
  const started = await new Promise<Extract<ChildMessage, { kind: 'started' }>>((resolve, reject) => {
    child.on('message', (message: ChildMessage) => {
      if (message.kind === 'started') resolve(message);
      else if (message.kind === 'failed') reject(new Error(`the runtime did not start: ${message.message}`));
      else waiting.get(message.id)?.();
    });
    child.once('exit', (code) => reject(new Error(`the runtime process exited (${code})`)));
  });
  const request = (cmd: ChildRequest['cmd'], timeoutMs: number) =>
    new Promise<void>((resolve, reject) => {
      const id = nextId++;
      const timer = setTimeout(() => reject(new Error(`the runtime did not answer "${cmd}" in ${timeoutMs} ms`)), timeoutMs);
      waiting.set(id, () => {
        clearTimeout(timer);
        waiting.delete(id);
        resolve();
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
    settle: () => request('settle', 300_000),
    stop: async () => {
      if (child.exitCode !== null) return;
      await request('stop', 30_000).catch(() => child.kill('SIGKILL'));
      await exited;
    },
  };
}
