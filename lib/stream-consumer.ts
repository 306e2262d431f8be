// A Lambda fed by the table's stream: partial batch failures are reported per record,
// a failing batch is split to isolate the bad record, retries and record age are bounded
// (well inside the stream's 24 h retention, so a dead-lettered batch can still be read
// back from the stream), and what is given up on lands in an encrypted SQS queue.
import { Construct } from 'constructs';
import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { FIVE_MINUTES, type Alarms } from './alarms.ts';
import type { PressroomFunction } from './lambda-function.ts';
import { deadLetterQueue } from './dead-letter-queue.ts';

export const STREAM_SETTINGS = {
  batchSize: 100,
  retryAttempts: 10,
  maxRecordAge: Duration.hours(6),
  /** Iterator age (ms) beyond which the consumer is falling behind the writes. */
  iteratorAgeAlarmMs: 5 * 60 * 1000,
} as const;

export interface StreamConsumerProps {
  fn: PressroomFunction;
  table: dynamodb.ITable;
  alarms: Alarms;
  /** The function's name, for alarm names. */
  name: string;
  /** What the consumer does, for alarm descriptions ("partner notifications"). */
  purpose: string;
}

export class StreamConsumer extends Construct {
  readonly deadLetters: sqs.Queue;

  constructor(scope: Construct, id: string, props: StreamConsumerProps) {
    super(scope, id);
    const fn = props.fn.function;
    // Each message names a batch's shard and sequence numbers, not its records: an operator
    // has until the stream drops them (24 h) to replay.
    this.deadLetters = deadLetterQueue(this, 'DeadLetters', 'the on-failure destination of the stream event source mapping');

    fn.addEventSource(
      new DynamoEventSource(props.table, {
        startingPosition: lambda.StartingPosition.TRIM_HORIZON,
        batchSize: STREAM_SETTINGS.batchSize,
        // One poller per shard keeps each item's changes in order.
        parallelizationFactor: 1,
        reportBatchItemFailures: true,
        bisectBatchOnError: true,
        retryAttempts: STREAM_SETTINGS.retryAttempts,
        maxRecordAge: STREAM_SETTINGS.maxRecordAge,
        onFailure: new SqsDlq(this.deadLetters),
      }),
    );

    const { alarms, purpose, name } = props;
    alarms.add(this, 'DeadLettersAlarm', {
      name: `${name}-dead-letters`,
      description: `${purpose}: stream records were given up on after retries (see its dead-letter queue); replay them while the stream still holds them (24 h)`,
      metric: this.deadLetters.metricApproximateNumberOfMessagesVisible({ period: FIVE_MINUTES, statistic: 'Maximum' }),
      threshold: 1,
    });
    alarms.add(this, 'ErrorsAlarm', {
      name: `${name}-errors`,
      description: `${purpose}: the handler failed whole invocations (it threw or timed out)`,
      metric: fn.metricErrors({ period: FIVE_MINUTES, statistic: 'Sum' }),
      threshold: 1,
    });
    alarms.add(this, 'IteratorAgeAlarm', {
      name: `${name}-iterator-age`,
      description: `${purpose}: the oldest unprocessed stream record is more than 5 minutes old; the consumer is falling behind or stuck retrying`,
      metric: new cloudwatch.Metric({
        namespace: 'AWS/Lambda',
        metricName: 'IteratorAge',
        dimensionsMap: { FunctionName: fn.functionName },
        period: FIVE_MINUTES,
        statistic: 'Maximum',
      }),
      threshold: STREAM_SETTINGS.iteratorAgeAlarmMs,
    });
  }
}
