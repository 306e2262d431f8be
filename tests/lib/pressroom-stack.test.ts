// The production stack, resource by resource: what a production deploy needs of the table, the API,
// the functions and their grants, the stream consumers, the topic, the feeds site and the uploads.
import { beforeAll, describe, expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { apiPaths, gatewayRoutes, pageRoutes, routes, routeKey } from '../../lambdas/routes.ts';
import { tableDefinition, TTL_ATTRIBUTE } from '../../lambdas/adapters/table-layout.ts';
import { subscriberTableDefinition } from '../../lambdas/adapters/subscriber-store.ts';
import { apiFunctionNames, projectRoot, streamConsumerNames, type PressroomFunctionName } from '../../lib/functions.ts';
import type { PressroomStack } from '../../lib/pressroom-stack.ts';
import { STREAM_SETTINGS } from '../../lib/stream-consumer.ts';
import { synthesise } from './synth.ts';
import { actionsOf, allFunctionNames, granting, logicalId, roleStatements, type Statement } from './support.ts';

let stack: PressroomStack;
let template: Template;

beforeAll(() => {
  // Resources do not depend on the bundle contents; handler-entries.test.ts bundles.
  ({ stack, template } = synthesise({ stage: 'prod' }, { bundle: false }));
});

const fnId = (name: PressroomFunctionName) => logicalId(stack, stack.functions.get(name)!.function);
const tableId = () => logicalId(stack, stack.table);
const tableArn = () => ({ 'Fn::GetAtt': [tableId(), 'Arn'] });
const statementsOf = (name: PressroomFunctionName) => roleStatements(stack, template, name);
/** An ARN in the uploads bucket, as the stack builds it from the bucket's name. */
const uploadsArn = (pattern?: string) => stack.resolve(stack.uploads.arn(pattern));
const envOf = (name: PressroomFunctionName) =>
  template.toJSON().Resources[fnId(name)].Properties.Environment.Variables as Record<string, unknown>;

describe('table', () => {
  test('mirrors tableDefinition(): keys, on-demand, stream with both images', () => {
    const definition = tableDefinition('x');
    // The releases' table and the alert subscribers' (below).
    template.resourceCountIs('AWS::DynamoDB::Table', 2);
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: definition.KeySchema,
      AttributeDefinitions: definition.AttributeDefinitions,
      BillingMode: 'PAY_PER_REQUEST',
      StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
      TimeToLiveSpecification: { AttributeName: TTL_ATTRIBUTE, Enabled: true },
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
    });
  });

  test('in production: deletion protection and RETAIN', () => {
    template.hasResource('AWS::DynamoDB::Table', {
      Properties: Match.objectLike({ DeletionProtectionEnabled: true }),
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
  });
});

describe('functions', () => {
  test('one per route group plus the stream consumers and the scheduled functions, each with a handler file', () => {
    const expected = allFunctionNames;
    expect([...stack.functions.keys()].sort()).toEqual([...expected].sort());
    template.resourceCountIs('AWS::Lambda::Function', expected.length);
  });

  describe.each(allFunctionNames)('%s', (name) => {
    test('nodejs24.x on ARM64, ESM bundle, logging settings, nothing local', () => {
      template.hasResourceProperties('AWS::Lambda::Function', {
        FunctionName: Match.absent(),
        Runtime: 'nodejs24.x',
        Architectures: ['arm64'],
        Handler: 'index.handler',
        Role: { 'Fn::GetAtt': [logicalId(stack, stack.functions.get(name)!.role), 'Arn'] },
        LoggingConfig: { LogGroup: Match.anyValue() },
      });
      const env = envOf(name);
      expect(env).toMatchObject({
        TABLE_NAME: { Ref: tableId() },
        NODE_OPTIONS: '--enable-source-maps',
        POWERTOOLS_SERVICE_NAME: `pressroom-${name}`,
        POWERTOOLS_LOG_LEVEL: 'INFO',
      });
      for (const local of ['DYNAMODB_ENDPOINT', 'SNS_ENDPOINT', 'S3_ENDPOINT', 'AWS_REGION']) expect(env).not.toHaveProperty(local);
    });

    test('a role of its own with no managed policy, logging only to its log group', () => {
      const roleId = logicalId(stack, stack.functions.get(name)!.role);
      const role = template.toJSON().Resources[roleId];
      expect(role.Properties.ManagedPolicyArns).toBeUndefined();
      expect(role.Properties.AssumeRolePolicyDocument.Statement).toEqual([
        expect.objectContaining({ Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }),
      ]);
      const [logs] = granting(statementsOf(name), 'logs:PutLogEvents');
      expect(logs!.Resource).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/Logs/), 'Arn'] });
    });
  });

  test('subscriptions: topic ARN and the deployed endpoint policy', () => {
    expect(envOf('subscriptions')).toMatchObject({
      TOPIC_ARN: { Ref: logicalId(stack, stack.topic.topic) },
      ENDPOINT_POLICY: 'deployed',
    });
  });

  test('notify: topic ARN, CloudFront base URL and API base URL', () => {
    const env = envOf('notify');
    expect(env.TOPIC_ARN).toEqual({ Ref: logicalId(stack, stack.topic.topic) });
    expect(JSON.stringify(env.PUBLIC_BASE_URL)).toContain(logicalId(stack, stack.feeds.distribution));
    expect(JSON.stringify(env.API_BASE_URL)).toContain(logicalId(stack, stack.api.api));
  });

  test('releases: the site configuration (a ninjs answer names the institution) and the public base URL', () => {
    const env = envOf('releases');
    expect(JSON.parse(env.SITE_CONFIG as string)).toHaveProperty('tagUri');
    expect(JSON.stringify(env.PUBLIC_BASE_URL)).toContain(logicalId(stack, stack.feeds.distribution));
  });

  test('notify: the release schedule group, publish-due, the scheduler role, its dead letters and the site configuration', () => {
    const env = envOf('notify');
    expect(env).toMatchObject({
      SCHEDULE_GROUP: stack.scheduling.group.scheduleGroupName,
      PUBLISH_DUE_ARN: { 'Fn::GetAtt': [fnId('publish-due'), 'Arn'] },
      SCHEDULER_ROLE_ARN: { 'Fn::GetAtt': [logicalId(stack, stack.scheduling.role), 'Arn'] },
      SCHEDULE_DLQ_ARN: { 'Fn::GetAtt': [logicalId(stack, stack.scheduling.deadLetters), 'Arn'] },
    });
    expect(JSON.parse(env.SITE_CONFIG as string)).toHaveProperty('timeZone');
  });

  test('publish-due: a 90 s timeout (it may wait up to a minute for the instant) and nothing but the table', () => {
    const fn = template.toJSON().Resources[fnId('publish-due')];
    expect(fn.Properties.Timeout).toBe(90);
    expect(Object.keys(envOf('publish-due')).sort()).toEqual(['NODE_OPTIONS', 'POWERTOOLS_LOG_LEVEL', 'POWERTOOLS_SERVICE_NAME', 'TABLE_NAME']);
  });

  test('feeds: bucket name, CloudFront base URL and API base URL', () => {
    const env = envOf('feeds');
    expect(env.FEEDS_BUCKET).toEqual({ Ref: logicalId(stack, stack.feeds.bucket) });
    expect(JSON.stringify(env.PUBLIC_BASE_URL)).toContain(logicalId(stack, stack.feeds.distribution));
    expect(JSON.stringify(env.API_BASE_URL)).toContain(logicalId(stack, stack.api.api));
  });
});

