// What every AWS SDK client here shares, in AWS and on one machine alike: the one declaration
// of the client settings. Timeouts are short on purpose: a dependency that does not answer
// should become a quick 503 (API) or a retried batch (stream), not a hung Lambda.

export const SDK_TIMEOUTS = {
  maxAttempts: 2,
  // Without throwOnRequestTimeout the SDK only warns when requestTimeout passes and keeps
  // waiting: a DynamoDB Local still starting up (connection accepted, no answer yet) then held
  // requests well past 15 s.
  requestHandler: { connectionTimeout: 1_000, requestTimeout: 5_000, throwOnRequestTimeout: true },
} as const;

import type { LocalCredentials } from './settings.ts';

/** The region every local engine is addressed in (DynamoDB Local names its file after it). */
export const LOCAL_REGION = 'us-east-1';

export interface ClientOverrides {
  /** S3 on 127.0.0.1 has no per-bucket host names. */
  forcePathStyle?: boolean;
  /** Health probes and pollers that retry on their own use 1. */
  maxAttempts?: number;
}

/**
 * Client settings. With an endpoint (the local runtime, tests, benchmarks) the client talks to
 * that engine with the engines' credentials; without one (AWS) the SDK resolves endpoint,
 * region and credentials itself.
 */
export function sdkConfig(endpoint: string | undefined, credentials: LocalCredentials | undefined, overrides: ClientOverrides = {}) {
  if (endpoint && !credentials) throw new Error(`no credentials for the local endpoint ${endpoint}`);
  return {
    ...SDK_TIMEOUTS,
    ...(endpoint ? { endpoint, region: LOCAL_REGION, credentials } : {}),
    ...overrides,
  };
}
