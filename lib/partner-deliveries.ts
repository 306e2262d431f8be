// What SNS could not deliver to partners: every subscription's RedrivePolicy names this queue
// (the subscriptions function sets it at Subscribe), SNS alone may send to it, and the
// delivery-failures function records each letter against its subscription. Alarms fire when
// a delivery fails for good, when SNS cannot even put it in the queue, and when a letter
// cannot be recorded.
import { Construct } from 'constructs';
import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { FIVE_MINUTES, type Alarms } from './alarms.ts';
import { deadLetterQueue } from './dead-letter-queue.ts';
import type { PressroomFunction } from './lambda-function.ts';
import type { ReleasesTopic } from './releases-topic.ts';

export interface PartnerDeliveriesProps {
  topic: ReleasesTopic;
  alarms: Alarms;
}

/** Tries of a letter the recorder fails on before it goes to the unrecorded queue. */
const RECEIVES_BEFORE_GIVING_UP = 5;

export class PartnerDeliveries extends Construct {
  /** The RedrivePolicy target of every partner subscription. */
  readonly deadLetters: sqs.Queue;
  /** Letters the recorder could not record. */
  readonly unrecorded: sqs.Queue;
  private readonly alarms: Alarms;

  constructor(scope: Construct, id: string, props: PartnerDeliveriesProps) {
    super(scope, id);
    this.alarms = props.alarms;
    this.unrecorded = deadLetterQueue(this, 'Unrecorded', 'partner dead letters the delivery-failures function could not record; each is the SNS notification of one event');
    this.deadLetters = new sqs.Queue(this, 'DeadLetters', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
      // Six times the recorder's timeout, as Lambda advises for an SQS event source.
      visibilityTimeout: Duration.seconds(6 * 30),
      deadLetterQueue: { queue: this.unrecorded, maxReceiveCount: RECEIVES_BEFORE_GIVING_UP },
    });
    // Only SNS, for the releases topic, may put letters in it.
    this.deadLetters.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'ReleasesTopicDeadLetters',
        principals: [new iam.ServicePrincipal('sns.amazonaws.com')],
        actions: ['sqs:SendMessage'],
        resources: [this.deadLetters.queueArn],
        conditions: { ArnEquals: { 'aws:SourceArn': props.topic.topic.topicArn } },
      }),
    );
    const topicMetric = (metricName: string) =>
      new cloudwatch.Metric({
        namespace: 'AWS/SNS',
        metricName,
        dimensionsMap: { TopicName: props.topic.topic.topicName },
        period: FIVE_MINUTES,
        statistic: 'Sum',
      });
    props.alarms.add(this, 'RedrivenAlarm', {
      name: 'partner-deliveries-failed',
      description:
        'Partner webhooks: a message could not be delivered within its hour of retries (GET /v1/subscriptions/{id} lists it under failedDeliveries; POST .../redeliver sends it again)',
      metric: topicMetric('NumberOfNotificationsRedrivenToDlq'),
      threshold: 1,
    });
    props.alarms.add(this, 'RedriveFailedAlarm', {
      name: 'partner-dead-letters-lost',
      description: 'Partner webhooks: SNS could not put an undeliverable message in the dead-letter queue (the partner can still read it from /v1/events)',
      metric: topicMetric('NumberOfNotificationsFailedToRedriveToDlq'),
      threshold: 1,
    });
    props.alarms.add(this, 'UnrecordedAlarm', {
      name: 'partner-dead-letters-unrecorded',
      description: 'Partner webhooks: dead letters the delivery-failures function could not record (its logs say why)',
      metric: this.unrecorded.metricApproximateNumberOfMessagesVisible({ period: FIVE_MINUTES, statistic: 'Maximum' }),
      threshold: 1,
    });
  }

  /** The recorder: fed by the queue, a letter it fails on handed back alone (ReportBatchItemFailures). */
  consume(recorder: PressroomFunction): void {
    recorder.function.addEventSource(new SqsEventSource(this.deadLetters, { batchSize: 10, reportBatchItemFailures: true }));
    this.alarms.add(this, 'RecorderErrorsAlarm', {
      name: 'delivery-failures-errors',
      description: 'The delivery-failures function crashed or timed out',
      metric: recorder.function.metricErrors({ period: FIVE_MINUTES, statistic: 'Sum' }),
      threshold: 1,
    });
  }
}
