// What e-mail alerts need in AWS before a function sends one: the subscribers' table (no
// stream, its own key, TTL for requests never confirmed), the sending domain as an SES
// identity with Easy DKIM (its domain is that of the site configuration's alerts.sender), and
// a configuration set that has SES keep bounced and complaining addresses off every later
// send. The operator publishes the DKIM records the stack outputs in the domain's DNS.
import { Construct } from 'constructs';
import { CfnOutput, Fn } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as kms from 'aws-cdk-lib/aws-kms';
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

  constructor(scope: Construct, id: string, props: AlertMailProps) {
    super(scope, id);
    const { config } = props;
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
}
