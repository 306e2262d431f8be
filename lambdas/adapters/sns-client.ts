import { SNSClient } from '@aws-sdk/client-sns';
import { adapterContext, adapterSettings } from './adapter-context.ts';
import { sdkConfig } from './sdk-client.ts';
import { required } from './settings.ts';

/** The SNS client; the local runtime points it at its SNS engine. */
export const snsClient = () => adapterContext().client('sns', (settings) => new SNSClient(sdkConfig(settings.endpoints.sns, settings.localCredentials)));

export const topicArn = (): string => required(adapterSettings(), 'topicArn');
