// A TCP proxy in front of a real engine that can hold what the client sends: a slow network
// between one invocation and its dependency, nothing mocked — every request still reaches the
// engine unchanged (signatures included) once let through.
import { connect, createServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

export interface GatedProxy {
  /** http://127.0.0.1:<port>, to put in place of the engine's endpoint. */
  url: string;
  /** From now on, bytes from clients wait here. */
  hold(): void;
  /** Resolves once something is waiting (the client has started talking to the engine). */
  holding(): Promise<void>;
  /** Lets everything waiting through, and everything after it. */
  release(): void;
  stop(): Promise<void>;
}

export async function startGatedProxy(target: string): Promise<GatedProxy> {
  const { hostname, port } = new URL(target);
  let held = false;
  let waiting: Array<() => void> = [];
  let holdingWaiters: Array<() => void> = [];
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = connect(Number(port), hostname);
    sockets.add(client).add(upstream);
    client.on('data', (chunk) => {
      if (!held) {
        upstream.write(chunk);
        return;
      }
      waiting.push(() => upstream.write(chunk));
      for (const resolve of holdingWaiters.splice(0)) resolve();
    });
    upstream.pipe(client);
    const close = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('close', close).on('error', close);
    upstream.on('close', close).on('error', close);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    hold: () => {
      held = true;
    },
    holding: () => new Promise<void>((resolve) => (waiting.length > 0 ? resolve() : holdingWaiters.push(resolve))),
    release: () => {
      held = false;
      for (const send of waiting.splice(0)) send();
    },
    stop: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
