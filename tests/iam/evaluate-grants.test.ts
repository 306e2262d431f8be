// The IAM check itself, on a small sample of calls against the real synthesised policies: it
// must deny what the policy does not grant, notice a grant removed from the template, and
// report grants and functions no call exercised.
import { beforeAll, describe, expect, test } from 'vitest';
import type { AdapterSettings } from '../../lambdas/adapters/settings.ts';
import { keys } from '../../lambdas/adapters/table-layout.ts';
import { report } from './check-grants.ts';
import { evaluateGrants, type FunctionPolicies } from './evaluate-grants.ts';
import { callsOf, type SdkCall } from './sdk-calls.ts';
import { stackPolicies } from './stack-policies.ts';

let policies: FunctionPolicies;
beforeAll(() => {
  policies = stackPolicies();
}, 180_000);

const settings: AdapterSettings = {
  tableName: 'local-table',
  topicArn: 'arn:aws:sns:us-east-1:000000000000:pressroom-releases',
  feedsBucket: 'pressroom-feeds',
  uploadsBucket: 'pressroom-uploads',
  endpointPolicy: 'local',
  schedules: {
    group: 'pressroom',
    targetArn: 'arn:aws:lambda:us-east-1:000000000000:function:pressroom-publish-due',
    roleArn: 'arn:aws:iam::000000000000:role/pressroom-scheduler',
    deadLetterArn: 'arn:aws:sqs:us-east-1:000000000000:pressroom-schedule-dead-letters',
  },
  endpoints: {},
};

const tokenLookup: SdkCall = { fn: 'releases', action: 'dynamodb:GetItem', resource: { of: 'table' }, leadingKeys: ['tokens'] };
const tokenLastUse: SdkCall = {
  fn: 'releases',
  action: 'dynamodb:UpdateItem',
  resource: { of: 'table' },
  leadingKeys: ['tokens'],
  attributes: ['lastUsedAt', 'pk', 'sk'],
};
const releasePut: SdkCall = { fn: 'releases', action: 'dynamodb:PutItem', resource: { of: 'table' }, leadingKeys: ['release#01J'] };

/** The policies with one statement (by Sid) taken out of one function's policy. */
const without = (fn: string, sid: string): FunctionPolicies => ({
  ...policies,
  statements: { ...policies.statements, [fn]: policies.statements[fn]!.filter((statement) => statement.Sid !== sid) },
});

describe('calls the policy must deny', () => {
  test('the sample is allowed as the stack stands', async () => {
    expect((await evaluateGrants([tokenLookup, tokenLastUse, releasePut], policies)).denied).toEqual([]);
  });

  test('removing one grant from a copy of the template denies the call that used it', async () => {
    const verdict = await evaluateGrants([tokenLookup, tokenLastUse, releasePut], without('releases', 'TokenLastUse'));
    expect(verdict.denied.map(({ call }) => call)).toEqual([tokenLastUse]);
    expect(report(verdict).ok).toBe(false);
  });

  test('an update of a token touching more than lastUsedAt is denied (dynamodb:Attributes)', async () => {
    const verdict = await evaluateGrants([{ ...tokenLastUse, attributes: ['lastUsedAt', 'pk', 'scope', 'sk'] }], policies);
    expect(verdict.denied).toHaveLength(1);
  });

  test('a write outside the granted partitions, or with no partition recorded, is denied (dynamodb:LeadingKeys)', async () => {
    const verdict = await evaluateGrants([{ ...releasePut, leadingKeys: ['tokens'] }, { ...releasePut, leadingKeys: [] }], policies);
    expect(verdict.denied).toHaveLength(2);
  });

  test('a call on a resource that is not the function’s is denied', async () => {
    const verdict = await evaluateGrants([{ ...releasePut, resource: { of: 'other', name: 'table elsewhere' } }], policies);
    expect(verdict.denied).toHaveLength(1);
  });

  test('notify may publish to the topic; releases may not', async () => {
    const publish = (fn: string): SdkCall => ({ fn, action: 'sns:Publish', resource: { of: 'topic' } });
    const verdict = await evaluateGrants([publish('notify'), publish('releases')], policies);
    expect(verdict.denied.map(({ call }) => call.fn)).toEqual(['releases']);
  });

  test('notify may keep schedules in the release schedule group and pass its role to Scheduler, nothing beyond', async () => {
    const create = (group: string, role: string) =>
      callsOf('notify', 'SchedulerClient', 'CreateScheduleCommand', { Name: 'release-01J', GroupName: group, Target: { RoleArn: role } }, settings);
    const [allowedCreate, allowedPass] = create('pressroom', settings.schedules!.roleArn);
    const [otherGroup] = create('default', settings.schedules!.roleArn);
    const [, otherRole] = create('pressroom', 'arn:aws:iam::000000000000:role/admin');
    const toOtherService: SdkCall = { ...allowedPass!, passedToService: 'lambda.amazonaws.com' };
    const byReleases: SdkCall = { ...allowedCreate!, fn: 'releases' };
    const verdict = await evaluateGrants([allowedCreate!, allowedPass!, otherGroup!, otherRole!, toOtherService, byReleases], policies);
    expect(verdict.denied.map(({ call }) => call)).toEqual([otherGroup, otherRole, toOtherService, byReleases]);
  });
});

