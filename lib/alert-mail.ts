// What e-mail alerts need in AWS before a function sends one: the subscribers' table (no
// stream, its own key, TTL for requests never confirmed), the sending domain as an SES
// identity with Easy DKIM (its domain is that of the site configuration's alerts.sender), and
// a configuration set that has SES keep bounced and complaining addresses off every later
// send; and the two queues alerts travel through: the releases topic's mailed events (a raw
// SNS subscription filtered to them) to the fan-out, and the fan-out's mail jobs to the sender,
// encrypted with the subscribers' key since jobs carry addresses. The operator publishes the
// DKIM records the stack outputs in the domain's DNS.
import { Construct } from 'constructs';
import { CfnOutput, Duration, Fn, Stack, Validations } from 'aws-cdk-lib';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as ses from 'aws-cdk-lib/aws-ses';
import { subscriberTableDefinition } from '../lambdas/adapters/subscriber-store.ts';
import { TTL_ATTRIBUTE } from '../lambdas/adapters/table-layout.ts';
import { ALERT_EVENTS_FILTER_POLICY } from '../lambdas/core/alerts/alert-kind.ts';
import { JOBS_PER_BATCH } from '../lambdas/core/alerts/send-pace.ts';
import { FIVE_MINUTES, type Alarms } from './alarms.ts';
import { deadLetterQueue, guardAsyncInvocations } from './dead-letter-queue.ts';
import { pascalCase } from './functions.ts';
import type { ReleasesTopic } from './releases-topic.ts';
import { removalPolicy, type StageConfig } from './stage.ts';

const definition = subscriberTableDefinition('unused');

const keyAttribute = (keyType: 'HASH' | 'RANGE'): dynamodb.Attribute => {
  const name = definition.KeySchema.find((key) => key.KeyType === keyType)!.AttributeName;
  const type = definition.AttributeDefinitions.find((attribute) => attribute.AttributeName === name)!.AttributeType;
  return { name, type: type as dynamodb.AttributeType };
};

export interface AlertMailProps {
  config: StageConfig;
  /** The From address of every alert (the site configuration's alerts.sender). */
  sender: string;
  topic: ReleasesTopic;
  alarms: Alarms;
  /** How long the sender may take over one job (senderTimeoutSeconds at its rate): the mail queue's visibility follows from it. */
  senderTimeout: Duration;
}

/** Receives of a message its consumer fails on before the queue's redrive keeps it aside. */
const RECEIVES_BEFORE_GIVING_UP = 5;

/**
 * Senders at once: SQS's least maximum concurrency for an event source. Each sends at its share
 * of the account's rate (lambdas/core/alerts/send-pace.ts).
 */
export const SENDERS = 2;

export class AlertMail extends Construct {
  readonly subscribers: dynamodb.Table;
  readonly key: kms.Key;
  readonly identity: ses.EmailIdentity;
  readonly configurationSet: ses.ConfigurationSet;
  /** The alert key (ALERT_KEY_SECRET_ARN): 64 letters and digits, read as base64url, 48 bytes. */
  readonly linkKey: secretsmanager.Secret;
  /** The From address of every alert. */
  readonly sender: string;
  /** The releases topic's mailed events, which alert-fanout consumes. */
  readonly events: sqs.Queue;
  /** The mail jobs alert-fanout makes (addresses included), which alert-mail sends. */
  readonly mails: sqs.Queue;
  private readonly alarms: Alarms;