describe('HTTP API', () => {
  test('HTTP protocol, CORS for reads only', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      ProtocolType: 'HTTP',
      CorsConfiguration: Match.objectLike({ AllowMethods: ['GET', 'HEAD'], AllowOrigins: ['*'] }),
    });
  });

  test('$default stage: auto-deployed, throttled, access-logged', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: 100, ThrottlingBurstLimit: 200 },
      AccessLogSettings: {
        DestinationArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('AccessLogs'), 'Arn'] },
        Format: Match.stringLikeRegexp('\\$context\\.requestId'),
      },
    });
  });

  test('a route for every entry of lambdas/routes.ts and an ANY route per path, to the function of its group', () => {
    const resources = template.toJSON().Resources as Record<string, any>;
    const integrations = Object.entries(resources).filter(([, r]) => r.Type === 'AWS::ApiGatewayV2::Integration');
    const functionOfIntegration = new Map(
      integrations.map(([id, r]) => [id, r.Properties.IntegrationUri['Fn::GetAtt'][0] as string]),
    );
    const routeResources = Object.values(resources).filter((r) => r.Type === 'AWS::ApiGatewayV2::Route');
    // And the site's pages a function answers (the alert pages).
    expect(routeResources.map((r) => r.Properties.RouteKey).sort()).toEqual([...gatewayRoutes, ...pageRoutes].map(routeKey).sort());
    // Every table route, and per path one ANY that answers the methods the path lacks.
    expect(gatewayRoutes.filter((r) => r.method !== 'ANY').map(routeKey).sort()).toEqual(routes.map(routeKey).sort());
    expect(gatewayRoutes.filter((r) => r.method === 'ANY').map((r) => r.path).sort()).toEqual([...apiPaths.keys()].sort());
    for (const route of [...gatewayRoutes, ...pageRoutes]) {
      const resource = routeResources.find((r) => r.Properties.RouteKey === routeKey(route))!;
      const integrationId = resource.Properties.Target['Fn::Join'][1][1].Ref as string;
      expect(functionOfIntegration.get(integrationId), routeKey(route)).toBe(fnId(route.function));
    }
    // One integration (one Lambda) per route group.
    expect(integrations).toHaveLength(new Set([...routes, ...pageRoutes].map((route) => route.function)).size);
  });

  test('stream consumers are not behind the API', () => {
    const uris = JSON.stringify(template.findResources('AWS::ApiGatewayV2::Integration'));
    for (const name of streamConsumerNames) if (stack.functions.has(name)) expect(uris).not.toContain(fnId(name));
  });
});

