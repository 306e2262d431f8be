// The whole system: table → (API functions, stream consumers, the scheduled publish-due) → topic,
// feeds site and release schedules; the uploads bucket → process-media.
// Which functions exist comes from lib/functions.ts; what each may touch and which
// settings it reads are declared here, function by function, and nowhere else.
import { Construct } from 'constructs';
import { type CfnElement, CfnOutput, Duration, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import { gatewayRoutes, pageRoutes, type PageFunctionName } from '../lambdas/routes.ts';
import { ALERTS_PATH } from '../lambdas/core/alerts/alert-links.ts';
import { keys } from '../lambdas/adapters/table-layout.ts';
import { Alarms, FIVE_MINUTES } from './alarms.ts';
import { DataTable } from './data-table.ts';
import { FeedsSite, MEDIA_PREFIX } from './feeds-site.ts';
import {
  apiFunctionNames,
  functionConstructId,
  pageFunctionNames,
  pascalCase,
  scheduledFunctionNames,
  streamConsumerNames,
  uploadFunctionNames,
  queueFunctionNames,
  alertQueueFunctionNames,
  type PressroomFunctionName,
  type StreamConsumerName,
} from './functions.ts';
import { HttpApi } from './http-api.ts';
import { PressroomFunction } from './lambda-function.ts';
import { MediaUploads, RENDITIONS_PATTERN, UPLOADS_PATTERN } from './media-uploads.ts';
import { ReleaseScheduling } from './release-scheduling.ts';
import { ReleasesTopic } from './releases-topic.ts';
import { PartnerDeliveries } from './partner-deliveries.ts';
import { readSiteConfigFile, type SiteConfigFile } from './site-config-file.ts';
import type { StageConfig } from './stage.ts';
import { StreamConsumer } from './stream-consumer.ts';
import type { AlertQueueFunctionName, AlertScheduledFunctionName, QueueFunctionName, ScheduledFunctionName, UploadFunctionName } from '../lambdas/routes.ts';
import { daySitemapPath } from '../lambdas/core/sitemaps/sitemap-paths.ts';
import { AlertMail, SENDERS } from './alert-mail.ts';
import { senderRate, senderTimeoutSeconds } from '../lambdas/core/alerts/send-pace.ts';

export interface PressroomStackProps extends StackProps {
  config: StageConfig;
  /** The institution (pressroom.config.json, or the file PRESSROOM_CONFIG names, when absent). */
  site?: SiteConfigFile;
}

/** Lambda's limit for all of a function's environment variables together. */
const ENVIRONMENT_LIMIT_BYTES = 4096;

interface Resources {
  table: dynamodb.Table;
  topic: ReleasesTopic;
  feeds: FeedsSite;
  uploads: MediaUploads;
  deliveries: PartnerDeliveries;
  /** Only known once the API exists, i.e. for the stream consumers. */
  apiBaseUrl: string;
  /** SITE_CONFIG: the validated JSON of the site configuration. */
  siteConfig: string;
  /** Only known once publish-due exists, i.e. for the stream consumers. */
  scheduling?: ReleaseScheduling;
  /** Only when the site configuration has alerts. */
  alertMail?: AlertMail;
  /** The account's SES sending rate (StageConfig.alertSendRate). */
  alertSendRate: number;
}

const alertMail = (r: Resources): AlertMail => {
  if (!r.alertMail) throw new Error('the alert functions exist only when the site configuration has alerts');
  return r.alertMail;
};

const scheduling = (r: Resources): ReleaseScheduling => {
  if (!r.scheduling) throw new Error('the release schedules are made after the scheduled functions, before the stream consumers');
  return r.scheduling;
};

interface FunctionSpec {
  description: string;
  environment?: (r: Resources) => Record<string, string>;
  /** Everything the function may do beyond writing its own logs. */
  grant: (role: iam.Role, r: Resources) => void;
  /** A fixed one, or one that follows from the resources (the sender's, from the sending rate). */
  timeout?: Duration | ((r: Resources) => Duration);
  memorySize?: number;
  /** Native packages installed for Lambda's platform instead of bundled (PressroomFunctionProps). */
  installedModules?: readonly string[];
}


/** `release#*` from keys.release('*'): the partition-key prefixes, taken from the layout itself. */
const prefix = (pk: string) => (pk.includes('*') ? pk.slice(0, pk.indexOf('*') + 1) : pk);
export const PARTITIONS = {
  token: prefix(keys.token('*').pk),
  partnerToken: keys.partnerToken('*').pk,
  failedDeliveries: prefix(keys.failedDeliveriesPartition('*')),
  release: prefix(keys.release('*').pk),
  feed: prefix(keys.feedPartition('*')),
  officials: keys.officialsPartition,
  idempotency: prefix(keys.idempotency('*', 'any').pk),
  subscriptions: keys.subscriptionsPartition,
  notified: prefix(keys.notified('*', 0, 'any').pk),
  feedRegistry: keys.feedRegistryPartition,
  /** Each feed's closed archive pages, kept by the feeds function alone. */
  archive: prefix(keys.archivePartition('*')),
  /** The days that have a sitemap, kept by the feeds function alone. */
  sitemaps: keys.sitemapsPartition,
  /** The feeds function's render leases, one per feed and one for the directory. */
  renderLease: prefix(keys.renderLease('*').pk),
  /** The press office's lists of drafts and scheduled releases. */
  status: prefix((keys.statusPartition as (status: string) => string)('*')),
  scheduled: keys.statusPartition('scheduled'),
  media: prefix(keys.media('*').pk),
  /** Translation groups: each member's write rewrites its group's item. */
  group: prefix(keys.releaseGroup('*').pk),
  /** The event log, its sequence and its one-per-eventId markers. */
  eventLog: keys.eventLogPartition,
  eventSequence: keys.eventSequence.pk,
  eventIds: prefix(keys.loggedEventId('*').pk),
} as const;

/**
 * Item access on the table, optionally only to items whose partition key matches and only
 * touching the given top-level attributes.
 */
function allowItems(
  role: iam.Role,
  table: dynamodb.ITable,
  sid: string,
  actions: string[],
  partitions?: string[],
  attributes?: string[],
): void {
  const conditions = {
    ...(partitions ? { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': partitions } } : {}),
    ...(attributes ? { 'ForAllValues:StringEquals': { 'dynamodb:Attributes': attributes } } : {}),
  };
  role.addToPrincipalPolicy(
    new iam.PolicyStatement({
      sid,
      actions,
      resources: [table.tableArn],
      ...(Object.keys(conditions).length ? { conditions } : {}),
    }),
  );
}

// Every API function authenticates callers by reading the tokens partition and records a
// token's last use there (one conditional UpdateItem a minute at most). The update may touch
// nothing but lastUsedAt, so no API function can change a token's scope or mint one.
// Partner tokens are in a partition of their own, read and touched the same way.
function grantTokenUse(role: iam.Role, table: dynamodb.ITable): void {
  allowItems(role, table, 'TokenLookup', ['dynamodb:GetItem'], [PARTITIONS.token, PARTITIONS.partnerToken]);
  allowItems(role, table, 'TokenLastUse', ['dynamodb:UpdateItem'], [PARTITIONS.token, PARTITIONS.partnerToken], ['pk', 'sk', 'lastUsedAt']);
}

/**
 * Both stream consumers put a public release's media on the site: its renditions copied from
 * the uploads bucket to the site's media/ (deleted there when no public release uses them), the
 * use recorded on the media item (UpdateItem) and read back (GetItem), and the release read as it
 * is now (GetItem).
 */
function grantMediaPublication(role: iam.Role, { table, feeds, uploads }: Pick<Resources, 'table' | 'feeds' | 'uploads'>): void {
  uploads.grantRenditionReads(role);
  feeds.grantMediaWriter(role);
  allowItems(role, table, 'PublishedMedia', ['dynamodb:GetItem', 'dynamodb:UpdateItem'], [PARTITIONS.media]);
  // The release as it is now: an old stream record must not publish what a later change withdrew.
  allowItems(role, table, 'CurrentRelease', ['dynamodb:GetItem'], [PARTITIONS.release]);
}

const PAGE_FUNCTIONS: Record<PageFunctionName, FunctionSpec> = {
  alerts: {
    description: 'E-mail alert pages: the subscribe form, and the pages of the confirmation and unsubscribe links',
    environment: (r) => ({
      SUBSCRIBERS_TABLE: alertMail(r).subscribers.tableName,
      ALERT_KEY_SECRET_ARN: alertMail(r).linkKey.secretArn,
      ALERT_FROM: alertMail(r).sender,
      ALERT_CONFIGURATION_SET: alertMail(r).configurationSet.configurationSetName,
      // The feeds' titles in the mails, and the pages' words; links point at the site.
      SITE_CONFIG: r.siteConfig,
      PUBLIC_BASE_URL: r.feeds.baseUrl,
    }),
    grant: (role, r) => {
      alertMail(r).grantSubscriberPages(role);
      // The officials' names title their feeds.
      allowItems(role, r.table, 'Officials', ['dynamodb:Query'], [PARTITIONS.officials]);
    },
  },
};

const API_FUNCTIONS: Record<string, FunctionSpec> = {
  releases: {
    description: 'Releases API: create, read, list, correct, retract',
    // Granted per partition and action, exactly what the code does (the IAM check of the
    // test suite holds it to that): it writes releases, moves feed entries (Put and Delete),
    // records idempotency keys, and only reads officials and tokens, so a flaw in it cannot
    // mint a token or rename an official. Only drafts and scheduled releases are deleted
    // (DeleteItem on release#): the handler retracts a published one instead.
    // The public base URL makes the URLs of the renditions a release keeps (its files); the
    // site configuration names the institution in a ninjs answer (tag URIs, rights).
    environment: ({ feeds, siteConfig }) => ({ PUBLIC_BASE_URL: feeds.baseUrl, SITE_CONFIG: siteConfig }),
    grant: (role, { table }) => {
      allowItems(role, table, 'ReadReleases', ['dynamodb:GetItem', 'dynamodb:BatchGetItem'], [PARTITIONS.release]);
      // What the media a release names are, read at every write (the publish gate).
      allowItems(role, table, 'ReadMedia', ['dynamodb:BatchGetItem'], [PARTITIONS.media]);
      allowItems(role, table, 'QueryFeedsOfficialsAndStatus', ['dynamodb:Query'], [PARTITIONS.feed, PARTITIONS.officials, PARTITIONS.status]);
      allowItems(role, table, 'WriteReleases', ['dynamodb:PutItem', 'dynamodb:DeleteItem'], [PARTITIONS.release]);
      allowItems(role, table, 'MoveIndexEntries', ['dynamodb:PutItem', 'dynamodb:DeleteItem'], [PARTITIONS.feed, PARTITIONS.status]);
      // A translation's key is looked up before its group is checked (its first write took its language).
      allowItems(role, table, 'RecordIdempotencyKeys', ['dynamodb:GetItem', 'dynamodb:PutItem'], [PARTITIONS.idempotency]);
      // A member's write rewrites its group (read first); the first translation marks the release
      // the group started from, touching nothing but its group.
      allowItems(role, table, 'TranslationGroups', ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:PutItem'], [PARTITIONS.group]);
      allowItems(role, table, 'MarkGroupStart', ['dynamodb:UpdateItem'], [PARTITIONS.release], ['pk', 'sk', 'group', 'version']);
      grantTokenUse(role, table);
    },
  },
  officials: {
    description: 'Officials registry: public list, admin create or update',
    grant: (role, { table }) => {
      allowItems(role, table, 'OfficialItems', ['dynamodb:Query', 'dynamodb:PutItem'], [PARTITIONS.officials]);
      grantTokenUse(role, table);
    },
  },
  media: {
    description: 'Media API: upload forms for photos and documents, their processing state',
    environment: ({ uploads, feeds }) => ({ UPLOADS_BUCKET: uploads.bucketName, PUBLIC_BASE_URL: feeds.baseUrl }),
    // It creates and reads media items, and signs upload forms for uploads/ (S3 authorises the
    // form's POST as a PutObject by the role that signed it); it never reads an upload.
    grant: (role, { table, uploads }) => {
      allowItems(role, table, 'MediaItems', ['dynamodb:GetItem', 'dynamodb:PutItem'], [PARTITIONS.media]);
      uploads.grantUploadForms(role);
      grantTokenUse(role, table);
    },
  },
  events: {
    description: 'Event log: every event partners were sent, after a cursor (a partner token: what its filter matches)',
    // The site configuration and the officials name the institution and the people in a ninjs answer.
    environment: ({ siteConfig }) => ({ SITE_CONFIG: siteConfig }),
    // Queries on the log's partition, and its newest position for an empty page's cursor; a
    // partner's subscription (its filter); the officials for ninjs. It never writes.
    grant: (role, { table }) => {
      allowItems(role, table, 'ReadEventLogAndOfficials', ['dynamodb:Query'], [PARTITIONS.eventLog, PARTITIONS.officials]);
      allowItems(role, table, 'NewestPositionAndPartnerFilter', ['dynamodb:GetItem'], [PARTITIONS.eventSequence, PARTITIONS.subscriptions]);
      grantTokenUse(role, table);
    },
  },
  openapi: {
    description: 'OpenAPI description of the API',
    // The document is static, but a caller's token is still checked (an invalid one is a 401).
    grant: (role, { table }) => grantTokenUse(role, table),
  },
  subscriptions: {
    description: 'Partner webhook subscriptions: subscribe, show, list, unsubscribe, redeliver',
    environment: ({ topic, deliveries }) => ({
      TOPIC_ARN: topic.topic.topicArn,
      ENDPOINT_POLICY: 'deployed',
      DELIVERY_DLQ_ARN: deliveries.deadLetters.queueArn,
    }),
    // Its records and their partner tokens (written and deleted together; it can mint no other
    // token), the failed deliveries it shows, the event log it redelivers from (read only), and
    // the topic: subscribing, and publishing a redelivery.
    grant: (role, { table, topic }) => {
      allowItems(role, table, 'SubscriptionItems', ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:DeleteItem'], [
        PARTITIONS.subscriptions,
      ]);
      allowItems(role, table, 'PartnerTokens', ['dynamodb:PutItem', 'dynamodb:DeleteItem'], [PARTITIONS.partnerToken]);
      allowItems(role, table, 'ReadEventLogAndFailures', ['dynamodb:Query'], [PARTITIONS.eventLog, PARTITIONS.failedDeliveries]);
      allowItems(role, table, 'LoggedEventsById', ['dynamodb:BatchGetItem'], [PARTITIONS.eventLog, PARTITIONS.eventIds]);
      grantTokenUse(role, table);
      topic.grantManageSubscriptions(role);
      topic.grantPublish(role);
    },
  },
};

const STREAM_CONSUMERS: Record<StreamConsumerName, FunctionSpec & { purpose: string }> = {
  notify: {
    description: 'Stream consumer: publishes release events to the partner topic',
    purpose: 'Partner notifications (notify)',
    timeout: Duration.seconds(60),
    environment: (r) => ({
      TOPIC_ARN: r.topic.topic.topicArn,
      // A partner fetches a release's photo when it hears of it: notify puts it on the site
      // first, as feeds does before it writes a feed.
      FEEDS_BUCKET: r.feeds.bucket.bucketName,
      UPLOADS_BUCKET: r.uploads.bucketName,
      PUBLIC_BASE_URL: r.feeds.baseUrl,
      API_BASE_URL: r.apiBaseUrl,
      // The site's time zone, which a release's schedule is expressed in.
      SITE_CONFIG: r.siteConfig,
      ...scheduling(r).environment,
    }),
    grant: (role, r) => {
      // The ledger of notified versions, so a redelivered record is not a second message.
      allowItems(role, r.table, 'NotificationLedger', ['dynamodb:GetItem', 'dynamodb:PutItem'], [PARTITIONS.notified]);
      // The event log: read its position, then append in one transaction (position, event, eventId).
      allowItems(role, r.table, 'EventLogPosition', ['dynamodb:GetItem'], [PARTITIONS.eventSequence]);
      // An event carries the public translations of its release, from its group.
      allowItems(role, r.table, 'TranslationGroups', ['dynamodb:GetItem'], [PARTITIONS.group]);
      allowItems(role, r.table, 'AppendEvents', ['dynamodb:PutItem'], [PARTITIONS.eventSequence, PARTITIONS.eventLog, PARTITIONS.eventIds]);
      r.topic.grantPublish(role);
      // One one-time schedule per scheduled release, in the release schedule group only.
      scheduling(r).grantScheduleManagement(role);
      grantMediaPublication(role, r);
    },
  },
  feeds: {
    description: 'Stream consumer: regenerates the feed files a change touches',
    purpose: 'Feed regeneration (feeds)',
    timeout: Duration.seconds(120),
    environment: ({ feeds, uploads, apiBaseUrl, siteConfig }) => ({
      FEEDS_BUCKET: feeds.bucket.bucketName,
      UPLOADS_BUCKET: uploads.bucketName,
      PUBLIC_BASE_URL: feeds.baseUrl,
      API_BASE_URL: apiBaseUrl,
      SITE_CONFIG: siteConfig,
    }),
    grant: (role, { table, feeds, uploads }) => {
      allowItems(role, table, 'QueryFeedsOfficialsAndRegistry', ['dynamodb:Query'], [
        PARTITIONS.feed,
        PARTITIONS.officials,
        PARTITIONS.feedRegistry,
        PARTITIONS.archive,
        PARTITIONS.sitemaps,
      ]);
      // A feed's archive pages are closed (PutItem) and found (Query) under its render lease.
      allowItems(role, table, 'FeedArchive', ['dynamodb:PutItem'], [PARTITIONS.archive]);
      // A day's sitemap records how many files it has (PutItem); the index is one Query of them.
      allowItems(role, table, 'SitemapDays', ['dynamodb:PutItem'], [PARTITIONS.sitemaps]);
      allowItems(role, table, 'ReadReleases', ['dynamodb:BatchGetItem'], [PARTITIONS.release]);
      // The entries of the feeds per language, which this function alone keeps (from the stream).
      allowItems(role, table, 'LanguageFeedEntries', ['dynamodb:BatchWriteItem'], [PARTITIONS.feed]);
      // A feed entry links the other public members of its release's group.
      allowItems(role, table, 'TranslationGroups', ['dynamodb:BatchGetItem'], [PARTITIONS.group]);
      // The registry of feeds that exist, which the feed directory is rendered from; a render
      // reads its feed's registration anew once it holds the feed's lease.
      allowItems(role, table, 'FeedRegistry', ['dynamodb:GetItem', 'dynamodb:PutItem'], [PARTITIONS.feedRegistry]);
      // Taking, wishing and letting go of render leases are conditional UpdateItems; a waiting
      // invocation reads the lease.
      allowItems(role, table, 'RenderLeases', ['dynamodb:GetItem', 'dynamodb:UpdateItem'], [PARTITIONS.renderLease]);
      feeds.grantFeedsWriter(role);
      grantMediaPublication(role, { table, feeds, uploads });
    },
  },
};

const SCHEDULED_FUNCTIONS: Record<ScheduledFunctionName, FunctionSpec> = {
  'publish-due': {
    description: 'Scheduled: publishes scheduled releases at their instant (one-time schedules, minute sweep)',
    // Scheduler may invoke it up to a minute before the instant, and it waits for it.
    timeout: Duration.seconds(90),
    // Exactly what the code does: finds the due releases (Query on the scheduled list, then
    // BatchGet), reads one (GetItem), and publishes it in one transaction: the release, its new
    // feed entries, and the removal of its scheduled entry. A scheduled release has no feed
    // entries, so none is ever deleted; drafts are never touched.
    grant: (role, { table }) => {
      allowItems(role, table, 'ReadReleases', ['dynamodb:GetItem', 'dynamodb:BatchGetItem'], [PARTITIONS.release]);
      allowItems(role, table, 'QueryScheduled', ['dynamodb:Query'], [PARTITIONS.scheduled]);
      allowItems(role, table, 'PublishReleases', ['dynamodb:PutItem'], [PARTITIONS.release, PARTITIONS.feed]);
      allowItems(role, table, 'RemoveScheduledEntries', ['dynamodb:DeleteItem'], [PARTITIONS.scheduled]);
      // A published translation's group records its new state.
      allowItems(role, table, 'TranslationGroups', ['dynamodb:GetItem', 'dynamodb:PutItem'], [PARTITIONS.group]);
    },
  },
};

const UPLOAD_FUNCTIONS: Record<UploadFunctionName, FunctionSpec> = {
  'process-media': {
    description: 'Uploads: checks an uploaded photo or document and writes its cleaned renditions',
    // The largest upload it accepts (100 MP, 49 MB) peaks at about 905 MB (BENCHMARKS.md, Media
    // processing): 44 % of this. 1536 MB would hold it at 59 %, too close for a noisy figure;
    // and Lambda's CPU share grows with memory.
    memorySize: 2048,
    // A 50 MB upload: read, checked, seven renditions encoded and written, well inside this.
    timeout: Duration.seconds(60),
    installedModules: ['sharp'],
    environment: ({ uploads }) => ({ UPLOADS_BUCKET: uploads.bucketName }),
    // Claims and completes the media item (conditional UpdateItems), reads and deletes the
    // upload, writes renditions; nothing else in the table or the bucket.
    grant: (role, { table, uploads }) => {
      allowItems(role, table, 'MediaItems', ['dynamodb:GetItem', 'dynamodb:UpdateItem'], [PARTITIONS.media]);
      uploads.grantProcessing(role);
    },
  },
};

const QUEUE_FUNCTIONS: Record<QueueFunctionName, FunctionSpec> = {
  'delivery-failures': {
    description: 'Partner dead letters: records each undeliverable message against its subscription',
    timeout: Duration.seconds(30),
    // The record holding the SNS subscription (its claim item), and the failure under it.
    grant: (role, { table }) => {
      allowItems(role, table, 'SubscriptionOfArn', ['dynamodb:GetItem'], [PARTITIONS.subscriptions]);
      allowItems(role, table, 'RecordFailedDeliveries', ['dynamodb:PutItem'], [PARTITIONS.failedDeliveries]);
    },
  },
};

/** The rate each sender gets, and so how long a job may take it. */
const alertSenderRate = (r: Pick<Resources, 'alertSendRate'>) => senderRate(r.alertSendRate, SENDERS);
function alertSenderTimeout(r: Pick<Resources, 'alertSendRate'>): Duration {
  const seconds = senderTimeoutSeconds(alertSenderRate(r));
  if (seconds > 900) throw new Error(`at ${r.alertSendRate} mails a second a sender's batch takes ${seconds} s, past Lambda's 15 minutes: raise -c alertSendRate`);
  return Duration.seconds(seconds);
}

/** What every alert function reads: the subscribers, the sender, the site's words and links. */
const alertEnvironment = (r: Resources) => ({
  SUBSCRIBERS_TABLE: alertMail(r).subscribers.tableName,
  ALERT_FROM: alertMail(r).sender,
  SITE_CONFIG: r.siteConfig,
  PUBLIC_BASE_URL: r.feeds.baseUrl,
});

const ALERT_QUEUE_FUNCTIONS: Record<AlertQueueFunctionName, FunctionSpec> = {
  'alert-fanout': {
    description: "E-mail alerts: turns each mailed release event into mail jobs for the followers of the release's feeds",
    // 20,000 followers are 40 steps of reads and 400 jobs: seconds. Five minutes is room for far more.
    timeout: Duration.minutes(5),
    environment: (r) => ({ ...alertEnvironment(r), ALERT_MAIL_QUEUE_URL: alertMail(r).mails.queueUrl }),
    grant: (role, r) => {
      alertMail(r).grantFanOut(role);
      // The officials' names title their feeds in the mails.
      allowItems(role, r.table, 'Officials', ['dynamodb:Query'], [PARTITIONS.officials]);
    },
  },
  'alert-mail': {
    description: "E-mail alerts: sends each mail job's alerts through SES at its share of the sending rate",
    // A full batch of jobs at this sender's rate, and then some: 102 s at SES's usual 14 a second.
    timeout: alertSenderTimeout,
    environment: (r) => ({
      ...alertEnvironment(r),
      ALERT_KEY_SECRET_ARN: alertMail(r).linkKey.secretArn,
      ALERT_CONFIGURATION_SET: alertMail(r).configurationSet.configurationSetName,
      ALERT_MAIL_QUEUE_URL: alertMail(r).mails.queueUrl,
      ALERT_SEND_RATE: String(alertSenderRate(r)),
    }),
    grant: (role, r) => alertMail(r).grantSender(role),
  },
};

const ALERT_SCHEDULED_FUNCTIONS: Record<AlertScheduledFunctionName, FunctionSpec> = {
  'alert-digest': {
    description: "E-mail alerts: at the digest time, queues each feed's digest for its daily followers",
    // A page of 500 followers a step, queued in seconds: five minutes is room for far more than 20,000.
    timeout: Duration.minutes(5),
    environment: (r) => ({ ...alertEnvironment(r), ALERT_MAIL_QUEUE_URL: alertMail(r).mails.queueUrl }),
    grant: (role, r) => {
      alertMail(r).grantDigestRun(role);
      // The officials' names title their feeds in the mails.
      allowItems(role, r.table, 'Officials', ['dynamodb:Query'], [PARTITIONS.officials]);
    },
  },
};

export class PressroomStack extends Stack {
  /** Every function in the stack by name, with the handler module it bundles. */
  readonly functions = new Map<PressroomFunctionName, PressroomFunction>();
  readonly table: dynamodb.Table;
  readonly api: HttpApi;
  readonly topic: ReleasesTopic;
  readonly feeds: FeedsSite;
  readonly uploads: MediaUploads;
  readonly deliveries: PartnerDeliveries;
  readonly alarms: Alarms;
  readonly scheduling: ReleaseScheduling;
  /** E-mail alerts' subscribers and sending identity, when the site configuration has alerts. */
  readonly alertMail?: AlertMail;
  readonly streamConsumers = new Map<StreamConsumerName, StreamConsumer>();

  constructor(scope: Construct, id: string, props: PressroomStackProps) {
    super(scope, id, props);
    const { config } = props;
    const site = props.site ?? readSiteConfigFile();
    this.table = new DataTable(this, 'Data', config).table;
    this.topic = new ReleasesTopic(this, 'ReleasesTopic', config);
    this.feeds = new FeedsSite(this, 'Feeds', config);
    this.alarms = new Alarms(this, 'Alarms', config);
    this.uploads = new MediaUploads(this, 'MediaUploads', { logBucket: this.feeds.logBucket, alarms: this.alarms });
    this.deliveries = new PartnerDeliveries(this, 'PartnerDeliveries', { topic: this.topic, alarms: this.alarms });
    if (site.config.alerts) {
      this.alertMail = new AlertMail(this, 'AlertMail', {
        config,
        sender: site.config.alerts.sender,
        topic: this.topic,
        alarms: this.alarms,
        senderTimeout: alertSenderTimeout({ alertSendRate: config.alertSendRate }),
      });
    }
    const base = {
      table: this.table,
      topic: this.topic,
      feeds: this.feeds,
      uploads: this.uploads,
      deliveries: this.deliveries,
      siteConfig: site.json,
      alertSendRate: config.alertSendRate,
      ...(this.alertMail ? { alertMail: this.alertMail } : {}),
    };

    for (const name of apiFunctionNames) {
      const spec = API_FUNCTIONS[name];
      if (!spec) throw new Error(`lambdas/routes.ts names function "${name}": declare its grants in API_FUNCTIONS`);
      this.addFunction(name, spec, { ...base, apiBaseUrl: '' }, config);
    }
    if (this.alertMail) for (const name of pageFunctionNames) this.addFunction(name, PAGE_FUNCTIONS[name], { ...base, apiBaseUrl: '' }, config);
    this.api = new HttpApi(this, 'Http', {
      config,
      routes: [...gatewayRoutes, ...pageRoutes],
      functions: Object.fromEntries([...this.functions].map(([name, fn]) => [name, fn.function])),
    });

    for (const name of scheduledFunctionNames) this.addFunction(name, SCHEDULED_FUNCTIONS[name], { ...base, apiBaseUrl: '' }, config);
    this.scheduling = new ReleaseScheduling(this, 'ReleaseSchedules', { target: this.function('publish-due'), alarms: this.alarms, config });

    for (const name of queueFunctionNames) this.deliveries.consume(this.addFunction(name, QUEUE_FUNCTIONS[name], { ...base, apiBaseUrl: '' }, config));
    if (this.alertMail) {
      const alertFunction = (name: (typeof alertQueueFunctionNames)[number]) => this.addFunction(name, ALERT_QUEUE_FUNCTIONS[name], { ...base, apiBaseUrl: '' }, config).function;
      this.alertMail.consume(alertFunction('alert-fanout'), alertFunction('alert-mail'));
      const digests = this.addFunction('alert-digest', ALERT_SCHEDULED_FUNCTIONS['alert-digest'], { ...base, apiBaseUrl: '' }, config).function;
      this.alertMail.scheduleDigests(digests, site.config.alerts!.digestTime, site.config.timeZone);
    }

    for (const name of uploadFunctionNames) this.uploads.notify(this.addFunction(name, UPLOAD_FUNCTIONS[name], { ...base, apiBaseUrl: '' }, config));

    const resources: Resources = { ...base, apiBaseUrl: this.api.baseUrl, scheduling: this.scheduling };
    for (const name of streamConsumerNames) {
      const spec = STREAM_CONSUMERS[name];
      const fn = this.addFunction(name, spec, resources, config);
      this.streamConsumers.set(
        name,
        new StreamConsumer(this, `${pascalCase(name)}Stream`, { fn, name, table: this.table, alarms: this.alarms, purpose: spec.purpose }),
      );
      Validations.of(fn.role).acknowledge({
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason:
          "dynamodb:ListStreams (added by the DynamoDB event source; Lambda needs it to poll a stream) supports no resource-level permission. Every other stream action is scoped to this table's stream ARN.",
      });
    }

    if (this.alertMail) this.feeds.servePages(`${ALERTS_PATH}/*`, this.api.originDomain);
    this.addApiAlarms();
    this.suppressScopedWildcards();

    new CfnOutput(this, 'ApiUrl', { value: this.api.baseUrl, description: 'Base URL of the HTTP API (…/v1/releases)' });
    new CfnOutput(this, 'FeedsBaseUrl', { value: `${this.feeds.baseUrl}/feeds/`, description: 'Feed directory on CloudFront' });
    new CfnOutput(this, 'ReleasesTopicArn', { value: this.topic.topic.topicArn, description: 'SNS topic partners subscribe to' });
    new CfnOutput(this, 'TableName', { value: this.table.tableName, description: 'TABLE_NAME for npm run token' });
    new CfnOutput(this, 'AlarmTopicArn', { value: this.alarms.topic.topicArn, description: 'Subscribe here to receive alarms' });
  }

  private addFunction(name: PressroomFunctionName, spec: FunctionSpec, resources: Resources, config: StageConfig) {
    const fn = new PressroomFunction(this, functionConstructId(name), {
      name,
      config,
      description: spec.description,
      tableName: resources.table.tableName,
      environment: withinLimit(name, spec.environment?.(resources) ?? {}),
      ...(spec.timeout ? { timeout: typeof spec.timeout === 'function' ? spec.timeout(resources) : spec.timeout } : {}),
      ...(spec.memorySize ? { memorySize: spec.memorySize } : {}),
      ...(spec.installedModules ? { installedModules: spec.installedModules } : {}),
    });
    spec.grant(fn.role, resources);
    this.functions.set(name, fn);
    return fn;
  }

  private addApiAlarms(): void {
    this.alarms.add(this.api, 'ServerErrorsAlarm', {
      name: 'api-5xx',
      description: 'API: 5 or more 5xx answers in 5 minutes (a dependency down, throttling, or a bug)',
      metric: this.api.api.metricServerError({ period: FIVE_MINUTES, statistic: 'Sum' }),
      threshold: 5,
    });
    for (const name of [...apiFunctionNames, ...(this.alertMail ? pageFunctionNames : [])]) {
      const fn = this.function(name);
      this.alarms.add(fn, 'ErrorsAlarm', {
        name: `${name}-errors`,
        description: `API function ${name}: invocations crashed or timed out (not handled as an HTTP error)`,
        metric: fn.function.metricErrors({ period: FIVE_MINUTES, statistic: 'Sum' }),
        threshold: 1,
      });
    }
  }

  /** Wildcards that are as narrow as the service allows, each scoped to its one role. */
  private suppressScopedWildcards(): void {
    Validations.of(this.function('subscriptions').role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'sns:Unsubscribe and sns:GetSubscriptionAttributes act on subscription ARNs and support no resource-level permission. Subscribe stays scoped to the releases topic, and the handler only unsubscribes ARNs that it recorded when it subscribed them to that topic.',
    });
    for (const publisher of ['notify', 'subscriptions'] as const) {
      Validations.of(this.function(publisher).role).acknowledge({
        id: 'AwsSolutions-IAM5[Action::kms:GenerateDataKey*]',
        reason:
          "kms:GenerateDataKey* is how CDK grants publishing to a KMS-encrypted topic (GenerateDataKey and its WithoutPlaintext variant), on the releases topic's own key only.",
      });
    }
    Validations.of(this.function('notify').role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::${this.asNagResource(this.scheduling.schedulesArn)}]`,
      reason:
        "notify creates, moves and deletes one schedule per scheduled release, named after the release, so the names are not known in advance; the wildcard is limited to the stack's own schedule group, and the only role it may pass is that group's scheduler role.",
    });
    const bucket = this.getLogicalId(this.feeds.bucket.node.defaultChild as CfnElement);
    Validations.of(this.function('feeds').role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${bucket}.Arn>/feeds/*]`,
      reason:
        'The feeds function writes one object per feed and format (all, every country, every official), whose keys are not known in advance; the wildcard is limited to the feeds/ prefix of the feeds bucket.',
    });
    Validations.of(this.function('feeds').role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${bucket}.Arn>/releases/*]`,
      reason: 'The feeds function writes the page of every public release (releases/<release id>.html); release ids are made at creation, so the wildcard is limited to the releases/ prefix of the feeds bucket.',
    });
    Validations.of(this.function('feeds').role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${bucket}.Arn>/${daySitemapPath('*')}]`,
      reason: 'The feeds function writes one sitemap per day of publication (sitemaps/<day>.xml, a day of more than 50,000 pages in parts); the wildcard is limited to XML files under the sitemaps/ prefix of the feeds bucket.',
    });
    for (const consumer of ['feeds', 'notify'] as const) {
      Validations.of(this.function(consumer).role).acknowledge({
        id: `AwsSolutions-IAM5[Resource::<${bucket}.Arn>/${MEDIA_PREFIX}*]`,
        reason: `The ${consumer} function copies a public release's renditions to media/<media id>/<name> and deletes them when no public release uses them; media ids are made at upload, so the wildcard is limited to the media/ prefix of the feeds bucket.`,
      });
    }
    const uploads = (pattern: string) => `AwsSolutions-IAM5[Resource::${this.asNagResource(this.uploads.arn(pattern))}]`;
    Validations.of(this.function('media').role).acknowledge({
      id: uploads(UPLOADS_PATTERN),
      reason:
        'The media function signs each presigned upload form for uploads/<new media id>, and S3 authorises the POST as a PutObject by the signing role; the ids are made per request, so the wildcard is limited to the uploads/ prefix of the uploads bucket (the form itself names the one key).',
    });
    Validations.of(this.function('process-media').role).acknowledge(
      {
        id: uploads(UPLOADS_PATTERN),
        reason:
          'process-media reads and then deletes the upload an object-created event names, uploads/<media id>; the ids are made at upload, so the wildcard is limited to the uploads/ prefix of the uploads bucket.',
      },
      {
        id: uploads(RENDITIONS_PATTERN),
        reason:
          'process-media writes the renditions of an upload as renditions/<media id>/<name>; the ids are made at upload, so the wildcard is limited to the renditions/ prefix of the uploads bucket (it may not overwrite uploads).',
      },
    );
    for (const consumer of ['feeds', 'notify'] as const) {
      Validations.of(this.function(consumer).role).acknowledge({
        id: uploads(RENDITIONS_PATTERN),
        reason: `The ${consumer} function reads a public release's renditions, renditions/<media id>/<name>, to copy them to the site; the wildcard is limited to the renditions/ prefix of the uploads bucket, so it never reads an unprocessed upload.`,
      });
    }
  }

  /**
   * A resource as cdk-nag names it in a finding: references as `<AWS::Region>` or
   * `<LogicalId.Attribute>`, literals as they are (the region, for instance, once the stack has one).
   */
  private asNagResource(value: string): string {
    const part = (resolved: unknown): string => {
      if (typeof resolved === 'string') return resolved;
      const object = resolved as Record<string, unknown>;
      if ('Ref' in object) return `<${String(object.Ref)}>`;
      if ('Fn::GetAtt' in object) return `<${(object['Fn::GetAtt'] as string[]).join('.')}>`;
      if ('Fn::Join' in object) {
        const [separator, parts] = object['Fn::Join'] as [string, unknown[]];
        return parts.map(part).join(separator);
      }
      // cdk-nag writes other intrinsics (the uploads bucket's name) as their JSON.
      if ('Fn::Select' in object) return JSON.stringify(object);
      throw new Error(`cannot name ${JSON.stringify(resolved)} as cdk-nag does`);
    };
    return part(this.resolve(value));
  }

  function(name: PressroomFunctionName): PressroomFunction {
    const fn = this.functions.get(name);
    if (!fn) throw new Error(`no function ${name} in the stack`);
    return fn;
  }
}

/** Tokens (bucket names, URLs) are counted at their unresolved length: a rough bound, but one that fails synthesis, not a deployment. */
function withinLimit(name: string, environment: Record<string, string>): Record<string, string> {
  const bytes = Object.entries(environment).reduce((sum, [key, value]) => sum + Buffer.byteLength(key + value, 'utf8'), 0);
  if (bytes > ENVIRONMENT_LIMIT_BYTES - 512) {
    throw new Error(`the environment of function ${name} is ${bytes} bytes, too close to Lambda's 4 KB: shorten the site configuration`);
  }
  return environment;
}
