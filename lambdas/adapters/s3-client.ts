// One S3Client per process (per endpoint), configured from the environment. Timeouts are short
// for the same reason as DynamoDB's: a store that does not answer should fail the batch
// quickly so the stream retries it, not hold the Lambda until its own timeout.
import { S3Client } from '@aws-sdk/client-s3';

let client: S3Client | undefined;
let clientEndpoint: string | undefined;

export function s3Client(): S3Client {
  const endpoint = process.env.S3_ENDPOINT;
  // Every local runtime starts its own object store on a fresh port, so a process that starts
  // a second one (tests, benchmarks) must not keep talking to the first.
  if (client && clientEndpoint === endpoint) return client;
  client?.destroy();
  clientEndpoint = endpoint;
  client = new S3Client({
    // Only the local runtime and tests set an endpoint; in AWS the SDK resolves it. The local
    // engine is addressed path-style, as 127.0.0.1 has no per-bucket host names.
    ...(endpoint
      ? {
          endpoint,
          forcePathStyle: true,
          region: process.env.AWS_REGION ?? 'us-east-1',
          credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
        }
      : {}),
    maxAttempts: 2,
    requestHandler: { connectionTimeout: 1_000, requestTimeout: 5_000 },
  });
  return client;
}

export function feedsBucket(): string {
  const bucket = process.env.FEEDS_BUCKET;
  if (!bucket) throw new Error('FEEDS_BUCKET is not set');
  return bucket;
}