describe('least privilege', () => {
  const ALLOWED_STAR_ACTIONS = new Set(['dynamodb:ListStreams', 'sns:Unsubscribe', 'sns:GetSubscriptionAttributes']);

  test('`*` as a resource only for actions that support no resource-level permission', () => {
    for (const policy of Object.values(template.findResources('AWS::IAM::Policy'))) {
      for (const statement of policy.Properties.PolicyDocument.Statement as Statement[]) {
        if ([statement.Resource].flat().includes('*')) {
          for (const action of actionsOf(statement)) expect(ALLOWED_STAR_ACTIONS, action).toContain(action);
        }
        for (const action of actionsOf(statement)) expect(action).not.toMatch(/:\*$|^\*$/);
      }
    }
  });

  test('no Scan and no table administration for anyone; unconditional batch writes only for the feeds per language\'s entries', () => {
    const policies = template.findResources('AWS::IAM::Policy');
    const all = JSON.stringify(policies);
    for (const action of ['dynamodb:Scan', 'dynamodb:DeleteTable', 'dynamodb:UpdateTable']) {
      expect(all).not.toContain(`"${action}"`);
    }
    const batchWrites = Object.entries(policies).flatMap(([name, policy]) =>
      (policy.Properties.PolicyDocument.Statement as { Action: string | string[]; Condition?: unknown }[])
        .filter((statement) => [statement.Action].flat().includes('dynamodb:BatchWriteItem'))
        .map((statement) => ({ name: name.replace(/RoleDefaultPolicy.*$/, ''), action: statement.Action, condition: statement.Condition })),
    );
    expect(batchWrites).toEqual([
      { name: 'FeedsFunction', action: 'dynamodb:BatchWriteItem', condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['feed#*'] } } },
    ]);
  });

  const ITEM_ACTIONS = /^dynamodb:(GetItem|BatchGetItem|Query|PutItem|UpdateItem|DeleteItem|ConditionCheckItem|BatchWriteItem)$/;
  const itemStatements = (name: PressroomFunctionName) =>
    statementsOf(name).filter((s) => actionsOf(s).some((a) => ITEM_ACTIONS.test(a)));
  const leadingKeys = (s: Statement) => (s.Condition?.['ForAllValues:StringLike'] as any)?.['dynamodb:LeadingKeys'];
  // Recording a token's last use must not be a way to change its scope: the update is limited
  // to the key and lastUsedAt.
  const expectTokenUseOnlyTouchesLastUse = (items: Statement[]) => {
    const updates = items.filter((s) => actionsOf(s).includes('dynamodb:UpdateItem') && (leadingKeys(s) ?? []).some((k: string) => /tokens/.test(k)));
    expect(updates).toHaveLength(1);
    expect((updates[0]!.Condition?.['ForAllValues:StringEquals'] as any)?.['dynamodb:Attributes']).toEqual(['pk', 'sk', 'lastUsedAt']);
  };

  test('releases: writes only releases, feed and status entries and idempotency records; only reads officials and tokens', () => {
    const statements = statementsOf('releases');
    expect(statements).toHaveLength(11);
    const items = itemStatements('releases');
    for (const statement of items) expect(statement.Resource).toEqual(tableArn());
    expect(items.map((s) => [actionsOf(s).sort(), leadingKeys(s).sort()])).toEqual([
      [['dynamodb:BatchGetItem', 'dynamodb:GetItem'], ['release#*']],
      // The media a release names, read for the publish gate; never written.
      [['dynamodb:BatchGetItem'], ['media#*']],
      [['dynamodb:Query'], ['feed#*', 'officials', 'status#*']],
      [['dynamodb:DeleteItem', 'dynamodb:PutItem'], ['release#*']],
      [['dynamodb:DeleteItem', 'dynamodb:PutItem'], ['feed#*', 'status#*']],
      [['dynamodb:GetItem', 'dynamodb:PutItem'], ['idempotency#*']],
      [['dynamodb:BatchGetItem', 'dynamodb:GetItem', 'dynamodb:PutItem'], ['group#*']],
      [['dynamodb:UpdateItem'], ['release#*']],
      [['dynamodb:GetItem'], ['partner-tokens', 'tokens']],
      [['dynamodb:UpdateItem'], ['partner-tokens', 'tokens']],
    ]);
    // Marking the release a group starts from touches its group and nothing else of it.
    const mark = items.find((s) => leadingKeys(s).includes('release#*') && actionsOf(s).includes('dynamodb:UpdateItem'))!;
    expect((mark.Condition?.['ForAllValues:StringEquals'] as any)?.['dynamodb:Attributes']).toEqual(['pk', 'sk', 'group', 'version']);
    expectTokenUseOnlyTouchesLastUse(items);
    const writes = items.filter((s) => actionsOf(s).some((a) => /Put|Delete/.test(a)));
    expect(writes.flatMap(leadingKeys)).not.toContain('tokens');
    expect(writes.flatMap(leadingKeys)).not.toContain('officials');
  });

  test('officials: the officials partition and token lookups', () => {
    const items = itemStatements('officials');
    expect(items.map((s) => [actionsOf(s).sort(), leadingKeys(s)])).toEqual([
      [['dynamodb:PutItem', 'dynamodb:Query'], ['officials']],
      [['dynamodb:GetItem'], ['tokens', 'partner-tokens']],
      [['dynamodb:UpdateItem'], ['tokens', 'partner-tokens']],
    ]);
    expectTokenUseOnlyTouchesLastUse(items);
    expect(statementsOf('officials')).toHaveLength(4);
  });

  test('events: Queries of the event log (and the officials, for ninjs), its newest position, a partner\'s subscription, token lookups; it never writes', () => {
    const items = itemStatements('events');
    expect(items.map((s) => [actionsOf(s), leadingKeys(s)])).toEqual([
      [['dynamodb:Query'], ['events', 'officials']],
      [['dynamodb:GetItem'], ['event-sequence', 'subscriptions']],
      [['dynamodb:GetItem'], ['tokens', 'partner-tokens']],
      [['dynamodb:UpdateItem'], ['tokens', 'partner-tokens']],
    ]);
    expectTokenUseOnlyTouchesLastUse(items);
    expect(statementsOf('events')).toHaveLength(5);
  });

  test('openapi: nothing but looking a caller\'s token up and recording its use', () => {
    const statements = statementsOf('openapi');
    expect(statements).toHaveLength(3);
    const items = itemStatements('openapi');
    expect(items.map((s) => [actionsOf(s), leadingKeys(s)])).toEqual([
      [['dynamodb:GetItem'], ['tokens', 'partner-tokens']],
      [['dynamodb:UpdateItem'], ['tokens', 'partner-tokens']],
    ]);
    expectTokenUseOnlyTouchesLastUse(items);
  });

  test('subscriptions: manage subscriptions of the releases topic and their partner tokens, read the log, publish redeliveries', () => {
    const statements = statementsOf('subscriptions');
    const topicRef = { Ref: logicalId(stack, stack.topic.topic) };
    expect(granting(statements, 'sns:Subscribe')[0]!.Resource).toEqual(topicRef);
    expect(granting(statements, 'sns:Publish')[0]!.Resource).toEqual(topicRef);
    const snsActions = statements.flatMap(actionsOf).filter((a) => a.startsWith('sns:')).sort();
    expect(snsActions).toEqual(['sns:GetSubscriptionAttributes', 'sns:Publish', 'sns:Subscribe', 'sns:Unsubscribe']);
    expect(itemStatements('subscriptions').map((s) => [actionsOf(s).sort(), leadingKeys(s)])).toEqual([
      [['dynamodb:DeleteItem', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query'], ['subscriptions']],
      // It can write partner tokens only: never an operator's token, which grants more.
      [['dynamodb:DeleteItem', 'dynamodb:PutItem'], ['partner-tokens']],
      [['dynamodb:Query'], ['events', 'failed-deliveries#*']],
      [['dynamodb:BatchGetItem'], ['events', 'event-id#*']],
      [['dynamodb:GetItem'], ['tokens', 'partner-tokens']],
      [['dynamodb:UpdateItem'], ['tokens', 'partner-tokens']],
    ]);
    expectTokenUseOnlyTouchesLastUse(itemStatements('subscriptions'));
  });

  test('delivery-failures: the subscription of an ARN, and its failed deliveries; nothing else', () => {
    expect(itemStatements('delivery-failures').map((s) => [actionsOf(s), leadingKeys(s)])).toEqual([
      [['dynamodb:GetItem'], ['subscriptions']],
      [['dynamodb:PutItem'], ['failed-deliveries#*']],
    ]);
    const others = statementsOf('delivery-failures').flatMap(actionsOf).filter((a) => !/^(logs|sqs|dynamodb):/.test(a));
    expect(others).toEqual([]);
  });

  test('notify: read the stream, its ledger, publish to the topic with its key, put a public release\'s media on the site', () => {
    const statements = statementsOf('notify');
    expect(granting(statements, 'sns:Publish')[0]!.Resource).toEqual({ Ref: logicalId(stack, stack.topic.topic) });
    expect(granting(statements, 'kms:GenerateDataKey*')[0]!.Resource).toEqual({
      'Fn::GetAtt': [logicalId(stack, stack.topic.key), 'Arn'],
    });
    expect(granting(statements, 'dynamodb:GetRecords')[0]!.Resource).toEqual({ 'Fn::GetAtt': [tableId(), 'StreamArn'] });
    expect(itemStatements('notify').map((s) => [actionsOf(s).sort(), leadingKeys(s)])).toEqual([
      [['dynamodb:GetItem', 'dynamodb:PutItem'], ['notified#*']],
      // The event log: its position read, then position, event and eventId marker put in one transaction.
      [['dynamodb:GetItem'], ['event-sequence']],
      // An event carries the public translations of its release, read from its group.
      [['dynamodb:GetItem'], ['group#*']],
      [['dynamodb:PutItem'], ['event-sequence', 'events', 'event-id#*']],
      [['dynamodb:GetItem', 'dynamodb:UpdateItem'], ['media#*']],
      [['dynamodb:GetItem'], ['release#*']],
    ]);
    // The site: only media/, never a feed file; from the uploads bucket only the renditions.
    const feedsBucketArn = { 'Fn::GetAtt': [logicalId(stack, stack.feeds.bucket), 'Arn'] };
    for (const action of ['s3:PutObject', 's3:DeleteObject']) {
      expect(granting(statements, action).map((s) => s.Resource), action).toEqual([{ 'Fn::Join': ['', [feedsBucketArn, '/media/*']] }]);
    }
    expect(granting(statements, 's3:GetObject').map((s) => s.Resource)).toEqual([uploadsArn('renditions/*')]);
  });

  test('notify: schedules in the release schedule group only, passing only its role and only to Scheduler', () => {
    const statements = statementsOf('notify');
    const schedules = granting(statements, 'scheduler:CreateSchedule');
    expect(schedules).toHaveLength(1);
    expect(actionsOf(schedules[0]!).sort()).toEqual(['scheduler:CreateSchedule', 'scheduler:DeleteSchedule', 'scheduler:UpdateSchedule']);
    expect(schedules[0]!.Resource).toEqual({
      'Fn::Join': [
        '',
        ['arn:', { Ref: 'AWS::Partition' }, ':scheduler:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, `:schedule/${stack.scheduling.group.scheduleGroupName}/*`],
      ],
    });
    const pass = granting(statements, 'iam:PassRole');
    expect(pass).toEqual([
      expect.objectContaining({
        Resource: { 'Fn::GetAtt': [logicalId(stack, stack.scheduling.role), 'Arn'] },
        Condition: { StringEquals: { 'iam:PassedToService': 'scheduler.amazonaws.com' } },
      }),
    ]);
    const scheduler = statements.flatMap(actionsOf).filter((a) => a.startsWith('scheduler:') || a.startsWith('iam:'));
    expect(scheduler.sort()).toEqual(['iam:PassRole', 'scheduler:CreateSchedule', 'scheduler:DeleteSchedule', 'scheduler:UpdateSchedule']);
    for (const name of allFunctionNames.filter((n) => n !== 'notify')) {
      const actions = statementsOf(name).flatMap(actionsOf);
      expect(actions.filter((a) => a.startsWith('scheduler:') || a === 'iam:PassRole'), name).toEqual([]);
    }
  });

  test('publish-due: reads releases, queries and clears the scheduled list, writes releases and feed entries; no drafts, no deletes of feeds', () => {
    const items = itemStatements('publish-due');
    for (const statement of items) expect(statement.Resource).toEqual(tableArn());
    expect(items.map((s) => [actionsOf(s).sort(), leadingKeys(s).sort()])).toEqual([
      [['dynamodb:BatchGetItem', 'dynamodb:GetItem'], ['release#*']],
      [['dynamodb:Query'], ['status#scheduled']],
      [['dynamodb:PutItem'], ['feed#*', 'release#*']],
      [['dynamodb:DeleteItem'], ['status#scheduled']],
      // A published translation's group records its new state.
      [['dynamodb:GetItem', 'dynamodb:PutItem'], ['group#*']],
    ]);
    // Its own logs and the on-failure destination of its asynchronous invocations, nothing else:
    // no stream, topic, bucket or tokens.
    const statements = statementsOf('publish-due');
    expect(statements).toHaveLength(items.length + 2);
    const send = granting(statements, 'sqs:SendMessage');
    expect(send).toHaveLength(1);
    expect(send[0]!.Resource).toEqual({ 'Fn::GetAtt': [logicalId(stack, stack.scheduling.deadLetters), 'Arn'] });
  });

  test('feeds: read the stream and its partitions and the groups, write the language entries, archive pages and sitemap days, register feeds, take render leases, write only under feeds/, releases/, media/ and the sitemaps', () => {
    const statements = statementsOf('feeds');
    expect(itemStatements('feeds').map((s) => [actionsOf(s).sort(), leadingKeys(s).sort()])).toEqual([
      [['dynamodb:Query'], ['archive#*', 'feed#*', 'feeds', 'officials', 'sitemaps']],
      [['dynamodb:PutItem'], ['archive#*']],
      [['dynamodb:PutItem'], ['sitemaps']],
      [['dynamodb:BatchGetItem'], ['release#*']],
      [['dynamodb:BatchWriteItem'], ['feed#*']],
      [['dynamodb:BatchGetItem'], ['group#*']],
      [['dynamodb:GetItem', 'dynamodb:PutItem'], ['feeds']],
      [['dynamodb:GetItem', 'dynamodb:UpdateItem'], ['feed-render#*']],
      [['dynamodb:GetItem', 'dynamodb:UpdateItem'], ['media#*']],
      [['dynamodb:GetItem'], ['release#*']],
    ]);
    const feedsBucketArn = { 'Fn::GetAtt': [logicalId(stack, stack.feeds.bucket), 'Arn'] };
    expect(granting(statements, 's3:ListBucket')[0]!.Resource).toEqual(feedsBucketArn);
    // The feeds, the release pages, the sitemaps and robots.txt, and nothing else.
    const siteFiles = ['/feeds/*', '/releases/*', '/sitemap.xml', '/news-sitemap.xml', '/robots.txt', '/sitemaps/*.xml'].map((key) => ({
      'Fn::Join': ['', [feedsBucketArn, key]],
    }));
    const put = granting(statements, 's3:PutObject');
    expect(put.map((s) => s.Resource)).toEqual([
      siteFiles,
      { 'Fn::Join': ['', [feedsBucketArn, '/media/*']] },
    ]);
    // Published media are removed at retraction; feed files never are.
    expect(granting(statements, 's3:DeleteObject').map((s) => s.Resource)).toEqual([{ 'Fn::Join': ['', [feedsBucketArn, '/media/*']] }]);
    // From the uploads bucket only the renditions, never an unprocessed upload.
    expect(granting(statements, 's3:GetObject').map((s) => s.Resource)).toEqual([
      siteFiles,
      uploadsArn('renditions/*'),
    ]);
    expect(granting(statements, 'dynamodb:GetRecords')[0]!.Resource).toEqual({ 'Fn::GetAtt': [tableId(), 'StreamArn'] });
    const actions = statements.flatMap(actionsOf);
    for (const forbidden of ['dynamodb:DeleteItem', 'sns:Publish']) expect(actions).not.toContain(forbidden);
  });

  test('media: media items and upload forms for uploads/ only; it never reads an upload', () => {
    const statements = statementsOf('media');
    expect(itemStatements('media').map((s) => [actionsOf(s).sort(), leadingKeys(s)])).toEqual([
      [['dynamodb:GetItem', 'dynamodb:PutItem'], ['media#*']],
      [['dynamodb:GetItem'], ['tokens', 'partner-tokens']],
      [['dynamodb:UpdateItem'], ['tokens', 'partner-tokens']],
    ]);
    expectTokenUseOnlyTouchesLastUse(itemStatements('media'));
    const s3 = statements.filter((s) => actionsOf(s).some((a) => a.startsWith('s3:')));
    expect(s3.map((s) => [actionsOf(s), s.Resource])).toEqual([[['s3:PutObject'], uploadsArn('uploads/*')]]);
    expect(statements).toHaveLength(5);
  });

  test('process-media: claims and completes media items, reads and deletes uploads, writes renditions, and its dead letters', () => {
    const statements = statementsOf('process-media');
    expect(itemStatements('process-media').map((s) => [actionsOf(s).sort(), leadingKeys(s)])).toEqual([
      [['dynamodb:GetItem', 'dynamodb:UpdateItem'], ['media#*']],
    ]);
    const s3 = statements.filter((s) => actionsOf(s).some((a) => a.startsWith('s3:')));
    expect(s3.map((s) => [actionsOf(s).sort(), s.Resource])).toEqual([
      [['s3:DeleteObject', 's3:GetObject'], uploadsArn('uploads/*')],
      [['s3:PutObject'], uploadsArn('renditions/*')],
    ]);
    expect(granting(statements, 'sqs:SendMessage').map((s) => s.Resource)).toEqual([
      { 'Fn::GetAtt': [logicalId(stack, stack.uploads.deadLetters), 'Arn'] },
    ]);
    // Logs, the media items, two for the bucket, the dead letters: no stream, topic or tokens.
    expect(statements).toHaveLength(5);
  });

  test('only the stream consumers read the stream, only notify (and subscriptions, for redeliveries) publish, only they write to the site', () => {
    const feedsBucket = logicalId(stack, stack.feeds.bucket);
    for (const name of allFunctionNames) {
      const actions = statementsOf(name).flatMap(actionsOf);
      if (!streamConsumerNames.includes(name as never)) expect(actions, name).not.toContain('dynamodb:GetRecords');
      if (name !== 'notify' && name !== 'subscriptions') expect(actions, name).not.toContain('sns:Publish');
      if (name === 'feeds' || name === 'notify') continue;
      const siteWrites = statementsOf(name).filter(
        (s) => actionsOf(s).some((a) => /^s3:(Put|Delete)/.test(a)) && JSON.stringify(s.Resource).includes(feedsBucket),
      );
      expect(siteWrites, name).toEqual([]);
    }
    // Of the API functions only media touches a bucket: it signs upload forms.
    for (const name of apiFunctionNames.filter((n) => n !== 'media')) {
      expect(statementsOf(name).flatMap(actionsOf).filter((a) => a.startsWith('s3:')), name).toEqual([]);
    }
  });
});

describe('e-mail alerts', () => {
  const subscribers = () => template.toJSON().Resources[logicalId(stack, stack.alertMail!.subscribers)];

  test('subscribers: a table of their own, with no stream, encrypted with a rotated key of its own, TTL, retained in production', () => {
    const definition = subscriberTableDefinition('x');
    const table = subscribers();
    expect(table.Properties).toMatchObject({
      KeySchema: definition.KeySchema,
      AttributeDefinitions: definition.AttributeDefinitions,
      BillingMode: 'PAY_PER_REQUEST',
      TimeToLiveSpecification: { AttributeName: TTL_ATTRIBUTE, Enabled: true },
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      DeletionProtectionEnabled: true,
      SSESpecification: { SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: { 'Fn::GetAtt': [logicalId(stack, stack.alertMail!.key), 'Arn'] } },
    });
    expect(table.Properties.StreamSpecification).toBeUndefined();
    expect(table.DeletionPolicy).toBe('Retain');
    expect(template.toJSON().Resources[logicalId(stack, stack.alertMail!.key)].Properties.EnableKeyRotation).toBe(true);
  });

  test('only the alert functions are granted the subscribers and their key; only those that send, the alert key and sending', () => {
    const data = [logicalId(stack, stack.alertMail!.subscribers), logicalId(stack, stack.alertMail!.key)];
    const alertFunctions: PressroomFunctionName[] = ['alerts', 'alert-fanout', 'alert-mail', 'alert-digest'];
    for (const name of allFunctionNames.filter((fn) => !alertFunctions.includes(fn))) {
      for (const id of data) expect(JSON.stringify(statementsOf(name)), name).not.toContain(`"${id}"`);
    }
    for (const name of allFunctionNames.filter((fn) => fn !== 'alerts' && fn !== 'alert-mail')) {
      expect(JSON.stringify(statementsOf(name)), name).not.toContain(`"${logicalId(stack, stack.alertMail!.linkKey)}"`);
      expect(statementsOf(name).flatMap(actionsOf), name).not.toContain('ses:SendEmail');
    }
  });

  test('the fan-out: Queries follower partitions only, keeps its progress, queues mail jobs; it signs and sends nothing', () => {
    const statements = statementsOf('alert-fanout');
    const sid = (name: string) => statements.find((statement) => statement.Sid === name)!;
    expect(sid('Followers')).toMatchObject({ Action: 'dynamodb:Query', Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['followers#*'] } } });
    expect(sid('FanOutProgress')).toMatchObject({ Action: ['dynamodb:GetItem', 'dynamodb:PutItem'], Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['fanout#*'] } } });
    expect(sid('QueueMailJobs')).toMatchObject({ Action: 'sqs:SendMessage', Resource: { 'Fn::GetAtt': [logicalId(stack, stack.alertMail!.mails), 'Arn'] } });
    expect(envOf('alert-fanout').ALERT_KEY_SECRET_ARN).toBeUndefined();
  });

  test('the sender: re-reads follows (BatchGet of follower partitions), the alert key, sends as the sender, puts jobs back; at half the rate each, two at once', () => {
    const statements = statementsOf('alert-mail');
    const sid = (name: string) => statements.find((statement) => statement.Sid === name)!;
    expect(sid('StillFollowing')).toMatchObject({ Action: 'dynamodb:BatchGetItem', Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['followers#*'] } } });
    expect(sid('SendAlerts')).toMatchObject({ Action: 'ses:SendEmail', Condition: { StringEquals: { 'ses:FromAddress': 'alerts@meclis.gov.az' } } });
    expect(sid('QueueMailJobs')).toMatchObject({ Action: 'sqs:SendMessage' });
    expect(statements.flatMap(actionsOf).filter((action) => action.startsWith('dynamodb:')).sort()).toEqual(['dynamodb:BatchGetItem', 'dynamodb:Query']);
    expect(sid('DigestEntriesRead')).toMatchObject({ Action: 'dynamodb:Query', Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['digest#*'] } } });
    // SES's 14 a second, shared by the two senders the event source runs at most.
    expect(envOf('alert-mail').ALERT_SEND_RATE).toBe('7');
    // A full batch of 10 jobs of 50 at 7 a second, and half a minute more; the queue hides a job six times that.
    expect(template.toJSON().Resources[fnId('alert-mail')].Properties.Timeout).toBe(102);
    expect(template.toJSON().Resources[logicalId(stack, stack.alertMail!.mails)].Properties.VisibilityTimeout).toBe(6 * 102);
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: fnId('alert-mail') },
      BatchSize: 10,
      ScalingConfig: { MaximumConcurrency: 2 },
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
  });

  test("the daily digest: a schedule at the site's digest time in its zone invokes alert-digest, which may read the digests' feeds and their followers and queue jobs", () => {
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(0 8 * * ? *)',
      ScheduleExpressionTimezone: 'Asia/Baku',
      FlexibleTimeWindow: { Mode: 'OFF' },
      Target: Match.objectLike({ Arn: { 'Fn::GetAtt': [fnId('alert-digest'), 'Arn'] }, Input: '{}' }),
    });
    // One run at a time: two runs of a digest at once would both queue it.
    expect(template.toJSON().Resources[fnId('alert-digest')].Properties.ReservedConcurrentExecutions).toBe(1);
    const statements = statementsOf('alert-digest');
    const sid = (name: string) => statements.find((statement) => statement.Sid === name)!;
    expect(sid('DigestProgress')).toMatchObject({ Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['fanout#digest *'] } } });
    expect(sid('DigestFeedsAndFollowers')).toMatchObject({ Action: 'dynamodb:Query', Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['digestfeeds#*', 'followers#*'] } } });
    expect(sid('QueueMailJobs')).toMatchObject({ Action: 'sqs:SendMessage' });
    expect(statements.flatMap(actionsOf)).not.toContain('ses:SendEmail');
    expect(statementsOf('alert-fanout').find((statement) => statement.Sid === 'DigestEntries')).toMatchObject({
      Action: 'dynamodb:PutItem',
      Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['digest#*', 'digestfeeds#*'] } },
    });
  });

  test('the queues: mailed events from the topic (raw, filtered to what is mailed); mail jobs under the subscribers\' key; both with dead letters and alarms', () => {
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'sqs',
      RawMessageDelivery: true,
      FilterPolicy: Match.exact({ type: ['release.published', 'release.updated', 'release.retracted'], audience: ['public'] }),
      Endpoint: { 'Fn::GetAtt': [logicalId(stack, stack.alertMail!.events), 'Arn'] },
    });
    const queue = (id: string) => template.toJSON().Resources[id].Properties;
    expect(queue(logicalId(stack, stack.alertMail!.mails))).toMatchObject({
      KmsMasterKeyId: { 'Fn::GetAtt': [logicalId(stack, stack.alertMail!.key), 'Arn'] },
      RedrivePolicy: { maxReceiveCount: 5 },
    });
    expect(queue(logicalId(stack, stack.alertMail!.events))).toMatchObject({ SqsManagedSseEnabled: true, RedrivePolicy: { maxReceiveCount: 5 } });
    const mailDeadLetters = queue(logicalId(stack, stack.alertMail!.mails)).RedrivePolicy.deadLetterTargetArn['Fn::GetAtt'][0];
    expect(queue(mailDeadLetters).KmsMasterKeyId).toEqual({ 'Fn::GetAtt': [logicalId(stack, stack.alertMail!.key), 'Arn'] });
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm')).map((alarm) => JSON.stringify(alarm.Properties.AlarmName));
    for (const name of ['alert-events-unsent', 'alert-mails-unsent', 'alert-fanout-errors', 'alert-mail-errors']) expect(alarms.some((alarm) => alarm.includes(name)), name).toBe(true);
  });

  test('alerts: single subscriber items (no Query, no Scan), their key through DynamoDB only, the alert key, sending as the sender only; the officials for feed titles', () => {
    const statements = statementsOf('alerts');
    const sid = (name: string) => statements.find((statement) => statement.Sid === name)!;
    expect(sid('SubscriberItems')).toMatchObject({
      Action: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'],
      Resource: { 'Fn::GetAtt': [logicalId(stack, stack.alertMail!.subscribers), 'Arn'] },
    });
    expect(sid('SubscribersKey').Condition).toEqual({ StringEquals: { 'kms:ViaService': { 'Fn::Join': ['', ['dynamodb.', { Ref: 'AWS::Region' }, '.amazonaws.com']] } } });
    expect(sid('AlertKey')).toMatchObject({ Action: 'secretsmanager:GetSecretValue', Resource: { Ref: logicalId(stack, stack.alertMail!.linkKey) } });
    expect(sid('SendAlerts')).toMatchObject({ Action: 'ses:SendEmail', Condition: { StringEquals: { 'ses:FromAddress': 'alerts@meclis.gov.az' } } });
    expect(sid('SendAlerts').Resource).toHaveLength(2);
    expect(envOf('alerts')).toMatchObject({
      SUBSCRIBERS_TABLE: { Ref: logicalId(stack, stack.alertMail!.subscribers) },
      ALERT_KEY_SECRET_ARN: { Ref: logicalId(stack, stack.alertMail!.linkKey) },
      ALERT_FROM: 'alerts@meclis.gov.az',
    });
    // The key itself is never in the function's configuration.
    expect(envOf('alerts').ALERT_KEY).toBeUndefined();
    expect(sid('Officials')).toMatchObject({
      Action: 'dynamodb:Query',
      Resource: tableArn(),
      Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['officials'] } },
    });
  });

  test('the alert key: a generated secret of 64 letters and digits, retained in production', () => {
    const secret = template.toJSON().Resources[logicalId(stack, stack.alertMail!.linkKey)];
    expect(secret.Properties.GenerateSecretString).toMatchObject({ PasswordLength: 64, ExcludePunctuation: true, IncludeSpace: false });
    expect(secret.DeletionPolicy).toBe('Retain');
  });

  test('CloudFront sends /alerts/* to the HTTP API, uncached, every method, the query string and the viewer address passed on', () => {
    const config = Object.values(template.findResources('AWS::CloudFront::Distribution'))[0]!.Properties.DistributionConfig;
    const pages = config.CacheBehaviors.find((b: { PathPattern: string }) => b.PathPattern === '/alerts/*');
    expect(pages).toMatchObject({ ViewerProtocolPolicy: 'redirect-to-https', CachePolicyId: '4135ea2d-6df8-44a3-9df3-4b5a84be39ad' });
    expect(pages.AllowedMethods).toContain('POST');
    const origin = config.Origins.find((o: { Id: string }) => o.Id === pages.TargetOriginId);
    expect(JSON.stringify(origin.DomainName)).toContain(logicalId(stack, stack.api.api));
    const policy = template.toJSON().Resources[pages.OriginRequestPolicyId.Ref].Properties.OriginRequestPolicyConfig;
    expect(policy.QueryStringsConfig.QueryStringBehavior).toBe('all');
    expect(policy.HeadersConfig.Headers.sort()).toEqual(['cloudfront-viewer-address', 'content-type', 'origin', 'sec-fetch-site']);
    // The function sets its own security headers (no managed policy to override its Referrer-Policy).
    expect(pages.ResponseHeadersPolicyId).toBeUndefined();
  });

  test('the sending domain (the site configuration\'s alerts.sender) as an SES identity with Easy DKIM and the configuration set', () => {
    template.hasResourceProperties('AWS::SES::EmailIdentity', {
      EmailIdentity: 'meclis.gov.az',
      DkimAttributes: { SigningEnabled: true },
      ConfigurationSetAttributes: { ConfigurationSetName: { Ref: logicalId(stack, stack.alertMail!.configurationSet) } },
    });
  });

  test('the configuration set has SES suppress bounced and complaining addresses, over TLS only', () => {
    template.hasResourceProperties('AWS::SES::ConfigurationSet', {
      SuppressionOptions: { SuppressedReasons: ['BOUNCE', 'COMPLAINT'] },
      DeliveryOptions: { TlsPolicy: 'REQUIRE' },
      ReputationOptions: { ReputationMetricsEnabled: true },
    });
  });

  test('the three DKIM records are outputs for the operator to publish', () => {
    const outputs = Object.entries(template.toJSON().Outputs as Record<string, { Description: string }>).filter(([, output]) => output.Description.startsWith('DKIM record'));
    expect(outputs).toHaveLength(3);
  });
});

