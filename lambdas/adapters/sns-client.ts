import { SNSClient } from '@aws-sdk/client-sns';
import { clientPerEndpoint, sdkConfig } from './sdk-client.ts';

/** The SNS client; the local runtime points it at its SNS engine. */
export const snsClient = clientPerEndpoint('SNS_ENDPOINT', (endpoint) => new SNSClient(sdkConfig(endpoint)));

export function topicArn(): string {
  const arn = process.env.TOPIC_ARN;
  if (!arn) throw new Error('TOPIC_ARN is not set');
  return arn;
}
