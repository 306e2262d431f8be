import { describe, expect, test } from 'vitest';
import { environmentOf, settingsFromEnvironment, type AdapterSettings } from '../../../lambdas/adapters/settings.ts';

describe('settings and the environment Lambda passes them in', () => {
  test('environmentOf is what settingsFromEnvironment reads back, every setting included', () => {
    const settings: Required<AdapterSettings> = {
      tableName: 't',
      topicArn: 'arn:aws:sns:us-east-1:000000000000:pressroom-releases',
      feedsBucket: 'b',
      uploadsBucket: 'u',
      publicBaseUrl: 'http://127.0.0.1:1',
      apiBaseUrl: 'http://127.0.0.1:2',
      endpointPolicy: 'local',
      siteConfig: '{"x":1}',
      deliveryDeadLetterArn: 'arn:aws:sqs:us-east-1:000000000000:delivery-dlq',
      schedules: {
        group: 'pressroom',
        targetArn: 'arn:aws:lambda:us-east-1:000000000000:function:publish-due',
        roleArn: 'arn:aws:iam::000000000000:role/scheduler',
        deadLetterArn: 'arn:aws:sqs:us-east-1:000000000000:schedule-dlq',
      },
      alerts: {
        subscribersTable: 's',
        key: Buffer.alloc(32, 7),
        from: 'press@example.org',
        configurationSet: 'alerts',
        mailQueueUrl: 'http://127.0.0.1:8/000000000000/pressroom-alert-mails',
        sendRate: 7,
      },
      endpoints: { dynamodb: 'http://127.0.0.1:3', sns: 'http://127.0.0.1:4', s3: 'http://127.0.0.1:5', scheduler: 'http://127.0.0.1:6', ses: 'http://127.0.0.1:7', sqs: 'http://127.0.0.1:8' },
      localCredentials: { accessKeyId: 'AKIDLOCAL', secretAccessKey: 'secret' },
    };
    expect(settingsFromEnvironment(environmentOf(settings))).toEqual(settings);
  });
});
