import { SNSClient } from '@aws-sdk/client-sns';

let client: SNSClient | undefined;

/** One SNS client per process; the local runtime points it at its SNS engine. */
export function snsClient(): SNSClient {
  client ??= new SNSClient({
    ...(process.env.SNS_ENDPOINT
      ? {
          endpoint: process.env.SNS_ENDPOINT,
          region: process.env.AWS_REGION ?? 'us-east-1',
          credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
        }
      : {}),
    maxAttempts: 2,
    requestHandler: { connectionTimeout: 1_000, requestTimeout: 5_000 },
  });
  return client;
}

export function topicArn(): string {
  const arn = process.env.TOPIC_ARN;
  if (!arn) throw new Error('TOPIC_ARN is not set');
  return arn;
}
