// Per-stage settings. Production keeps data when the stack goes away and logs quieter;
// dev is cheap to tear down. Everything an operator may change comes from CDK context.
import { RemovalPolicy } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';

export type StageName = 'dev' | 'prod';

export interface CustomDomain {
  /** e.g. api.press.example.org */
  domainName: string;
  /** ACM certificate ARN covering domainName (for CloudFront it must be in us-east-1). */
  certificateArn: string;
}

export interface StageConfig {
  stage: StageName;
  /** Table, logs and buckets survive `cdk destroy` and table deletion needs a second step. */
  retainData: boolean;
  logRetention: RetentionDays;
  logLevel: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
  /** Steady-state requests per second and burst for the whole HTTP API. */
  throttle: { rateLimit: number; burstLimit: number };
  apiDomain?: CustomDomain;
  feedsDomain?: CustomDomain;
  /** Alarm notifications go to this address when set (an SNS email subscription). */
  alarmEmail?: string;
  /**
   * The account's SES sending rate (mails a second; SES's maximum send rate): the alert senders
   * share it. 14, where SES starts an account out of the sandbox, unless `-c alertSendRate=N`.
   */
  alertSendRate: number;
}

export const removalPolicy = (config: StageConfig) => (config.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY);

/** Reads `-c stage=dev|prod` and the optional domain and alarm settings. */
export function stageConfig(context: (key: string) => unknown): StageConfig {
  const stage = String(context('stage') ?? 'dev');
  if (stage !== 'dev' && stage !== 'prod') throw new Error(`-c stage must be dev or prod, not "${stage}"`);
  const text = (key: string) => {
    const value = context(key);
    return typeof value === 'string' && value.trim() ? value.trim() : undefined;
  };
  const domain = (prefix: string): CustomDomain | undefined => {
    const domainName = text(`${prefix}DomainName`);
    const certificateArn = text(`${prefix}CertificateArn`);
    if (!domainName && !certificateArn) return undefined;
    if (!domainName || !certificateArn) {
      throw new Error(`-c ${prefix}DomainName and -c ${prefix}CertificateArn go together`);
    }
    return { domainName, certificateArn };
  };
  const apiDomain = domain('api');
  const feedsDomain = domain('feeds');
  const alarmEmail = text('alarmEmail');
  const sendRate = text('alertSendRate') ?? String(context('alertSendRate') ?? '14');
  const alertSendRate = Number(sendRate);
  // Two a second at least: a sender's batch at half the rate must fit in Lambda's 15 minutes.
  // (The sandbox's one a second sends to verified addresses only: no use for alerts.)
  if (!(alertSendRate >= 2 && alertSendRate <= 10_000)) throw new Error(`-c alertSendRate must be SES's sending rate in mails a second (2 to 10000), not "${sendRate}"`);
  const prod = stage === 'prod';
  return {
    stage,
    retainData: prod,
    logRetention: prod ? RetentionDays.ONE_YEAR : RetentionDays.ONE_MONTH,
    logLevel: prod ? 'INFO' : 'DEBUG',
    throttle: prod ? { rateLimit: 100, burstLimit: 200 } : { rateLimit: 20, burstLimit: 40 },
    ...(apiDomain ? { apiDomain } : {}),
    ...(feedsDomain ? { feedsDomain } : {}),
    ...(alarmEmail ? { alarmEmail } : {}),
    alertSendRate,
  };
}
