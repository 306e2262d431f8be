// The private bucket photos and documents are uploaded to (a presigned POST from the media
// function) and their cleaned renditions wait in until a release using them is public: each new
// `uploads/<id>` object invokes process-media, unprocessed uploads expire after a day, renditions
// stay. Nothing here is ever public; the stream consumers (notify and feeds) copy a public release's renditions to
// the site.
import { Construct } from 'constructs';
import { Aws, Duration, Fn, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { renditionKey, UPLOAD_PREFIX } from '../lambdas/core/media-keys.ts';
import type { Alarms } from './alarms.ts';
import { deadLetterQueue, guardAsyncInvocations } from './dead-letter-queue.ts';
import type { PressroomFunction } from './lambda-function.ts';

/** `renditions/*`, from the key rule itself. */
export const RENDITIONS_PATTERN = `${renditionKey('*', '').split('*')[0]}*`;
export const UPLOADS_PATTERN = `${UPLOAD_PREFIX}*`;

export const UPLOAD_PROCESSING = {
  /** Lambda's asynchronous retries of a processing that threw or timed out. */
  retryAttempts: 2,
  /** How long an event may wait in Lambda's queue (throttling) before it is dead-lettered. */
  maxEventAge: Duration.hours(6),
  /** An upload nobody processed is deleted after this (processing deletes it at once). */
  uploadExpiry: Duration.days(1),
} as const;

export interface MediaUploadsProps {
  /** Where the bucket's S3 server access logs go (the feeds site's log bucket). */
  logBucket: s3.IBucket;
  alarms: Alarms;
}

export class MediaUploads extends Construct {
  readonly bucket: s3.Bucket;
  /**
   * The bucket's name, made from the stack's id rather than read from the bucket: the bucket's
   * notification names process-media, so process-media (its UPLOADS_BUCKET and its grants)
   * cannot refer to the bucket without a dependency cycle.
   */
  readonly bucketName: string;
  readonly deadLetters: sqs.Queue;
  private readonly alarms: Alarms;

  constructor(scope: Construct, id: string, props: MediaUploadsProps) {
    super(scope, id);
    this.alarms = props.alarms;
    // The last group of the stack id's UUID: unique per stack creation, so a bucket retained by
    // a deleted stack never blocks creating the stack again.
    const stackUnique = Fn.select(4, Fn.split('-', Fn.select(2, Fn.split('/', Aws.STACK_ID))));
    const stackName = Stack.of(this).stackName;
    // A bucket name is at most 63 characters: the stack's name, -uploads-, 12 hex digits.
    if (Token.isUnresolved(stackName) || stackName.length > 42) {
      throw new Error(`the uploads bucket is named after the stack: give it a literal name of at most 42 characters, not "${stackName}"`);
    }
    this.bucketName = `${stackName.toLowerCase()}-uploads-${stackUnique}`;

    this.bucket = new s3.Bucket(this, 'Bucket', {
      bucketName: this.bucketName,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: props.logBucket,
      serverAccessLogsPrefix: 's3-uploads/',
      lifecycleRules: [
        { id: 'ExpireUnprocessedUploads', prefix: UPLOAD_PREFIX, expiration: UPLOAD_PROCESSING.uploadExpiry },
        { id: 'AbortIncompleteMultipartUploads', abortIncompleteMultipartUploadAfter: Duration.days(1) },
      ],
      // Kept in every stage, as the feeds bucket: deleting a non-empty bucket would fail the stack deletion.
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.deadLetters = deadLetterQueue(
      this,
      'DeadLetters',
      "of process-media's asynchronous invocations (the S3 object-created event, which names the upload); a media item stays 'awaiting upload' or 'processing' until it is replayed",
    );
  }

  /** An ARN in the bucket, built from its name (see bucketName). */
  arn(pattern?: string): string {
    return `arn:${Aws.PARTITION}:s3:::${this.bucketName}${pattern === undefined ? '' : `/${pattern}`}`;
  }

  /**
   * Every object created under uploads/ invokes the function (renditions/ does not, so its own
   * writes never do), asynchronously: retried, then dead-lettered, with alarms on both.
   */
  notify(target: PressroomFunction): void {
    const fn = target.function;
    // S3 checks, when the configuration is set, that it may invoke the function: the permission
    // comes first, and only this bucket of this account may use it.
    const permission = new lambda.CfnPermission(this, 'InvokePermission', {
      action: 'lambda:InvokeFunction',
      functionName: fn.functionArn,
      principal: 's3.amazonaws.com',
      sourceAccount: Aws.ACCOUNT_ID,
      sourceArn: this.arn(),
    });
    const bucket = this.bucket.node.defaultChild as s3.CfnBucket;
    bucket.notificationConfiguration = {
      lambdaConfigurations: [
        {
          event: 's3:ObjectCreated:*',
          function: fn.functionArn,
          filter: { s3Key: { rules: [{ name: 'prefix', value: UPLOAD_PREFIX }] } },
        },
      ],
    };
    bucket.addResourceDependency(permission);

    guardAsyncInvocations(this, fn, this.deadLetters, this.alarms, {
      retryAttempts: UPLOAD_PROCESSING.retryAttempts,
      maxEventAge: UPLOAD_PROCESSING.maxEventAge,
      deadLetterAlarm: {
        name: 'process-media-dead-letters',
        description:
          'Media processing: an upload could not be processed after retries (see the dead-letter queue, which holds the S3 event); its media item is stuck until the event is replayed, and the upload expires after a day',
      },
      errorAlarm: {
        name: 'process-media-errors',
        description: 'Media processing (process-media): invocations failed (threw, ran out of memory or timed out); Lambda retries them',
      },
    });
  }

  /** The media function signs the presigned POST, which S3 authorises as a PutObject by its role. */
  grantUploadForms(role: iam.Role): void {
    this.allow(role, 'SignUploadForms', ['s3:PutObject'], UPLOADS_PATTERN);
  }

  /** process-media: read and delete uploads, write renditions. */
  grantProcessing(role: iam.Role): void {
    this.allow(role, 'ReadAndDeleteUploads', ['s3:GetObject', 's3:DeleteObject'], UPLOADS_PATTERN);
    this.allow(role, 'WriteRenditions', ['s3:PutObject'], RENDITIONS_PATTERN);
  }

  /** The stream consumers copy a public release's renditions to the site. */
  grantRenditionReads(role: iam.Role): void {
    this.allow(role, 'ReadRenditions', ['s3:GetObject'], RENDITIONS_PATTERN);
  }

  private allow(role: iam.Role, sid: string, actions: string[], pattern: string): void {
    role.addToPrincipalPolicy(new iam.PolicyStatement({ sid, actions, resources: [this.arn(pattern)] }));
  }
}