describe('media: the uploads bucket by prefix', () => {
  const id = '01JAAAAAAAAAAAAAAAAAAAAAAA';
  const s3 = (fn: string, command: string, input: Record<string, unknown>) => callsOf(fn, 'S3Client', `${command}Command`, input, settings);
  const item = (fn: string, action: 'GetItem' | 'UpdateItem', pk: string): SdkCall => ({
    fn,
    action: `dynamodb:${action}`,
    resource: { of: 'table' },
    leadingKeys: [pk],
    ...(action === 'UpdateItem' ? { attributes: ['pk', 'sk', 'status', 'updatedAt'] } : {}),
  });
  const uploads = (key: string) => ({ Bucket: settings.uploadsBucket, Key: key });

  test('process-media reads and deletes uploads and writes renditions; it may not write an upload or anywhere in the site', async () => {
    const allowed = [
      item('process-media', 'GetItem', keys.media(id).pk),
      item('process-media', 'UpdateItem', keys.media(id).pk),
      ...s3('process-media', 'GetObject', uploads(`uploads/${id}`)),
      ...s3('process-media', 'DeleteObject', uploads(`uploads/${id}`)),
      ...s3('process-media', 'PutObject', uploads(`renditions/${id}/400.webp`)),
    ];
    const denied = [
      ...s3('process-media', 'PutObject', uploads(`uploads/${id}`)),
      ...s3('process-media', 'DeleteObject', uploads(`renditions/${id}/400.webp`)),
      ...s3('process-media', 'PutObject', { Bucket: settings.feedsBucket, Key: `media/${id}/400.webp` }),
      item('process-media', 'UpdateItem', keys.release('01J').pk),
    ];
    const verdict = await evaluateGrants([...allowed, ...denied], policies);
    expect(verdict.denied.map(({ call }) => call)).toEqual(denied);
  });

  test('feeds copies renditions, never uploads, to media/ of the site; media may not read an upload', async () => {
    const copy = (from: string, to: string) =>
      s3('feeds', 'CopyObject', { CopySource: `${settings.uploadsBucket}/${from}`, Bucket: settings.feedsBucket, Key: to });
    const [readRendition, writeMedia] = copy(`renditions/${id}/full.jpg`, `media/${id}/full.jpg`);
    const [readUpload] = copy(`uploads/${id}`, `media/${id}/full.jpg`);
    const [mediaReadsUpload] = s3('media', 'GetObject', uploads(`uploads/${id}`));
    const verdict = await evaluateGrants([readRendition!, writeMedia!, readUpload!, mediaReadsUpload!], policies);
    expect(verdict.denied.map(({ call }) => call)).toEqual([readUpload, mediaReadsUpload]);
  });

  test('an acknowledgement with a resource only covers grants on that resource', async () => {
    const verdict = await evaluateGrants([tokenLookup], policies, [{ fn: 'feeds', action: 's3:PutObject', resource: '*/media/*', reason: 'later' }]);
    const puts = verdict.unused.filter((grant) => grant.fn === 'feeds' && grant.action === 's3:PutObject');
    expect(puts.map((grant) => [grant.resource.split('/').slice(1).join('/'), grant.acknowledged])).toEqual([
      ['feeds/*', undefined],
      ['releases/*', undefined],
      ['sitemap.xml', undefined],
      ['news-sitemap.xml', undefined],
      ['robots.txt', undefined],
      ['sitemaps/*.xml', undefined],
      ['media/*', 'later'],
    ]);
  });
});

