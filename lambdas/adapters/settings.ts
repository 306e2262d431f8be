// What the adapters need to know about where they run: the table, topic and bucket, the public
// URLs, and (only on one machine) the engines' endpoints. In AWS the Lambda shell reads them
// once from the function's environment (CDK sets it); the local runtime builds them for each
// runtime it starts, so two runtimes in one process never see each other's.
import type { EndpointPolicy } from '../core/subscription-policy.ts';

export interface AdapterSettings {
  tableName?: string;
  topicArn?: string;
  feedsBucket?: string;
  /** The private bucket uploads arrive in and cleaned renditions wait in until their release is public. */
  uploadsBucket?: string;
  /** Where the feeds are read from (CloudFront in AWS, the local runtime on one machine). */
  publicBaseUrl?: string;
  /** The API's own address, for links to a release without a canonical url; defaults to publicBaseUrl. */
  apiBaseUrl?: string;
  endpointPolicy: EndpointPolicy;
  /** The institution: pressroom.config.json's JSON, validated by the functions at their first use. */
  siteConfig?: string;
  /** The queue SNS sends a partner's message to once its delivery retries are spent (each subscription's RedrivePolicy). */
  deliveryDeadLetterArn?: string;
  /** Where scheduled releases' one-time schedules go and what they invoke (the stream consumer that keeps them). */
  schedules?: ScheduleSettings;
  /** E-mail alerts: the subscribers' table, the key that signs their links, and the sender. */
  alerts?: AlertSettings;
  /** Set only by the local runtime and tests: in AWS the SDK resolves the endpoints itself. */
  endpoints: { dynamodb?: string; sns?: string; s3?: string; scheduler?: string; ses?: string; sqs?: string };
  /** What the clients of those local endpoints sign with (the engines check it); unused in AWS. */
  localCredentials?: LocalCredentials;
}

export interface ScheduleSettings {
  /** The EventBridge Scheduler schedule group. */
  group: string;
  /** The publish-due function. */
  targetArn: string;
  /** The role Scheduler assumes to invoke it. */
  roleArn: string;
  /** The queue that keeps invocations Scheduler gave up on. */
  deadLetterArn: string;
}

export interface AlertSettings {
  subscribersTable: string;
  /**
   * Signs the links in alert mails and keys the hashes of addresses (at least 32 bytes): given
   * as it is on one machine; in AWS read from the Secrets Manager secret `keySecretArn` names.
   */
  key?: Uint8Array;
  keySecretArn?: string;
  /** The From address of every alert mail, at the site's domain. */
  from: string;
  /** The SES configuration set whose bounce and complaint events suppress an address. */
  configurationSet?: string;
  /** The queue between the fan-out and the sender: jobs of up to 50 recipients of one alert. */
  mailQueueUrl?: string;
  /** Mails a second this sender may start: its share of the account's SES sending rate. */
  sendRate?: number;
}

/** A key pair for the local engines: generated per data folder, never a fixed, public one. */
export interface LocalCredentials {
  accessKeyId: string;
  secretAccessKey: string;
}

/** The settings as Lambda passes them: environment variables (names as in lib/). */
export function settingsFromEnvironment(env: NodeJS.ProcessEnv): AdapterSettings {
  const defined = <K extends string>(key: K, value: string | undefined) => (value ? { [key]: value } : {}) as Partial<Record<K, string>>;
  return {
    ...defined('tableName', env.TABLE_NAME),
    ...defined('topicArn', env.TOPIC_ARN),
    ...defined('feedsBucket', env.FEEDS_BUCKET),
    ...defined('uploadsBucket', env.UPLOADS_BUCKET),
    ...defined('publicBaseUrl', env.PUBLIC_BASE_URL),
    ...defined('apiBaseUrl', env.API_BASE_URL),
    endpointPolicy: env.ENDPOINT_POLICY === 'local' ? 'local' : 'deployed',
    ...defined('siteConfig', env.SITE_CONFIG),
    ...defined('deliveryDeadLetterArn', env.DELIVERY_DLQ_ARN),
    ...(env.SCHEDULE_GROUP && env.PUBLISH_DUE_ARN && env.SCHEDULER_ROLE_ARN && env.SCHEDULE_DLQ_ARN
      ? {
          schedules: {
            group: env.SCHEDULE_GROUP,
            targetArn: env.PUBLISH_DUE_ARN,
            roleArn: env.SCHEDULER_ROLE_ARN,
            deadLetterArn: env.SCHEDULE_DLQ_ARN,
          },
        }
      : {}),
    // The fan-out signs no link: it is given no key.
    ...(env.SUBSCRIBERS_TABLE && env.ALERT_FROM
      ? {
          alerts: {
            subscribersTable: env.SUBSCRIBERS_TABLE,
            ...(env.ALERT_KEY ? { key: Buffer.from(env.ALERT_KEY, 'base64url') } : {}),
            ...defined('keySecretArn', env.ALERT_KEY_SECRET_ARN),
            from: env.ALERT_FROM,
            ...defined('configurationSet', env.ALERT_CONFIGURATION_SET),
            ...defined('mailQueueUrl', env.ALERT_MAIL_QUEUE_URL),
            ...(env.ALERT_SEND_RATE ? { sendRate: Number(env.ALERT_SEND_RATE) } : {}),
          },
        }
      : {}),
    endpoints: {
      ...defined('dynamodb', env.DYNAMODB_ENDPOINT),
      ...defined('sns', env.SNS_ENDPOINT),
      ...defined('s3', env.S3_ENDPOINT),
      ...defined('scheduler', env.SCHEDULER_ENDPOINT),
      ...defined('ses', env.SES_ENDPOINT),
      ...defined('sqs', env.SQS_ENDPOINT),
    },
    // The SDK's own names: a script pointed at a local engine passes that engine's pair.
    ...(env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY
      ? { localCredentials: { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY } }
      : {}),
  };
}

