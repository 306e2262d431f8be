// One SDK command as IAM authorises it: the action, the resource and, for DynamoDB items, the
// partition keys and attribute names the policy's conditions look at. Resources are named by
// the setting they came from (the table, topic, bucket and schedule group of the running
// context), so a call recorded against DynamoDB Local maps onto the deployed stack's resource.
import type { AdapterSettings } from '../../lambdas/adapters/settings.ts';
import { tableDefinition } from '../../lambdas/adapters/table-layout.ts';

export type ResourceRef =
  | { of: 'table' }
  | { of: 'topic'; suffix?: string }
  | { of: 'bucket'; key?: string }
  /** The uploads bucket (UPLOADS_BUCKET), where uploads arrive and renditions wait. */
  | { of: 'uploads'; key?: string }
  /** A schedule, by name, in the group the settings name. */
  | { of: 'schedule'; name: string }
  /** The role the settings give schedules (passed to Scheduler with each schedule). */
  | { of: 'schedulerRole' }
  /** The alert subscribers' table (SUBSCRIBERS_TABLE). */
  | { of: 'subscribers' }
  /** The SES identity of the alert sender's domain, and the configuration set mail is sent under. */
  | { of: 'sesIdentity' }
  | { of: 'sesConfigurationSet' }
  /** The alerts' mail queue (ALERT_MAIL_QUEUE_URL). */
  | { of: 'mailQueue' }
  /** Anything not of this function's settings: no policy should allow it. */
  | { of: 'other'; name: string };

export interface SdkCall {
  /** The function whose invocation made the call. */
  fn: string;
  action: string;
  resource: ResourceRef;
  /** dynamodb:LeadingKeys: the partition key of the item (one item per call, as IAM sees it). */
  leadingKeys?: string[];
  /** dynamodb:Attributes of an UpdateItem: the key and every attribute its expressions name. */
  attributes?: string[];
  /** iam:PassedToService of an iam:PassRole: the service the role is handed to. */
  passedToService?: string;
  /** ses:FromAddress of a SendEmail. */
  fromAddress?: string;
}

const PARTITION_KEY = tableDefinition('x').KeySchema!.find((key) => key.KeyType === 'HASH')!.AttributeName!;
const SORT_KEY = tableDefinition('x').KeySchema!.find((key) => key.KeyType === 'RANGE')?.AttributeName;

const SERVICES: Record<string, string> = { DynamoDBClient: 'dynamodb', SNSClient: 'sns', S3Client: 's3', SchedulerClient: 'scheduler', SESv2Client: 'ses', SQSClient: 'sqs' };

/** S3 commands whose IAM action is not their name. */
const S3_ACTIONS: Record<string, string> = {
  HeadObject: 's3:GetObject',
  ListObjectsV2: 's3:ListBucket',
  ListObjects: 's3:ListBucket',
  HeadBucket: 's3:ListBucket',
};

type Input = Record<string, any>;