describe('grants no call used', () => {
  test('each granted action and partition without a call is reported, and an acknowledged one carries its reason', async () => {
    const verdict = await evaluateGrants([tokenLookup, tokenLastUse, releasePut], policies, [
      { fn: '*', action: 'logs:PutLogEvents', reason: 'the runtime logs' },
    ]);
    const releases = verdict.unused.filter((grant) => grant.fn === 'releases');
    expect(releases).toContainEqual(expect.objectContaining({ action: 'dynamodb:PutItem', partition: 'feed#*', sid: 'MoveIndexEntries' }));
    expect(releases).not.toContainEqual(expect.objectContaining({ action: 'dynamodb:PutItem', partition: 'release#*' }));
    expect(releases).not.toContainEqual(expect.objectContaining({ sid: 'TokenLastUse', partition: 'tokens' }));
    // The same statement's other partition had no call: reported on its own.
    expect(releases).toContainEqual(expect.objectContaining({ sid: 'TokenLastUse', partition: 'partner-tokens' }));
    expect(releases.find((grant) => grant.action === 'logs:PutLogEvents')?.acknowledged).toBe('the runtime logs');
    expect(releases.find((grant) => grant.action === 'logs:CreateLogStream')?.acknowledged).toBeUndefined();
  });

  test('a function of the stack without any recorded call is reported', async () => {
    const verdict = await evaluateGrants([tokenLookup], policies);
    expect(verdict.silent.sort()).toEqual(['alert-digest', 'alert-fanout', 'alert-mail', 'alerts', 'delivery-failures', 'events', 'feeds', 'media', 'notify', 'officials', 'openapi', 'process-media', 'publish-due', 'subscriptions']);
    expect(report(verdict).ok).toBe(false);
  });
});

