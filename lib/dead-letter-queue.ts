// The queues that keep what an asynchronous path gave up on (a stream batch, a schedule's
// invocation): encrypted, TLS only, kept for SQS's maximum so an incident can still be traced
// afterwards. Nothing consumes them automatically, hence no dead-letter queue of their own.
import { Duration, Validations } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';

/** `holds` says what one message is and what it is the dead-letter destination of, for cdk-nag's record. */
export function deadLetterQueue(scope: Construct, id: string, holds: string): sqs.Queue {
  const queue = new sqs.Queue(scope, id, {
    encryption: sqs.QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    retentionPeriod: Duration.days(14),
  });
  Validations.of(queue).acknowledge({
    id: 'AwsSolutions-SQS3',
    reason: `This queue is itself a dead-letter destination (${holds}); nothing consumes it automatically, so a further DLQ would never receive anything.`,
  });
  return queue;
}
