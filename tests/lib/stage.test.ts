// Stage settings from CDK context: dev is disposable, prod keeps its data; custom domains
// and the alarm e-mail are optional and all-or-nothing.
import { beforeAll, describe, expect, test } from 'vitest';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { stageConfig } from '../../lib/stage.ts';
import type { PressroomStack } from '../../lib/pressroom-stack.ts';
import { synthesise } from './synth.ts';
import { logicalId } from './support.ts';

const context = (values: Record<string, string>) => (key: string) => values[key];

describe('stageConfig', () => {
  test('dev by default; prod retains data', () => {
    expect(stageConfig(context({})).stage).toBe('dev');
    expect(stageConfig(context({})).retainData).toBe(false);
    expect(stageConfig(context({ stage: 'prod' })).retainData).toBe(true);
  });

  test('refuses an unknown stage and a domain without its certificate', () => {
    expect(() => stageConfig(context({ stage: 'staging' }))).toThrow(/dev or prod/);
    expect(() => stageConfig(context({ apiDomainName: 'api.example.org' }))).toThrow(/apiCertificateArn/);
  });

  test("the alert senders share SES's rate: 14 a second unless given, and never less than two", () => {
    expect(stageConfig(context({})).alertSendRate).toBe(14);
    expect(stageConfig(context({ alertSendRate: '40' })).alertSendRate).toBe(40);
    for (const rate of ['1', '0.5', '0', 'fast']) expect(() => stageConfig(context({ alertSendRate: rate })), rate).toThrow(/alertSendRate/);
  });
});

describe('dev stack', () => {
  let template: Template;
  beforeAll(() => {
    ({ template } = synthesise({ stage: 'dev' }, { bundle: false }));
  });

  test('the table can be deleted with the stack, and still has PITR, stream and TTL', () => {
    template.hasResource('AWS::DynamoDB::Table', {
      Properties: Match.objectLike({
        DeletionProtectionEnabled: false,
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
      }),
      DeletionPolicy: 'Delete',
    });
  });

  test('buckets are kept even in dev (a non-empty bucket would fail the stack deletion)', () => {
    for (const bucket of Object.values(template.findResources('AWS::S3::Bucket'))) expect(bucket.DeletionPolicy).toBe('Retain');
  });

  test('debug logging and lower throttling', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ POWERTOOLS_LOG_LEVEL: 'DEBUG' }) },
    });
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      DefaultRouteSettings: { ThrottlingRateLimit: 20, ThrottlingBurstLimit: 40 },
    });
  });

  test('no custom domain, no alarm e-mail', () => {
    template.resourceCountIs('AWS::ApiGatewayV2::DomainName', 0);
    template.resourcePropertiesCountIs('AWS::SNS::Subscription', { Protocol: 'email' }, 0);
  });
});

describe('prod stack with custom domains and an alarm e-mail', () => {
  let stack: PressroomStack;
  let template: Template;
  beforeAll(() => {
    ({ stack, template } = synthesise(
      {
        stage: 'prod',
        apiDomainName: 'api.press.example.org',
        apiCertificateArn: 'arn:aws:acm:eu-central-1:111111111111:certificate/api',
        feedsDomainName: 'feeds.press.example.org',
        feedsCertificateArn: 'arn:aws:acm:us-east-1:111111111111:certificate/feeds',
        alarmEmail: 'ops@press.example.org',
      },
      { bundle: false },
    ));
  });

  test('the API answers on its domain, mapped to the $default stage', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::DomainName', {
      DomainName: 'api.press.example.org',
      DomainNameConfigurations: [Match.objectLike({ CertificateArn: 'arn:aws:acm:eu-central-1:111111111111:certificate/api' })],
    });
    template.resourceCountIs('AWS::ApiGatewayV2::ApiMapping', 1);
  });

  test('CloudFront answers on the feeds domain with TLS 1.2', () => {
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        Aliases: ['feeds.press.example.org'],
        ViewerCertificate: Match.objectLike({
          AcmCertificateArn: 'arn:aws:acm:us-east-1:111111111111:certificate/feeds',
          MinimumProtocolVersion: 'TLSv1.2_2021',
        }),
      }),
    });
  });

  test('links in notifications use the custom domains', () => {
    const env = template.toJSON().Resources[logicalId(stack, stack.functions.get('notify')!.function)].Properties.Environment.Variables;
    expect(env.PUBLIC_BASE_URL).toBe('https://feeds.press.example.org');
    expect(env.API_BASE_URL).toBe('https://api.press.example.org');
  });

  test('alarms are mailed to the operator', () => {
    template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'ops@press.example.org' });
  });
});