describe('media uploads', () => {
  const bucketId = () => logicalId(stack, stack.uploads.bucket);
  const bucketOf = () => template.toJSON().Resources[bucketId()];
  const dlqId = () => logicalId(stack, stack.uploads.deadLetters);

  test('bucket: private, SSL only, encrypted, access-logged, retained', () => {
    template.hasResource('AWS::S3::Bucket', {
      Properties: Match.objectLike({
        BucketName: stack.resolve(stack.uploads.bucketName),
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
        BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
        OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
        LoggingConfiguration: { DestinationBucketName: { Ref: logicalId(stack, stack.feeds.logBucket) }, LogFilePrefix: 's3-uploads/' },
      }),
      DeletionPolicy: 'Retain',
    });
    const policy = Object.values(template.findResources('AWS::S3::BucketPolicy')).find(
      (p) => JSON.stringify(p.Properties.Bucket) === JSON.stringify({ Ref: bucketId() }),
    )!;
    const statements = policy.Properties.PolicyDocument.Statement as Statement[];
    expect(statements).toEqual([expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]);
  });

  test('lifecycle: unprocessed uploads expire after a day, incomplete multipart uploads are aborted, renditions are kept', () => {
    expect(bucketOf().Properties.LifecycleConfiguration.Rules).toEqual([
      { Id: 'ExpireUnprocessedUploads', Prefix: 'uploads/', ExpirationInDays: 1, Status: 'Enabled' },
      { Id: 'AbortIncompleteMultipartUploads', AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 }, Status: 'Enabled' },
    ]);
  });

  test('its name is unique per stack creation (the stack id), so a retained bucket never blocks a new stack', () => {
    const name = JSON.stringify(bucketOf().Properties.BucketName);
    expect(name).toContain('pressroom-prod-uploads-');
    expect(name).toContain('AWS::StackId');
  });

  test('UPLOADS_BUCKET for media, process-media and the stream consumers, and for no other function', () => {
    for (const name of allFunctionNames) {
      if (['media', 'process-media', 'feeds', 'notify'].includes(name)) expect(envOf(name).UPLOADS_BUCKET, name).toEqual(bucketOf().Properties.BucketName);
      else expect(envOf(name), name).not.toHaveProperty('UPLOADS_BUCKET');
    }
    // Every function that makes a rendition's public URL knows the public base URL.
    for (const name of ['media', 'releases', 'notify', 'feeds'] as const) expect(JSON.stringify(envOf(name).PUBLIC_BASE_URL), name).toContain(logicalId(stack, stack.feeds.distribution));
  });

  test('object-created under uploads/ (not renditions/) invokes process-media, with a permission for this bucket only, set up first', () => {
    expect(bucketOf().Properties.NotificationConfiguration).toEqual({
      LambdaConfigurations: [
        {
          Event: 's3:ObjectCreated:*',
          Filter: { S3Key: { Rules: [{ Name: 'prefix', Value: 'uploads/' }] } },
          Function: { 'Fn::GetAtt': [fnId('process-media'), 'Arn'] },
        },
      ],
    });
    const permissions = Object.entries(template.findResources('AWS::Lambda::Permission')).filter(
      ([, p]) => p.Properties.Principal === 's3.amazonaws.com',
    );
    expect(permissions).toHaveLength(1);
    const [permissionId, permission] = permissions[0]!;
    expect(permission.Properties).toEqual({
      Action: 'lambda:InvokeFunction',
      FunctionName: { 'Fn::GetAtt': [fnId('process-media'), 'Arn'] },
      Principal: 's3.amazonaws.com',
      SourceAccount: { Ref: 'AWS::AccountId' },
      SourceArn: uploadsArn(),
    });
    expect(bucketOf().DependsOn).toContain(permissionId);
  });

  test('process-media: ARM64, memory with the measured peak of the largest accepted upload within 60 % of it, 60 s', () => {
    const fn = template.toJSON().Resources[fnId('process-media')].Properties;
    expect(fn.Architectures).toEqual(['arm64']);
    expect(fn.MemorySize).toBe(2048);
    expect(fn.Timeout).toBe(60);
    const row = readFileSync(join(projectRoot, 'BENCHMARKS.md'), 'utf8')
      .split('\n')
      .find((line) => line.startsWith('| 100 MP'))!;
    const [peakMb] = [...row.matchAll(/\| (\d+) MB \|/g)].map((match) => Number(match[1]));
    expect(peakMb).toBeGreaterThan(0);
    expect(peakMb! / fn.MemorySize).toBeLessThanOrEqual(0.6);
  });

  test('asynchronous invocations: two retries, six hours at most, then the dead-letter queue', () => {
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: fnId('process-media') },
      MaximumRetryAttempts: 2,
      MaximumEventAgeInSeconds: 6 * 3600,
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [dlqId(), 'Arn'] } } },
    });
    expect(template.toJSON().Resources[dlqId()].Properties).toMatchObject({ SqsManagedSseEnabled: true, MessageRetentionPeriod: 1_209_600 });
  });

  test('alarms on its dead letters and its errors', () => {
    const alarmTopic = { Ref: logicalId(stack, stack.alarms.topic) };
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'Pressroom-prod-process-media-dead-letters',
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [dlqId(), 'QueueName'] } }],
      Threshold: 1,
      AlarmActions: [alarmTopic],
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'Pressroom-prod-process-media-errors',
      Namespace: 'AWS/Lambda',
      MetricName: 'Errors',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: fnId('process-media') } }],
      AlarmActions: [alarmTopic],
    });
  });
});

