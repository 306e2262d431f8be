// Grants no recorded SDK call uses that are still needed: AWS itself acts with the function's
// role for these. Each must say why; anything else unused is an excess grant and fails the check.
import type { Acknowledgement } from './evaluate-grants.ts';

const EVENT_SOURCE = ['notify', 'feeds'];

export const ACKNOWLEDGED_GRANTS: readonly Acknowledgement[] = [
  ...['logs:CreateLogStream', 'logs:PutLogEvents'].map((action) => ({
    fn: '*',
    action,
    reason: "Lambda's runtime writes the function's logs to its log group with the function's role.",
  })),
  ...EVENT_SOURCE.flatMap((fn) => [
    ...['dynamodb:ListStreams', 'dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator'].map((action) => ({
      fn,
      action,
      reason: "Lambda's event source mapping reads the table's stream with the function's role (locally: local/stream-poller.ts).",
    })),
    ...['sqs:SendMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl'].map((action) => ({
      fn,
      action,
      reason: "The event source mapping sends a failed batch's description to the function's dead-letter queue with its role.",
    })),
  ]),
  ...['sqs:SendMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl'].map((action) => ({
    fn: 'publish-due',
    action,
    reason:
      "Lambda sends an asynchronous invocation (Scheduler's) that failed all its attempts to the on-failure destination, the schedule dead-letter queue, with the function's role (the grant CDK's SqsDestination makes).",
  })),
  ...['sqs:SendMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl'].map((action) => ({
    fn: 'alert-digest',
    action,
    reason:
      "Lambda sends an asynchronous invocation (the digest schedule's) that failed all its attempts to the on-failure destination, the digest dead-letter queue, with the function's role (the grant CDK's SqsDestination makes).",
  })),
  ...['sqs:SendMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl'].map((action) => ({
    fn: 'process-media',
    action,
    reason:
      "Lambda sends an asynchronous invocation (the uploads bucket's object-created event) that failed all its attempts to the on-failure destination, the uploads dead-letter queue, with the function's role (the grant CDK's SqsDestination makes).",
  })),
  {
    fn: 'media',
    action: 's3:PutObject',
    reason:
      'The presigned upload form is signed with the media function\'s credentials, and S3 authorises the POST made with it as a PutObject by that role; createPresignedPost signs locally and sends no SDK command, so no call is ever recorded.',
  },
  {
    fn: 'feeds',
    action: 's3:ListBucket',
    reason: 'S3 answers a HeadObject of a missing feed file with 404 (not 403) only when the caller may list the bucket: how the feeds function tells a new feed from a refused read.',
  },
  {
    fn: 'feeds',
    action: 's3:PutObject',
    resource: '*/robots.txt',
    reason: 'robots.txt never changes once written: the rebuild that npm start runs at start writes it (outside a recorded invocation), and every later render finds its bytes unchanged.',
  },
  ...['notify', 'subscriptions'].flatMap((fn) =>
    ['kms:Decrypt', 'kms:GenerateDataKey*'].map((action) => ({
      fn,
      action,
      reason: `SNS uses the releases topic's KMS key on the publisher's behalf when ${fn} publishes (${fn === 'notify' ? 'events' : 'redeliveries'}; the local SNS engine does not encrypt).`,
    })),
  ),
  ...['sqs:ReceiveMessage', 'sqs:ChangeMessageVisibility', 'sqs:GetQueueUrl', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes'].map((action) => ({
    fn: 'delivery-failures',
    action,
    reason:
      "Lambda's SQS event source mapping polls the partner dead-letter queue and deletes what the function handled with the function's role (locally: local/queues/local-queue.ts's consume).",
  })),
  {
    fn: 'openapi',
    action: 'dynamodb:UpdateItem',
    reason:
      "A token's last use is recorded at most once a minute per token and process. In the test run every function shares one process and the others record each token first; in Lambda each function is its own process and openapi records it too.",
  },
  ...['alerts', 'alert-fanout', 'alert-mail', 'alert-digest'].flatMap((fn) =>
    ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey'].map((action) => ({
      fn,
      action,
      reason:
        fn === 'alerts'
          ? "DynamoDB uses the subscribers' table key on the caller's behalf (kms:ViaService dynamodb); DynamoDB Local does not encrypt."
          : "DynamoDB and SQS use the subscribers' key on the caller's behalf, for the table and for the mail queue's jobs (kms:ViaService dynamodb, sqs); DynamoDB Local and the local queues do not encrypt.",
    })),
  ),
  ...['alerts', 'alert-mail'].map((fn) => ({
    fn,
    action: 'secretsmanager:GetSecretValue',
    reason: 'In AWS the alert key is read from its secret at the first use in a process (lambdas/adapters/alert-key.ts); on one machine the runtime gives the key from the data folder instead, so no test reads the secret.',
  })),
  ...['alert-fanout', 'alert-mail'].flatMap((fn) =>
    ['sqs:ReceiveMessage', 'sqs:ChangeMessageVisibility', 'sqs:GetQueueUrl', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes'].map((action) => ({
      fn,
      action,
      reason: "Lambda's SQS event source mapping polls the function's queue and deletes what it handled with the function's role (locally: local/queues/local-queue.ts's consume).",
    })),
  ),
];
