// The runtime's SES: aws-ses-v2-local, which speaks the SES v2 API to the unchanged SDK and
// shows every message it accepted on a web page at its address. It keeps mail in memory, one
// store per process (two runtimes in one process see each other's mail), and listens on every
// interface unless told otherwise: it is bound to loopback here, as the other engines are.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { keepIdleConnections } from '../idle-connections.ts';

// A CommonJS module compiled from ESM, whose function is `default` on its exports: Node's ESM
// loader and vitest's disagree on what a default import of it is, require does not.
const startSesServer = (createRequire(import.meta.url)('aws-ses-v2-local') as typeof import('aws-ses-v2-local')).default;

export interface RunningSesEngine {
  /** The SES v2 endpoint, and the page that lists the mail. */
  endpoint: string;
  stop(): Promise<void>;
}

export async function startSesEngine(options: { host?: string; port?: number } = {}): Promise<RunningSesEngine> {
  const server: Server = keepIdleConnections(await startSesServer({ host: options.host ?? '127.0.0.1', port: options.port ?? 0 }));
  const { address, port } = server.address() as AddressInfo;
  return {
    endpoint: `http://${address.includes(':') ? `[${address}]` : address}:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