/**
 * The environment Lambda would give a function with these settings: what the local runtime
 * sets when it runs the deployed bundles, which read their settings from the environment.
 */
export function environmentOf(settings: AdapterSettings): Record<string, string> {
  const entries: Array<[string, string | undefined]> = [
    ['TABLE_NAME', settings.tableName],
    ['TOPIC_ARN', settings.topicArn],
    ['FEEDS_BUCKET', settings.feedsBucket],
    ['UPLOADS_BUCKET', settings.uploadsBucket],
    ['PUBLIC_BASE_URL', settings.publicBaseUrl],
    ['API_BASE_URL', settings.apiBaseUrl],
    ['ENDPOINT_POLICY', settings.endpointPolicy],
    ['SITE_CONFIG', settings.siteConfig],
    ['DELIVERY_DLQ_ARN', settings.deliveryDeadLetterArn],
    ['SCHEDULE_GROUP', settings.schedules?.group],
    ['PUBLISH_DUE_ARN', settings.schedules?.targetArn],
    ['SCHEDULER_ROLE_ARN', settings.schedules?.roleArn],
    ['SCHEDULE_DLQ_ARN', settings.schedules?.deadLetterArn],
    ['SUBSCRIBERS_TABLE', settings.alerts?.subscribersTable],
    ['ALERT_KEY', settings.alerts?.key ? Buffer.from(settings.alerts.key).toString('base64url') : undefined],
    ['ALERT_KEY_SECRET_ARN', settings.alerts?.keySecretArn],
    ['ALERT_FROM', settings.alerts?.from],
    ['ALERT_CONFIGURATION_SET', settings.alerts?.configurationSet],
    ['ALERT_MAIL_QUEUE_URL', settings.alerts?.mailQueueUrl],
    ['ALERT_SEND_RATE', settings.alerts?.sendRate === undefined ? undefined : String(settings.alerts.sendRate)],
    ['DYNAMODB_ENDPOINT', settings.endpoints.dynamodb],
    ['SNS_ENDPOINT', settings.endpoints.sns],
    ['S3_ENDPOINT', settings.endpoints.s3],
    ['SCHEDULER_ENDPOINT', settings.endpoints.scheduler],
    ['SES_ENDPOINT', settings.endpoints.ses],
    ['SQS_ENDPOINT', settings.endpoints.sqs],
    ['AWS_ACCESS_KEY_ID', settings.localCredentials?.accessKeyId],
    ['AWS_SECRET_ACCESS_KEY', settings.localCredentials?.secretAccessKey],
  ];
  return Object.fromEntries(entries.filter((entry): entry is [string, string] => entry[1] !== undefined));
}

/** The alert settings of a function that sends alerts or keeps subscribers; their absence is a deployment error. */
export function requiredAlerts(settings: AdapterSettings): AlertSettings {
  const { alerts } = settings;
  if (!alerts) throw new Error('SUBSCRIBERS_TABLE and ALERT_FROM are not set');
  return alerts;
}

/** A setting the caller cannot do without; its absence is a deployment error, said by name. */
export function required<K extends 'tableName' | 'topicArn' | 'feedsBucket' | 'uploadsBucket' | 'publicBaseUrl' | 'deliveryDeadLetterArn'>(
  settings: AdapterSettings,
  key: K,
): string {
  const value = settings[key];
  if (!value) throw new Error(`${ENVIRONMENT_NAMES[key]} is not set`);
  return value;
}

const ENVIRONMENT_NAMES = {
  tableName: 'TABLE_NAME',
  topicArn: 'TOPIC_ARN',
  feedsBucket: 'FEEDS_BUCKET',
  uploadsBucket: 'UPLOADS_BUCKET',
  publicBaseUrl: 'PUBLIC_BASE_URL',
  deliveryDeadLetterArn: 'DELIVERY_DLQ_ARN',
} as const;
