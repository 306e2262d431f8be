// How long a local server keeps an idle keep-alive connection. A server that closes an idle
// connection just as its client reuses it resets that request (ECONNRESET). Node's clients
// drop a connection a second before the server's announced timeout, but on a busy machine a
// late timer loses that second, and at Node's default of 5 s a test's ordinary pause between
// two calls is enough. Each server's stop() closes every connection itself, so an idle one
// never holds a stop open.
import type { Server } from 'node:http';

export const IDLE_CONNECTION_MS = 30_000;

export function keepIdleConnections(server: Server): Server {
  server.keepAliveTimeout = IDLE_CONNECTION_MS;
  return server;
}
