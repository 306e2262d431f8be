// A client on a local object store: path-style (no bucket subdomains on 127.0.0.1), one attempt
// (the engines' faults are what tests provoke), signed with that engine's credentials.
import { S3Client } from '@aws-sdk/client-s3';
import { sdkConfig } from '../../lambdas/adapters/sdk-client.ts';
import type { LocalCredentials } from '../../lambdas/adapters/settings.ts';

export function localS3Client(endpoint: string, credentials: LocalCredentials): S3Client {
  return new S3Client(sdkConfig(endpoint, credentials, { forcePathStyle: true, maxAttempts: 1 }));
}
