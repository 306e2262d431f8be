// The topic partners subscribe to. Encrypted with a key of our own (rotated) so the
// publisher's right to use it is an explicit grant; HTTPS-only by topic policy.
import { Construct } from 'constructs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { removalPolicy, type StageConfig } from './stage.ts';

export class ReleasesTopic extends Construct {
  readonly topic: sns.Topic;
  readonly key: kms.Key;

  constructor(scope: Construct, id: string, config: StageConfig) {
    super(scope, id);
    this.key = new kms.Key(this, 'Key', {
      description: `pressroom releases topic (${config.stage})`,
      enableKeyRotation: true,
      removalPolicy: removalPolicy(config),
    });
    this.topic = new sns.Topic(this, 'Topic', {
      displayName: 'Pressroom releases',
      masterKey: this.key,
      enforceSSL: true,
      // SHA256withRSA, as the partner contract and the local engine sign; AWS's default is
      // version 1 (SHA1).
      signatureVersion: '2',
    });
  }

  /** Publish, and the key operations an encrypted topic needs from its publisher. */
  grantPublish(grantee: iam.IGrantable): void {
    this.topic.grantPublish(grantee);
  }

  /** What the subscriptions API does: subscribe partners, read their status, remove them. */
  grantManageSubscriptions(role: iam.Role): void {
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'ManageReleaseSubscriptions',
        actions: ['sns:Subscribe'],
        resources: [this.topic.topicArn],
      }),
    );
    // These two act on a subscription ARN and IAM supports no resource-level permission
    // for them (the service authorization reference lists no resource type), so `*` is the
    // only resource that works. The handler only passes ARNs it recorded when it subscribed them to this topic.
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'ReadAndRemoveSubscriptions',
        actions: ['sns:Unsubscribe', 'sns:GetSubscriptionAttributes'],
        resources: ['*'],
      }),
    );
  }
}
