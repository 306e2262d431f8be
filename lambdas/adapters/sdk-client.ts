// What every AWS SDK client here shares. Timeouts are short on purpose: a dependency that does
// not answer should become a quick 503 (API) or a retried batch (stream), not a hung Lambda.

/** Client settings; an endpoint is set only by the local runtime and tests (in AWS the SDK resolves it). */
export function sdkConfig(endpoint: string | undefined, local: Record<string, unknown> = {}) {
  return {
    ...(endpoint
      ? {
          endpoint,
          region: process.env.AWS_REGION ?? 'us-east-1',
          credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
          ...local,
        }
      : {}),
    maxAttempts: 2,
    requestHandler: { connectionTimeout: 1_000, requestTimeout: 5_000 },
  };
}

/**
 * One client per process, made again when the endpoint changes: each local runtime starts its
 * engines on fresh ports, so a process that starts a second one (tests, benchmarks) must not
 * keep talking to the first one's.
 */
export function clientPerEndpoint<C extends { destroy(): void }>(
  endpointVariable: string,
  create: (endpoint: string | undefined) => C,
): () => C {
  let client: C | undefined;
  let clientEndpoint: string | undefined;
  return () => {
    const endpoint = process.env[endpointVariable];
    if (client && clientEndpoint === endpoint) return client;
    client?.destroy();
    clientEndpoint = endpoint;
    client = create(endpoint);
    return client;
  };
}