describe.each(streamConsumerNames)('stream consumer %s', (name) => {
  const dlqId = () => logicalId(stack, stack.streamConsumers.get(name)!.deadLetters);

  test('DynamoDB event source: partial failures, bisect, bounded retries and age, dead letters', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: fnId(name) },
      EventSourceArn: { 'Fn::GetAtt': [tableId(), 'StreamArn'] },
      StartingPosition: 'TRIM_HORIZON',
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      BisectBatchOnFunctionError: true,
      MaximumRetryAttempts: STREAM_SETTINGS.retryAttempts,
      MaximumRecordAgeInSeconds: STREAM_SETTINGS.maxRecordAge.toSeconds(),
      ParallelizationFactor: 1,
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [dlqId(), 'Arn'] } } },
    });
    // Bounded, and inside the stream's 24 h so a dead-lettered batch can still be read back.
    expect(STREAM_SETTINGS.maxRecordAge.toHours()).toBeLessThan(24);
  });

  test('dead-letter queue: encrypted, SSL only, kept 14 days, the function may send to it', () => {
    template.hasResourceProperties('AWS::SQS::Queue', { SqsManagedSseEnabled: true, MessageRetentionPeriod: 1_209_600 });
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [{ Ref: dlqId() }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
    expect(granting(statementsOf(name), 'sqs:SendMessage')[0]!.Resource).toEqual({ 'Fn::GetAtt': [dlqId(), 'Arn'] });
  });

  test('alarms on dead letters, handler errors and iterator age, to the alarm topic', () => {
    const alarmTopic = { Ref: logicalId(stack, stack.alarms.topic) };
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: `Pressroom-prod-${name}-dead-letters`,
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [dlqId(), 'QueueName'] } }],
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      AlarmActions: [alarmTopic],
    });
    for (const [metric, threshold, alarm] of [
      ['Errors', 1, 'errors'],
      ['IteratorAge', STREAM_SETTINGS.iteratorAgeAlarmMs, 'iterator-age'],
    ] as const) {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        AlarmName: `Pressroom-prod-${name}-${alarm}`,
        Namespace: 'AWS/Lambda',
        MetricName: metric,
        Dimensions: [{ Name: 'FunctionName', Value: { Ref: fnId(name) } }],
        Threshold: threshold,
        TreatMissingData: 'notBreaching',
        AlarmActions: [alarmTopic],
      });
    }
  });
});

