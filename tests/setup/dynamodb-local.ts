// vitest globalSetup: one in-memory DynamoDB Local per test run; each test file makes
// its own table (tests/support/table.ts), so files do not see each other's data.
import type { TestProject } from 'vitest/node';
import { startDynamoDbLocal, type DynamoDbLocal } from '../../local/dynamodb-local.ts';
import { newLocalCredentials } from '../../local/credentials.ts';
import type { LocalCredentials } from '../../lambdas/adapters/settings.ts';

let engine: DynamoDbLocal | undefined;

export async function setup(project: TestProject): Promise<void> {
  // DynamoDB Local keeps a database per access key id: every test client uses the run's pair.
  const credentials = newLocalCredentials();
  engine = await startDynamoDbLocal({ credentials });
  project.provide('dynamoEndpoint', engine.endpoint);
  project.provide('localCredentials', credentials);
}

export async function teardown(): Promise<void> {
  await engine?.stop();
}

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoEndpoint: string;
    localCredentials: LocalCredentials;
  }
}
