// Where alarms go: an encrypted SNS topic (optionally with an e-mail subscription) that
// CloudWatch may publish to through the key policy.
import { Construct } from 'constructs';
import { Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { removalPolicy, type StageConfig } from './stage.ts';

export interface AlarmSpec {
  /** Short, stable name (prefixed with the stack name) that the README's alarm table uses. */
  name: string;
  /** Shown in the alarm name and the README's alarm list: what broke, in words. */
  description: string;
  metric: cloudwatch.IMetric;
  threshold: number;
  evaluationPeriods?: number;
  comparisonOperator?: cloudwatch.ComparisonOperator;
}

export class Alarms extends Construct {
  readonly topic: sns.Topic;
  private readonly action: actions.SnsAction;

  constructor(scope: Construct, id: string, config: StageConfig) {
    super(scope, id);
    const key = new kms.Key(this, 'Key', {
      description: `pressroom alarm topic (${config.stage})`,
      enableKeyRotation: true,
      removalPolicy: removalPolicy(config),
    });
    // CloudWatch publishes as a service and must be able to use the topic's key.
    key.grant(new iam.ServicePrincipal('cloudwatch.amazonaws.com'), 'kms:Decrypt', 'kms:GenerateDataKey*');
    this.topic = new sns.Topic(this, 'Topic', { displayName: 'Pressroom alarms', masterKey: key, enforceSSL: true });
    if (config.alarmEmail) this.topic.addSubscription(new subscriptions.EmailSubscription(config.alarmEmail));
    this.action = new actions.SnsAction(this.topic);
  }

  /** An alarm that fires on the first bad period and tells the alarm topic both ways. */
  add(scope: Construct, id: string, spec: AlarmSpec): cloudwatch.Alarm {
    const alarm = new cloudwatch.Alarm(scope, id, {
      alarmName: `${Stack.of(scope).stackName}-${spec.name}`,
      alarmDescription: spec.description,
      metric: spec.metric,
      threshold: spec.threshold,
      evaluationPeriods: spec.evaluationPeriods ?? 1,
      comparisonOperator: spec.comparisonOperator ?? cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      // No data means no traffic, not trouble.
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(this.action);
    alarm.addOkAction(this.action);
    return alarm;
  }
}

export const FIVE_MINUTES = Duration.minutes(5);
