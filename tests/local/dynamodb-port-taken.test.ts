// A port picked as free can be taken by another process before Java binds it (test files run
// side by side do exactly that). The engine then starts on another port instead of failing.
import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, expect, test, vi } from 'vitest';

const taken: { server?: Server; port?: number } = {};

vi.mock('../../local/free-port.ts', async (original) => {
  const real = await original<typeof import('../../local/free-port.ts')>();
  let first = true;
  // The first port handed out is the one another process holds by the time Java binds it.
  return { freePort: async () => (first ? ((first = false), taken.port!) : real.freePort()) };
});

beforeAll(async () => {
  // Whoever holds the port may keep a connection open; the test does not wait for it.
  taken.server = createServer((socket) => socket.destroy());
  await new Promise<void>((resolve) => taken.server!.listen(0, '0.0.0.0', resolve));
  taken.port = (taken.server.address() as { port: number }).port;
});
afterAll(() => void taken.server!.close());

test('a chosen port someone took meanwhile: the engine binds another and answers there', async () => {
  const { startDynamoDbLocal } = await import('../../local/dynamodb-local.ts');
  const lines: string[] = [];
  const engine = await startDynamoDbLocal({ log: (line) => lines.push(line) });
  try {
    expect(engine.port).not.toBe(taken.port);
    expect(lines.join('\n')).toContain(`could not bind port ${taken.port}`);
    const tables = await fetch(engine.endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'DynamoDB_20120810.ListTables', authorization: 'AWS4-HMAC-SHA256 Credential=x/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=x' },
      body: '{}',
    });
    expect(tables.status).toBe(200);
  } finally {
    await engine.stop();
  }
});

test('a port the caller named and cannot have is an error, not a different port', async () => {
  const { startDynamoDbLocal } = await import('../../local/dynamodb-local.ts');
  await expect(startDynamoDbLocal({ port: taken.port! })).rejects.toThrow(/Failed to bind/);
});