describe('release schedules', () => {
  const dlqId = () => logicalId(stack, stack.scheduling.deadLetters);
  const roleId = () => logicalId(stack, stack.scheduling.role);
  const groupArn = () => ({ 'Fn::GetAtt': [logicalId(stack, stack.scheduling.group), 'Arn'] });
  const publishDueArn = () => ({ 'Fn::GetAtt': [fnId('publish-due'), 'Arn'] });

  test('one schedule group, its name made from the stack\'s (what SCHEDULE_GROUP and the grants name)', () => {
    template.resourceCountIs('AWS::Scheduler::ScheduleGroup', 1);
    expect(stack.scheduling.group.scheduleGroupName).toMatch(/^Pressroomprod-/);
    template.hasResourceProperties('AWS::Scheduler::ScheduleGroup', { Name: stack.scheduling.group.scheduleGroupName });
  });

  test('the scheduler role: assumed only by Scheduler for this group in this account', () => {
    const role = template.toJSON().Resources[roleId()];
    expect(role.Properties.ManagedPolicyArns).toBeUndefined();
    expect(role.Properties.AssumeRolePolicyDocument.Statement).toEqual([
      {
        Effect: 'Allow',
        Action: 'sts:AssumeRole',
        Principal: { Service: 'scheduler.amazonaws.com' },
        Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } }, ArnLike: { 'aws:SourceArn': groupArn() } },
      },
    ]);
  });

  test('the scheduler role may invoke publish-due (no version or alias wildcard) and send to its dead letters, nothing else', () => {
    const policies = Object.values(template.findResources('AWS::IAM::Policy')).filter((policy) =>
      (policy.Properties.Roles as unknown[]).some((role) => JSON.stringify(role) === JSON.stringify({ Ref: roleId() })),
    );
    const statements = policies.flatMap((policy) => policy.Properties.PolicyDocument.Statement as Statement[]);
    expect(statements.map((s) => [actionsOf(s), s.Resource, s.Condition])).toEqual([
      [['lambda:InvokeFunction'], publishDueArn(), undefined],
      [['sqs:SendMessage'], { 'Fn::GetAtt': [dlqId(), 'Arn'] }, undefined],
    ]);
  });

  test('the minute sweep: every minute, { "sweep": true } to publish-due, retried within the minute, then the dead letters', () => {
    // This one, and the daily digest's.
    template.resourceCountIs('AWS::Scheduler::Schedule', 2);
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      GroupName: stack.scheduling.group.scheduleGroupName,
      ScheduleExpression: 'rate(1 minute)',
      FlexibleTimeWindow: { Mode: 'OFF' },
      State: 'ENABLED',
      Target: {
        Arn: publishDueArn(),
        RoleArn: { 'Fn::GetAtt': [roleId(), 'Arn'] },
        Input: JSON.stringify({ sweep: true }),
        RetryPolicy: { MaximumRetryAttempts: Match.anyValue(), MaximumEventAgeInSeconds: 60 },
        DeadLetterConfig: { Arn: { 'Fn::GetAtt': [dlqId(), 'Arn'] } },
      },
    });
  });

  test('dead letters: encrypted, SSL only, kept 14 days, with an alarm on visible messages', () => {
    const queue = template.toJSON().Resources[dlqId()];
    expect(queue.Properties).toMatchObject({ SqsManagedSseEnabled: true, MessageRetentionPeriod: 1_209_600 });
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [{ Ref: dlqId() }],
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'Pressroom-prod-schedule-dead-letters',
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [dlqId(), 'QueueName'] } }],
      Threshold: 1,
      AlarmActions: [{ Ref: logicalId(stack, stack.alarms.topic) }],
    });
  });

  test('publish-due: an alarm on its errors', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'Pressroom-prod-publish-due-errors',
      Namespace: 'AWS/Lambda',
      MetricName: 'Errors',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: fnId('publish-due') } }],
      Threshold: 1,
      AlarmActions: [{ Ref: logicalId(stack, stack.alarms.topic) }],
    });
  });
});