  constructor(scope: Construct, id: string, props: AlertMailProps) {
    super(scope, id);
    const { config } = props;
    this.sender = props.sender;
    this.alarms = props.alarms;
    this.linkKey = new secretsmanager.Secret(this, 'LinkKey', {
      description: 'pressroom: signs the links in alert mails and keys the hashes of subscribers\' addresses',
      generateSecretString: { passwordLength: 64, excludePunctuation: true, includeSpace: false },
      removalPolicy: removalPolicy(config),
    });
    Validations.of(this.linkKey).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason: 'The key signs the unsubscribe links in every alert already sent, which must keep working: rotating it would break them. It never leaves the alert functions, which read it at their start.',
    });
    this.key = new kms.Key(this, 'Key', {
      description: `pressroom alert subscribers (${config.stage})`,
      enableKeyRotation: true,
      removalPolicy: removalPolicy(config),
    });
    this.subscribers = new dynamodb.Table(this, 'Subscribers', {
      partitionKey: keyAttribute('HASH'),
      sortKey: keyAttribute('RANGE'),
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: this.key,
      timeToLiveAttribute: TTL_ATTRIBUTE,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: config.retainData,
      removalPolicy: removalPolicy(config),
    });
    this.configurationSet = new ses.ConfigurationSet(this, 'ConfigurationSet', {
      suppressionReasons: ses.SuppressionReasons.BOUNCES_AND_COMPLAINTS,
      reputationMetrics: true,
      tlsPolicy: ses.ConfigurationSetTlsPolicy.REQUIRE,
    });
    const domain = props.sender.slice(props.sender.lastIndexOf('@') + 1);
    this.identity = new ses.EmailIdentity(this, 'Identity', {
      identity: ses.Identity.domain(domain),
      configurationSet: this.configurationSet,
      dkimSigning: true,
    });
    // Six times each consumer's timeout, as Lambda advises for an SQS event source.
    const queue = (queueId: string, holds: string, visibility: Duration, key?: kms.Key) => {
      // The dead letters of the mail queue hold addresses too.
      const kept = deadLetterQueue(this, `${queueId}DeadLetters`, holds, key);
      const main = new sqs.Queue(this, queueId, {
        ...(key ? { encryption: sqs.QueueEncryption.KMS, encryptionMasterKey: key, dataKeyReuse: Duration.hours(1) } : { encryption: sqs.QueueEncryption.SQS_MANAGED }),
        enforceSSL: true,
        retentionPeriod: Duration.days(14),
        visibilityTimeout: visibility,
        deadLetterQueue: { queue: kept, maxReceiveCount: RECEIVES_BEFORE_GIVING_UP },
      });
      return { main, kept };
    };
    const events = queue('Events', 'release events alert-fanout could not fan out', Duration.minutes(6 * 5));
    const mails = queue('Mails', 'mail jobs alert-mail could not send after every retry', Duration.seconds(6 * props.senderTimeout.toSeconds()), this.key);
    this.events = events.main;
    this.mails = mails.main;
    props.topic.topic.addSubscription(
      new subscriptions.SqsSubscription(this.events, {
        rawMessageDelivery: true,
        filterPolicy: Object.fromEntries(
          Object.entries(ALERT_EVENTS_FILTER_POLICY).map(([attribute, values]) => [attribute, sns.SubscriptionFilter.stringFilter({ allowlist: [...values] })]),
        ),
      }),
    );
    for (const [name, { kept }, what] of [
      ['alert-events-unsent', events, 'release events whose alerts could not be fanned out (alert-fanout\'s log says why)'],
      ['alert-mails-unsent', mails, 'alert mails SES kept refusing for hours (alert-mail\'s log says why)'],
    ] as const) {
      props.alarms.add(this, `${pascalCase(name)}Alarm`, {
        name,
        description: `E-mail alerts: ${what}; they wait in the dead-letter queue`,
        metric: kept.metricApproximateNumberOfMessagesVisible({ period: FIVE_MINUTES, statistic: 'Maximum' }),
        threshold: 1,
      });
    }
    this.identity.dkimRecords.forEach((record, i) => {
      new CfnOutput(this, `DkimRecord${i + 1}`, {
        value: Fn.join(' ', [record.name, 'CNAME', record.value]),
        description: `DKIM record ${i + 1} of 3 to publish in the DNS of ${domain} before alerts can be sent`,
      });
    });
  }

  /**
   * What the alert pages' function does with subscribers: reads and writes single items
   * (transactions are authorised item by item), never a Query or Scan of the table; the table's
   * key, through DynamoDB only; the alert key; and sending as the alert sender under the
   * configuration set.
   */
  grantSubscriberPages(role: iam.Role): void {
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'SubscriberItems',
        actions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'],
        resources: [this.subscribers.tableArn],
      }),
    );
    this.grantTableKey(role);
    role.addToPrincipalPolicy(new iam.PolicyStatement({ sid: 'AlertKey', actions: ['secretsmanager:GetSecretValue'], resources: [this.linkKey.secretArn] }));
    this.grantSend(role);
  }

  /**
   * The daily digest: a schedule at the site's digest time in its zone invokes the digest run,
   * with a role that may do nothing else; what Scheduler or Lambda gives up on is kept, with an
   * alarm. EventBridge Scheduler keeps the wall-clock time across changes to summer time, as
   * lambdas/core/alerts/digest-time.ts does.
   */
  scheduleDigests(run: lambda.Function, digestTime: string, timeZone: string): void {
    const [hours, minutes] = digestTime.split(':').map(Number) as [number, number];
    const role = new iam.Role(this, 'DigestScheduleRole', {
      description: 'pressroom scheduler: invokes alert-digest at the digest time',
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', { conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } } }),
    });
    const kept = deadLetterQueue(this, 'DigestDeadLetters', "of the daily digest's invocations: each message names the run that was given up on");
    role.addToPrincipalPolicy(new iam.PolicyStatement({ sid: 'InvokeDigest', actions: ['lambda:InvokeFunction'], resources: [run.functionArn] }));
    role.addToPrincipalPolicy(new iam.PolicyStatement({ sid: 'DeadLetters', actions: ['sqs:SendMessage'], resources: [kept.queueArn] }));
    const schedule = new scheduler.CfnSchedule(this, 'DigestSchedule', {
      description: 'Sends the daily digests of e-mail alerts',
      scheduleExpression: `cron(${minutes} ${hours} * * ? *)`,
      scheduleExpressionTimezone: timeZone,
      flexibleTimeWindow: { mode: 'OFF' },
      state: 'ENABLED',
      target: {
        arn: run.functionArn,
        roleArn: role.roleArn,
        input: '{}',
        retryPolicy: { maximumRetryAttempts: 10, maximumEventAgeInSeconds: 6 * 3600 },
        deadLetterConfig: { arn: kept.queueArn },
      },
    });
    schedule.node.addDependency(role);
    // One run at a time: two runs of one digest at once would both queue it.
    (run.node.defaultChild as lambda.CfnFunction).reservedConcurrentExecutions = 1;
    guardAsyncInvocations(this, run, kept, this.alarms, {
      retryAttempts: 2,
      maxEventAge: Duration.hours(6),
      deadLetterAlarm: {
        name: 'alert-digest-dead-letters',
        description: "E-mail alerts: the daily digest's run was given up on (see the dead-letter queue); invoke alert-digest with its due instant to send it",
      },
      errorAlarm: { name: 'alert-digest-errors', description: 'E-mail alerts (alert-digest): a digest run failed (threw or timed out); it is retried and carries on where it stopped' },
    });
  }

  /** The digest run: the feeds with entries, their daily followers (Query), its progress per feed; queues mail jobs. */
  grantDigestRun(role: iam.Role): void {
    this.allowSubscriberItems(role, 'DigestFeedsAndFollowers', ['dynamodb:Query'], ['digestfeeds#*', 'followers#*']);
    // Its own runs' progress only (`digest <due> <feed>`), never an event's.
    this.allowSubscriberItems(role, 'DigestProgress', ['dynamodb:GetItem', 'dynamodb:PutItem'], ['fanout#digest *']);
    this.grantTableKey(role);
    this.grantQueueJobs(role);
  }

  private allowSubscriberItems(role: iam.Role, sid: string, actions: string[], partitions: string[]): void {
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid,
        actions,
        resources: [this.subscribers.tableArn],
        conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': partitions } },
      }),
    );
  }

  /** The fan-out: reads a release's followers (Query of follower partitions), records its progress and the digests' entries; queues mail jobs. */
  grantFanOut(role: iam.Role): void {
    this.allowSubscriberItems(role, 'DigestEntries', ['dynamodb:PutItem'], ['digest#*', 'digestfeeds#*']);
    this.allowSubscriberItems(role, 'Followers', ['dynamodb:Query'], ['followers#*']);
    this.allowSubscriberItems(role, 'FanOutProgress', ['dynamodb:GetItem', 'dynamodb:PutItem'], ['fanout#*']);
    this.grantTableKey(role);
    this.grantQueueJobs(role);
  }

  /** The sender: re-reads the follows it is about to mail, signs links, sends, and puts back what SES did not take. */
  grantSender(role: iam.Role): void {
    this.allowSubscriberItems(role, 'StillFollowing', ['dynamodb:BatchGetItem'], ['followers#*']);
    this.allowSubscriberItems(role, 'DigestEntriesRead', ['dynamodb:Query'], ['digest#*']);
    this.grantTableKey(role);
    role.addToPrincipalPolicy(new iam.PolicyStatement({ sid: 'AlertKey', actions: ['secretsmanager:GetSecretValue'], resources: [this.linkKey.secretArn] }));
    this.grantSend(role);
    this.grantQueueJobs(role);
  }

  /** Each queue feeds its function, a record it fails on handed back alone: an event at a time, and JOBS_PER_BATCH jobs to each of SENDERS senders at once. */
  consume(fanOut: lambda.Function, sender: lambda.Function): void {
    fanOut.addEventSource(new SqsEventSource(this.events, { batchSize: 1, reportBatchItemFailures: true }));
    sender.addEventSource(new SqsEventSource(this.mails, { batchSize: JOBS_PER_BATCH, reportBatchItemFailures: true, maxConcurrency: SENDERS }));
    for (const [name, fn] of [
      ['alert-fanout-errors', fanOut],
      ['alert-mail-errors', sender],
    ] as const) {
      this.alarms.add(this, `${pascalCase(name)}Alarm`, {
        name,
        description: `The ${fn === fanOut ? 'alert-fanout' : 'alert-mail'} function crashed or timed out`,
        metric: fn.metricErrors({ period: FIVE_MINUTES, statistic: 'Sum' }),
        threshold: 1,
      });
    }
  }

  /** Sending jobs into the mail queue, whose key SQS uses on the sender's behalf. */
  private grantQueueJobs(role: iam.Role): void {
    role.addToPrincipalPolicy(new iam.PolicyStatement({ sid: 'QueueMailJobs', actions: ['sqs:SendMessage'], resources: [this.mails.queueArn] }));
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'MailQueueKey',
        actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
        resources: [this.key.keyArn],
        conditions: { StringEquals: { 'kms:ViaService': `sqs.${Stack.of(this).region}.amazonaws.com` } },
      }),
    );
  }

  private grantTableKey(role: iam.Role): void {
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'SubscribersKey',
        actions: ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey'],
        resources: [this.key.keyArn],
        conditions: { StringEquals: { 'kms:ViaService': `dynamodb.${Stack.of(this).region}.amazonaws.com` } },
      }),
    );
  }

  private grantSend(role: iam.Role): void {
    const stack = Stack.of(this);
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'SendAlerts',
        actions: ['ses:SendEmail'],
        resources: [
          stack.formatArn({ service: 'ses', resource: 'identity', resourceName: this.identity.emailIdentityName }),
          stack.formatArn({ service: 'ses', resource: 'configuration-set', resourceName: this.configurationSet.configurationSetName }),
        ],
        conditions: { StringEquals: { 'ses:FromAddress': this.sender } },
      }),
    );
  }
}