/** The IAM requests one SDK command is authorised as. */
export function callsOf(fn: string, clientName: string, commandName: string, input: Input, settings: AdapterSettings): SdkCall[] {
  const service = SERVICES[clientName] ?? clientName;
  const operation = commandName.replace(/Command$/, '');
  if (service === 'dynamodb') return dynamoCalls(fn, operation, input, settings);
  if (service === 's3') {
    const object = (bucket: unknown, key: unknown): ResourceRef => {
      const keyed = key !== undefined ? { key: String(key) } : {};
      if (bucket === settings.feedsBucket) return { of: 'bucket', ...keyed };
      if (bucket === settings.uploadsBucket) return { of: 'uploads', ...keyed };
      return { of: 'other', name: `bucket ${bucket}` };
    };
    // A copy is authorised as a read of its source and a write of its destination.
    if (operation === 'CopyObject') {
      const source = decodeURIComponent(String(input.CopySource ?? '')).replace(/^\//, '').replace(/\?versionId=.*$/, '');
      const slash = source.indexOf('/');
      return [
        { fn, action: 's3:GetObject', resource: object(source.slice(0, slash), source.slice(slash + 1)) },
        { fn, action: 's3:PutObject', resource: object(input.Bucket, input.Key) },
      ];
    }
    return [{ fn, action: S3_ACTIONS[operation] ?? `s3:${operation}`, resource: object(input.Bucket, input.Key) }];
  }
  if (service === 'sns') {
    const arn = String(input.TopicArn ?? input.SubscriptionArn ?? input.TargetArn ?? '*');
    const topic = settings.topicArn;
    const resource: ResourceRef =
      topic && arn === topic
        ? { of: 'topic' }
        : topic && arn.startsWith(`${topic}:`)
          ? { of: 'topic', suffix: arn.slice(topic.length) }
          : { of: 'other', name: arn };
    return [{ fn, action: `sns:${operation}`, resource }];
  }
  if (service === 'scheduler') return schedulerCalls(fn, operation, input, settings);
  if (service === 'ses') return sesCalls(fn, operation, input, settings);
  if (service === 'sqs') {
    // A batch is authorised as the single action of its entries.
    const action = `sqs:${operation.replace(/Batch$/, '')}`;
    const queue = settings.alerts?.mailQueueUrl;
    return [{ fn, action, resource: queue !== undefined && input.QueueUrl === queue ? { of: 'mailQueue' } : { of: 'other', name: `queue ${input.QueueUrl}` } }];
  }
  return [{ fn, action: `${service}:${operation}`, resource: { of: 'other', name: '*' } }];
}

/**
 * A schedule operation acts on the schedule's ARN (group and name). Creating or updating one
 * also passes its target's role to Scheduler, which IAM authorises as iam:PassRole by the caller.
 */
function schedulerCalls(fn: string, operation: string, input: Input, settings: AdapterSettings): SdkCall[] {
  const schedules = settings.schedules;
  const resource: ResourceRef =
    schedules && input.GroupName === schedules.group && input.Name !== undefined
      ? { of: 'schedule', name: String(input.Name) }
      : { of: 'other', name: `schedule ${input.GroupName ?? 'default'}/${input.Name}` };
  const calls: SdkCall[] = [{ fn, action: `scheduler:${operation}`, resource }];
  const role = input.Target?.RoleArn;
  if (role !== undefined) {
    calls.push({
      fn,
      action: 'iam:PassRole',
      resource: schedules && role === schedules.roleArn ? { of: 'schedulerRole' } : { of: 'other', name: `role ${role}` },
      passedToService: 'scheduler.amazonaws.com',
    });
  }
  return calls;
}

/**
 * SES v2 authorises a send on the sending identity (the From address's domain) and on the
 * configuration set it names, each with the From address as ses:FromAddress.
 */
function sesCalls(fn: string, operation: string, input: Input, settings: AdapterSettings): SdkCall[] {
  const from = String(input.FromEmailAddress ?? '');
  const domain = from.slice(from.lastIndexOf('@') + 1);
  const sender = settings.alerts?.from;
  const identity: ResourceRef = sender && domain === sender.slice(sender.lastIndexOf('@') + 1) ? { of: 'sesIdentity' } : { of: 'other', name: `identity ${domain}` };
  const calls: SdkCall[] = [{ fn, action: `ses:${operation}`, resource: identity, fromAddress: from }];
  const set = input.ConfigurationSetName;
  if (set !== undefined) {
    calls.push({
      fn,
      action: `ses:${operation}`,
      resource: set === settings.alerts?.configurationSet ? { of: 'sesConfigurationSet' } : { of: 'other', name: `configuration set ${set}` },
      fromAddress: from,
    });
  }
  return calls;
}

function dynamoCalls(fn: string, operation: string, input: Input, settings: AdapterSettings): SdkCall[] {
  const table = (name: unknown): ResourceRef =>
    name === settings.tableName ? { of: 'table' } : name === settings.alerts?.subscribersTable ? { of: 'subscribers' } : { of: 'other', name: `table ${name}` };
  const item = (action: string, tableName: unknown, key: Input | undefined, extra: Partial<SdkCall> = {}): SdkCall => ({
    fn,
    action: `dynamodb:${action}`,
    resource: table(tableName),
    leadingKeys: key && key[PARTITION_KEY] !== undefined ? [String(plain(key[PARTITION_KEY]))] : [],
    ...extra,
  });
  switch (operation) {
    case 'GetItem':
    case 'DeleteItem':
      return [item(operation, input.TableName, input.Key)];
    case 'PutItem':
      return [item(operation, input.TableName, input.Item)];
    case 'UpdateItem':
      return [item(operation, input.TableName, input.Key, { attributes: updatedAttributes(input) })];
    case 'Query':
      return [item(operation, input.TableName, { [PARTITION_KEY]: queriedPartition(input) })];
    case 'BatchGetItem':
      return Object.entries(input.RequestItems ?? {}).flatMap(([name, request]) =>
        ((request as Input).Keys ?? []).map((key: Input) => item('BatchGetItem', name, key)),
      );
    case 'BatchWriteItem':
      return Object.entries(input.RequestItems ?? {}).flatMap(([name, requests]) =>
        (requests as Input[]).map((request) => item('BatchWriteItem', name, request.PutRequest?.Item ?? request.DeleteRequest?.Key)),
      );
    // A transaction is authorised item by item, as the single-item action of each part.
    case 'TransactWriteItems':
      return (input.TransactItems ?? []).map((part: Input) => {
        if (part.Put) return item('PutItem', part.Put.TableName, part.Put.Item);
        if (part.Update) return item('UpdateItem', part.Update.TableName, part.Update.Key, { attributes: updatedAttributes(part.Update) });
        if (part.Delete) return item('DeleteItem', part.Delete.TableName, part.Delete.Key);
        return item('ConditionCheckItem', part.ConditionCheck?.TableName, part.ConditionCheck?.Key);
      });
    case 'TransactGetItems':
      return (input.TransactItems ?? []).map((part: Input) => item('GetItem', part.Get?.TableName, part.Get?.Key));
    default:
      return [{ fn, action: `dynamodb:${operation}`, resource: table(input.TableName ?? input.TableArn) }];
  }
}

/** An AttributeValue ({ S: 'x' }) or a DocumentClient value, as a plain value. */
function plain(value: unknown): unknown {
  if (value && typeof value === 'object') {
    const [type, inner] = Object.entries(value)[0] ?? [];
    if (type && ['S', 'N', 'B'].includes(type)) return inner;
  }
  return value;
}

/** The partition a Query's key condition names: `pk = :v` (or `#name = :v`). */
function queriedPartition(input: Input): unknown {
  const names: Record<string, string> = input.ExpressionAttributeNames ?? {};
  for (const [, left, placeholder] of String(input.KeyConditionExpression ?? '').matchAll(/([#\w]+)\s*=\s*(:\w+)/g)) {
    if ((names[left!] ?? left) === PARTITION_KEY) return plain(input.ExpressionAttributeValues?.[placeholder!]);
  }
  return undefined;
}

const EXPRESSION_WORDS = new Set(
  'SET REMOVE ADD DELETE AND OR NOT BETWEEN IN if_not_exists list_append attribute_exists attribute_not_exists attribute_type begins_with contains size'
    .split(' ')
    .map((word) => word.toLowerCase()),
);

/** The top-level attribute names an update touches: the key, and every name its update and condition expressions use. */
function updatedAttributes(input: Input): string[] {
  const names: Record<string, string> = input.ExpressionAttributeNames ?? {};
  const used = new Set<string>([PARTITION_KEY, ...(SORT_KEY ? [SORT_KEY] : [])]);
  for (const expression of [input.UpdateExpression, input.ConditionExpression]) {
    // A name after '.' is a nested path, not a top-level attribute; ':x' is a value.
    for (const [, , token] of String(expression ?? '').matchAll(/(^|[^.:#\w])(#\w+|[A-Za-z_]\w*)/g)) {
      if (token!.startsWith('#')) used.add(names[token!] ?? token!);
      else if (!EXPRESSION_WORDS.has(token!.toLowerCase())) used.add(token!);
    }
  }
  for (const name of Object.keys(input.AttributeUpdates ?? {})) used.add(name);
  return [...used].sort();
}