describe('API alarms', () => {
  test('5xx answers of the API', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'Pressroom-prod-api-5xx',
      Namespace: 'AWS/ApiGateway',
      MetricName: '5xx',
      Dimensions: [{ Name: 'ApiId', Value: { Ref: logicalId(stack, stack.api.api) } }],
      AlarmActions: [{ Ref: logicalId(stack, stack.alarms.topic) }],
    });
  });

  test.each(apiFunctionNames)('%s: crashes and timeouts', (name) => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: `Pressroom-prod-${name}-errors`,
      MetricName: 'Errors',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: fnId(name) } }],
    });
  });
});

describe('releases topic', () => {
  test('encrypted with a rotated key of its own, HTTPS only by topic policy', () => {
    const keyId = logicalId(stack, stack.topic.key);
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] } });
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
    // Partners verify SHA256withRSA (SignatureVersion 2); AWS signs with SHA1 unless told.
    template.hasResourceProperties('AWS::SNS::Topic', { SignatureVersion: '2' });
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      Topics: [{ Ref: logicalId(stack, stack.topic.topic) }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Action: 'sns:Publish', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });
});

describe('feeds site', () => {
  test('bucket: private, SSL only, versioned, encrypted, access-logged, retained', () => {
    const bucketId = logicalId(stack, stack.feeds.bucket);
    template.hasResource('AWS::S3::Bucket', {
      Properties: Match.objectLike({
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
        VersioningConfiguration: { Status: 'Enabled' },
        BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
        LoggingConfiguration: { DestinationBucketName: { Ref: logicalId(stack, stack.feeds.logBucket) }, LogFilePrefix: 's3-feeds/' },
      }),
      DeletionPolicy: 'Retain',
    });
    const policy = Object.values(template.findResources('AWS::S3::BucketPolicy')).find(
      (p) => JSON.stringify(p.Properties.Bucket) === JSON.stringify({ Ref: bucketId }),
    )!;
    const statements = policy.Properties.PolicyDocument.Statement as Statement[];
    expect(statements).toContainEqual(
      expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
    );
    // Only CloudFront (this distribution) reads, through origin access control.
    const reads = statements.filter((s) => s.Effect === 'Allow');
    expect(reads.length).toBeGreaterThan(0);
    for (const s of reads) {
      expect((s as any).Principal).toEqual({ Service: 'cloudfront.amazonaws.com' });
      expect(JSON.stringify(s.Condition)).toContain(logicalId(stack, stack.feeds.distribution));
    }
  });

  test('CloudFront: /feeds/* over origin access control, HTTPS, compressed, logged', () => {
    template.resourceCountIs('AWS::CloudFront::OriginAccessControl', 1);
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        Origins: Match.arrayWith([Match.objectLike({ OriginAccessControlId: { 'Fn::GetAtt': [Match.anyValue(), 'Id'] } })]),
        CacheBehaviors: Match.arrayWith([
          Match.objectLike({
            PathPattern: '/feeds/*',
            Compress: true,
            ViewerProtocolPolicy: 'redirect-to-https',
            AllowedMethods: ['GET', 'HEAD'],
            CachePolicyId: { Ref: Match.stringLikeRegexp('CachePolicy') },
            FunctionAssociations: [Match.objectLike({ EventType: 'viewer-request' })],
          }),
        ]),
        Logging: Match.objectLike({ Bucket: Match.anyValue() }),
      }),
    });
  });

  test('cache policy honours each object\'s Cache-Control (min TTL 0) and caches compressed variants', () => {
    template.hasResourceProperties('AWS::CloudFront::CachePolicy', {
      CachePolicyConfig: Match.objectLike({
        MinTTL: 0,
        ParametersInCacheKeyAndForwardedToOrigin: Match.objectLike({
          EnableAcceptEncodingGzip: true,
          EnableAcceptEncodingBrotli: true,
          QueryStringsConfig: { QueryStringBehavior: 'none' },
          CookiesConfig: { CookieBehavior: 'none' },
        }),
      }),
    });
  });

  test('/media/*: the same bucket, as is (no routing function), cached as long as the objects say, a year', () => {
    const config = Object.values(template.findResources('AWS::CloudFront::Distribution'))[0]!.Properties.DistributionConfig;
    const feeds = config.CacheBehaviors.find((b: { PathPattern: string }) => b.PathPattern === '/feeds/*');
    const media = config.CacheBehaviors.find((b: { PathPattern: string }) => b.PathPattern === '/media/*');
    expect(media).toMatchObject({
      TargetOriginId: feeds.TargetOriginId,
      ViewerProtocolPolicy: 'redirect-to-https',
      AllowedMethods: ['GET', 'HEAD'],
      ResponseHeadersPolicyId: feeds.ResponseHeadersPolicyId,
    });
    expect(media.FunctionAssociations).toBeUndefined();
    // The bucket, and the HTTP API for the alert pages.
    expect(config.Origins).toHaveLength(2);
    const policy = template.toJSON().Resources[media.CachePolicyId.Ref].Properties.CachePolicyConfig;
    // The edge asks the bucket again within 10 minutes, whatever the objects' year-long
    // Cache-Control says: a retracted release's media, removed from the bucket, leave the edge.
    expect(policy.MaxTTL).toBe(600);
    expect(policy.DefaultTTL).toBe(600);
    expect(policy.MinTTL).toBe(0);
    expect(policy.ParametersInCacheKeyAndForwardedToOrigin).toMatchObject({
      QueryStringsConfig: { QueryStringBehavior: 'none' },
      CookiesConfig: { CookieBehavior: 'none' },
      HeadersConfig: { HeaderBehavior: 'none' },
    });
    expect(media.CachePolicyId).not.toEqual(feeds.CachePolicyId);
  });

  test('the routing function maps folders to their index.html and release pages to their objects, and keeps readers under /feeds/, /releases/ and the sitemaps', async () => {
    const [fn] = Object.values(template.findResources('AWS::CloudFront::Function'));
    const code = fn!.Properties.FunctionCode as string;
    const handler = new Function(`${code}; return handler;`)() as (e: unknown) => any;
    const run = (uri: string) => handler({ request: { uri, headers: {} } });
    expect(run('/feeds/').uri).toBe('/feeds/index.html');
    expect(run('/feeds/countries/kz.rss').uri).toBe('/feeds/countries/kz.rss');
    expect(run('/').statusCode).toBe(302);
    expect(run('/feeds').headers.location.value).toBe('/feeds/');
    // A language's directory, and a release page as the object the feeds function writes.
    expect(run('/feeds/ru/').uri).toBe('/feeds/ru/index.html');
    expect(run('/releases/01H3ABCDEF0123456789XYZKQM').uri).toBe('/releases/01H3ABCDEF0123456789XYZKQM.html');
    // Anything else under /releases/ is a 404, as locally; outside both, the directory.
    for (const uri of ['/releases/', '/releases/01H3ABCDEF0123456789XYZKQM.html', '/releases/a/b', '/releases/01h3abcdef0123456789xyzkqm']) expect(run(uri).statusCode, uri).toBe(404);
    // The search engines' files are their objects; nothing else at the root or under /sitemaps/ is.
    for (const uri of ['/sitemap.xml', '/news-sitemap.xml', '/robots.txt', '/sitemaps/2023-06-15.xml', '/sitemaps/2023-06-15-2.xml']) expect(run(uri).uri, uri).toBe(uri);
    for (const uri of ['/other', '/sitemaps/', '/sitemaps/index.html', '/sitemaps/2023-06-15-0.xml', '/sitemaps/2023-06-15-1.xml', '/sitemap.xml.bak']) expect(run(uri).statusCode, uri).toBe(302);
  });
});

test('outputs: API URL, feeds base URL, topic ARN, table name', () => {
  const outputs = template.toJSON().Outputs as Record<string, { Value: unknown }>;
  expect(Object.keys(outputs)).toEqual(expect.arrayContaining(['ApiUrl', 'FeedsBaseUrl', 'ReleasesTopicArn', 'TableName', 'AlarmTopicArn']));
  expect(JSON.stringify(outputs.FeedsBaseUrl!.Value)).toContain('/feeds/');
  expect(outputs.ReleasesTopicArn!.Value).toEqual({ Ref: logicalId(stack, stack.topic.topic) });
  expect(outputs.TableName!.Value).toEqual({ Ref: tableId() });
});
