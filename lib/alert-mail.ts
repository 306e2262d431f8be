// What e-mail alerts need in AWS before a function sends one: the subscribers' table (no
// stream, its own key, TTL for requests never confirmed), the sending domain as an SES
// identity with Easy DKIM (its domain is that of the site configuration's alerts.sender), and
// a configuration set that has SES keep bounced and complaining addresses off every later
// send. The operator publishes the DKIM records the stack outputs in the domain's DNS.
import { Construct } from 'constructs';
import { CfnOutput, Fn, Stack, Validations } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as ses from 'aws-cdk-lib/aws-ses';
import { subscriberTableDefinition } from '../lambdas/adapters/subscriber-store.ts';
import { TTL_ATTRIBUTE } from '../lambdas/adapters/table-layout.ts';
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
}

export class AlertMail extends Construct {
  readonly subscribers: dynamodb.Table;
  readonly key: kms.Key;
  readonly identity: ses.EmailIdentity;
  readonly configurationSet: ses.ConfigurationSet;
  /** The alert key (ALERT_KEY_SECRET_ARN): 64 letters and digits, read as base64url, 48 bytes. */
  readonly linkKey: secretsmanager.Secret;
  /** The From address of every alert. */
  readonly sender: string;

  constructor(scope: Construct, id: string, props: AlertMailProps) {
    super(scope, id);
    const { config } = props;
    this.sender = props.sender;
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
