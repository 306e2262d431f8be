// Reads a runtime's table stream from the start, as Lambda would hand the records over: how a
// test redelivers a batch on purpose.
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
} from '@aws-sdk/client-dynamodb-streams';
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import type { Runtime } from '../../local/runtime.ts';
import { toLambdaRecord } from '../../local/stream-poller.ts';
import { localDynamoClient } from '../../local/table.ts';
import { sdkConfig } from '../../lambdas/adapters/sdk-client.ts';

/** Every record of the table's stream, in order per shard. */
export async function wholeStream(runtime: Pick<Runtime, 'dynamoEndpoint' | 'tableName' | 'settings'>): Promise<DynamoDBRecord[]> {
  const dynamo = localDynamoClient(runtime.dynamoEndpoint, runtime.settings.localCredentials!);
  const streams = new DynamoDBStreamsClient(sdkConfig(runtime.dynamoEndpoint, runtime.settings.localCredentials));
  try {
    const { Table } = await dynamo.send(new DescribeTableCommand({ TableName: runtime.tableName }));
    const arn = Table!.LatestStreamArn!;
    const { StreamDescription } = await streams.send(new DescribeStreamCommand({ StreamArn: arn }));
    const records: DynamoDBRecord[] = [];
    for (const shard of StreamDescription?.Shards ?? []) {
      let iterator = (await streams.send(new GetShardIteratorCommand({ StreamArn: arn, ShardId: shard.ShardId!, ShardIteratorType: 'TRIM_HORIZON' }))).ShardIterator;
      while (iterator) {
        const page = await streams.send(new GetRecordsCommand({ ShardIterator: iterator }));
        records.push(...(page.Records ?? []).map((r) => toLambdaRecord(r, arn)));
        if (!page.Records?.length) break;
        iterator = page.NextShardIterator;
      }
    }
    return records;
  } finally {
    dynamo.destroy();
    streams.destroy();
  }
}
