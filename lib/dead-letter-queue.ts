// The queues that keep what an asynchronous path gave up on (a stream batch, a schedule's
// invocation, an upload's processing): encrypted, TLS only, kept for SQS's maximum so an incident can still be traced
// afterwards. Nothing consumes them automatically, hence no dead-letter queue of their own.
import { Duration, Validations } from 'aws-cdk-lib';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { FIVE_MINUTES, type Alarms } from './alarms.ts';

/**
 * `holds` says what one message is and what it is the dead-letter destination of, for cdk-nag's
 * record. Encrypted with `key` when its messages hold personal data, as its source queue's are.
 */
export function deadLetterQueue(scope: Construct, id: string, holds: string, key?: kms.IKey): sqs.Queue {
  const queue = new sqs.Queue(scope, id, {
    ...(key ? { encryption: sqs.QueueEncryption.KMS, encryptionMasterKey: key } : { encryption: sqs.QueueEncryption.SQS_MANAGED }),
    enforceSSL: true,
    retentionPeriod: Duration.days(14),
  });
  Validations.of(queue).acknowledge({
    id: 'AwsSolutions-SQS3',
    reason: `This queue is itself a dead-letter destination (${holds}); nothing consumes it automatically, so a further DLQ would never receive anything.`,
  });
  return queue;
}

export interface AsyncInvocationGuard {
  retryAttempts: number;
  maxEventAge: Duration;
  /** The alarm on messages in the queue: its name (after the stack's) and what an operator should know. */
  deadLetterAlarm: { name: string; description: string };
  /** The alarm on the function's failed invocations. */
  errorAlarm: { name: string; description: string };
}

/**
 * A function invoked asynchronously (by Scheduler, by S3): Lambda retries a failed invocation,
 * then keeps the event in the queue; one alarm fires on what lands there, one on errors.
 */
export function guardAsyncInvocations(scope: Construct, fn: lambda.Function, deadLetters: sqs.Queue, alarms: Alarms, guard: AsyncInvocationGuard): void {
  fn.configureAsyncInvoke({ retryAttempts: guard.retryAttempts, maxEventAge: guard.maxEventAge, onFailure: new SqsDestination(deadLetters) });
  alarms.add(scope, 'DeadLettersAlarm', {
    ...guard.deadLetterAlarm,
    metric: deadLetters.metricApproximateNumberOfMessagesVisible({ period: FIVE_MINUTES, statistic: 'Maximum' }),
    threshold: 1,
  });
  alarms.add(scope, 'ErrorsAlarm', { ...guard.errorAlarm, metric: fn.metricErrors({ period: FIVE_MINUTES, statistic: 'Sum' }), threshold: 1 });
}