describe('SDK commands as IAM authorises them', () => {
  test('a transaction is one request per item, as its single-item action', () => {
    const calls = callsOf(
      'releases',
      'DynamoDBClient',
      'TransactWriteItemsCommand',
      {
        TransactItems: [
          { Put: { TableName: 'local-table', Item: { pk: { S: 'release#1' }, sk: { S: 'release' } } } },
          { Delete: { TableName: 'local-table', Key: { pk: { S: 'feed#all' }, sk: { S: 'x' } } } },
          { ConditionCheck: { TableName: 'local-table', Key: { pk: { S: 'officials' }, sk: { S: 'y' } } } },
          { Update: { TableName: 'other', Key: { pk: { S: 'tokens' } }, UpdateExpression: 'SET #a = :a', ExpressionAttributeNames: { '#a': 'scope' } } },
        ],
      },
      settings,
    );
    expect(calls).toEqual([
      { fn: 'releases', action: 'dynamodb:PutItem', resource: { of: 'table' }, leadingKeys: ['release#1'] },
      { fn: 'releases', action: 'dynamodb:DeleteItem', resource: { of: 'table' }, leadingKeys: ['feed#all'] },
      { fn: 'releases', action: 'dynamodb:ConditionCheckItem', resource: { of: 'table' }, leadingKeys: ['officials'] },
      {
        fn: 'releases',
        action: 'dynamodb:UpdateItem',
        resource: { of: 'other', name: 'table other' },
        leadingKeys: ['tokens'],
        attributes: ['pk', 'scope', 'sk'],
      },
    ]);
  });

  test('a BatchGetItem is one request per key; a Query names its partition', () => {
    const batch = callsOf('feeds', 'DynamoDBClient', 'BatchGetItemCommand', {
      RequestItems: { 'local-table': { Keys: [keys.release('A'), keys.release('B')] } },
    }, settings);
    expect(batch.map((call) => [call.action, call.leadingKeys])).toEqual([
      ['dynamodb:BatchGetItem', [keys.release('A').pk]],
      ['dynamodb:BatchGetItem', [keys.release('B').pk]],
    ]);
    const query = callsOf('feeds', 'DynamoDBClient', 'QueryCommand', {
      TableName: 'local-table',
      KeyConditionExpression: '#p = :p AND begins_with(sk, :s)',
      ExpressionAttributeNames: { '#p': 'pk' },
      ExpressionAttributeValues: { ':p': { S: 'feed#all' }, ':s': { S: 'x' } },
    }, settings);
    expect(query[0]!.leadingKeys).toEqual(['feed#all']);
  });

  test('an update names the attributes of its update and condition expressions, not nested paths or values', () => {
    const [call] = callsOf('releases', 'DynamoDBClient', 'UpdateItemCommand', {
      TableName: 'local-table',
      Key: { pk: { S: 'tokens' }, sk: { S: 'h' } },
      UpdateExpression: 'SET #used = :now, meta.inner = :x',
      ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(#used) OR #used < :stale)',
      ExpressionAttributeNames: { '#used': 'lastUsedAt' },
    }, settings);
    expect(call!.attributes).toEqual(['lastUsedAt', 'meta', 'pk', 'sk']);
  });

  test('S3 and SNS calls map onto the bucket, its keys, the topic and its subscriptions', () => {
    expect(callsOf('feeds', 'S3Client', 'HeadObjectCommand', { Bucket: 'pressroom-feeds', Key: 'feeds/all.rss' }, settings)).toEqual([
      { fn: 'feeds', action: 's3:GetObject', resource: { of: 'bucket', key: 'feeds/all.rss' } },
    ]);
    expect(callsOf('subscriptions', 'SNSClient', 'UnsubscribeCommand', { SubscriptionArn: `${settings.topicArn}:abc` }, settings)).toEqual([
      { fn: 'subscriptions', action: 'sns:Unsubscribe', resource: { of: 'topic', suffix: ':abc' } },
    ]);
  });

  test('a copy is a read of its source and a write of its destination, in whichever bucket each is', () => {
    expect(
      callsOf('feeds', 'S3Client', 'CopyObjectCommand', { CopySource: 'pressroom-uploads/renditions/01J/400.jpg', Bucket: 'pressroom-feeds', Key: 'media/01J/400.jpg' }, settings),
    ).toEqual([
      { fn: 'feeds', action: 's3:GetObject', resource: { of: 'uploads', key: 'renditions/01J/400.jpg' } },
      { fn: 'feeds', action: 's3:PutObject', resource: { of: 'bucket', key: 'media/01J/400.jpg' } },
    ]);
    expect(callsOf('feeds', 'S3Client', 'CopyObjectCommand', { CopySource: '/elsewhere/a%20b', Bucket: 'pressroom-feeds', Key: 'media/x' }, settings)[0]).toEqual({
      fn: 'feeds',
      action: 's3:GetObject',
      resource: { of: 'other', name: 'bucket elsewhere' },
    });
  });

  test('a schedule call acts on the schedule in its group; creating or updating one passes its role to Scheduler', () => {
    const input = { Name: 'release-01J', GroupName: 'pressroom', Target: { Arn: settings.schedules!.targetArn, RoleArn: settings.schedules!.roleArn } };
    expect(callsOf('notify', 'SchedulerClient', 'UpdateScheduleCommand', input, settings)).toEqual([
      { fn: 'notify', action: 'scheduler:UpdateSchedule', resource: { of: 'schedule', name: 'release-01J' } },
      { fn: 'notify', action: 'iam:PassRole', resource: { of: 'schedulerRole' }, passedToService: 'scheduler.amazonaws.com' },
    ]);
    expect(callsOf('notify', 'SchedulerClient', 'DeleteScheduleCommand', { Name: 'release-01J', GroupName: 'other' }, settings)).toEqual([
      { fn: 'notify', action: 'scheduler:DeleteSchedule', resource: { of: 'other', name: 'schedule other/release-01J' } },
    ]);
  });
});
