// The settings and SDK clients one invocation's adapters use. In Lambda that is one context per
// process, read from the environment at the first call (the cold start) and kept. The local
// runtime makes a context per runtime and runs each handler invocation inside it
// (AsyncLocalStorage), so the handler modules are exactly what Lambda runs and neither they
// nor the adapters' signatures carry the settings around.
import { AsyncLocalStorage } from 'node:async_hooks';
import { settingsFromEnvironment, type AdapterSettings } from './settings.ts';

export interface AdapterContext {
  readonly settings: AdapterSettings;
  /** This context's client of one kind, made at its first use. */
  client<C extends { destroy(): void }>(kind: string, create: (settings: AdapterSettings) => C): C;
  /** Runs `work` (and everything it starts) with this context's settings and clients. */
  run<T>(work: () => T): T;
  /** Runs one invocation of the named function: `run`, and the SDK calls it makes know whose they are. */
  invoke<T>(functionName: string, work: () => T): T;
  /** Closes the clients (their sockets); a later use makes new ones. */
  destroy(): void;
}

const current = new AsyncLocalStorage<AdapterContext>();
const invocation = new AsyncLocalStorage<string>();
let lambdaContext: AdapterContext | undefined;

/**
 * Told of every SDK client a context makes. Only the test suite sets one (to record each
 * function's calls and check them against its IAM policy); Lambda never does.
 */
export type SdkClientObserver = (client: { middlewareStack?: unknown }, context: AdapterContext) => void;
let clientObserver: SdkClientObserver | undefined;
export const observeSdkClients = (observer: SdkClientObserver | undefined) => {
  clientObserver = observer;
};

/**
 * Told how long each invocation `invoke` ran took. Only the benchmarks set one (to count
 * invocations and their billed duration); Lambda never does.
 */
export type InvocationObserver = (functionName: string, milliseconds: number) => void;
let invocationObserver: InvocationObserver | undefined;
export const observeInvocations = (observer: InvocationObserver | undefined) => {
  invocationObserver = observer;
};

function timed<T>(functionName: string, work: () => T): T {
  const observer = invocationObserver;
  if (!observer) return work();
  const started = performance.now();
  const result = work();
  void Promise.resolve(result)
    .catch(() => undefined)
    .then(() => observer(functionName, performance.now() - started));
  return result;
}

/** The function whose invocation is running (set by `invoke`); undefined outside one, and in Lambda. */
export const invokedFunction = (): string | undefined => invocation.getStore();

export function createAdapterContext(settings: AdapterSettings): AdapterContext {
  const clients = new Map<string, { destroy(): void }>();
  const context: AdapterContext = {
    settings,
    client<C extends { destroy(): void }>(kind: string, create: (s: AdapterSettings) => C): C {
      let client = clients.get(kind) as C | undefined;
      if (!client) {
        client = create(settings);
        clientObserver?.(client as { middlewareStack?: unknown }, context);
        clients.set(kind, client);
      }
      return client;
    },
    run: (work) => current.run(context, work),
    invoke: (functionName, work) => current.run(context, () => invocation.run(functionName, () => timed(functionName, work))),
    destroy() {
      for (const client of clients.values()) client.destroy();
      clients.clear();
    },
  };
  return context;
}

/** The context of the running invocation: the local runtime's, or the one Lambda's environment gives. */
export function adapterContext(): AdapterContext {
  return current.getStore() ?? (lambdaContext ??= createAdapterContext(settingsFromEnvironment(process.env)));
}

export const adapterSettings = (): AdapterSettings => adapterContext().settings;
