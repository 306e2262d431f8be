import { expect, inject, test } from 'vitest';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
test('dynamodb local answers', async () => {
  const c = new DynamoDBClient({ endpoint: inject('dynamoEndpoint'), region: 'local', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
  expect((await c.send(new ListTablesCommand({}))).TableNames).toEqual([]);
});
