// The synthesised stack's policies as IAM would see them once deployed: every Ref, GetAtt and
// Join resolved to an ARN in one made-up account, each function's statements by its name.
import type { Template } from 'aws-cdk-lib/assertions';
import type { PressroomStack } from '../../lib/pressroom-stack.ts';
import { synthesise } from '../lib/synth.ts';
import { logicalId, roleStatements } from '../lib/support.ts';
import { ACCOUNT, type FunctionPolicies, type PolicyStatement } from './evaluate-grants.ts';

const REGION = 'eu-central-1';

export function stackPolicies(): FunctionPolicies {
  // Grants do not depend on the bundles' contents, so nothing is bundled.
  const { stack, template } = synthesise({ stage: 'prod' }, { bundle: false });
  return policiesOf(stack, template);
}

export function policiesOf(stack: PressroomStack, template: Template): FunctionPolicies {
  const resources = template.toJSON().Resources as Record<string, { Type: string }>;
  const resolve = resolver(resources);
  const statements = Object.fromEntries(
    [...stack.functions.keys()].map((name) => [name, resolve(roleStatements(stack, template, name)) as PolicyStatement[]]),
  );
  return {
    statements,
    resources: {
      table: resolve({ 'Fn::GetAtt': [logicalId(stack, stack.table), 'Arn'] }) as string,
      topic: resolve({ Ref: logicalId(stack, stack.topic.topic) }) as string,
      bucket: resolve({ 'Fn::GetAtt': [logicalId(stack, stack.feeds.bucket), 'Arn'] }) as string,
      uploads: resolve(stack.resolve(stack.uploads.arn())) as string,
      schedules: `arn:aws:scheduler:${REGION}:${ACCOUNT}:schedule/${resolve(stack.resolve(stack.scheduling.group.scheduleGroupName))}`,
      schedulerRole: resolve({ 'Fn::GetAtt': [logicalId(stack, stack.scheduling.role), 'Arn'] }) as string,
      ...(stack.alertMail
        ? {
            subscribers: resolve({ 'Fn::GetAtt': [logicalId(stack, stack.alertMail.subscribers), 'Arn'] }) as string,
            sesIdentity: resolve(stack.resolve(stack.formatArn({ service: 'ses', resource: 'identity', resourceName: stack.alertMail.identity.emailIdentityName }))) as string,
            mailQueue: resolve({ 'Fn::GetAtt': [logicalId(stack, stack.alertMail.mails), 'Arn'] }) as string,
            sesConfigurationSet: resolve(
              stack.resolve(stack.formatArn({ service: 'ses', resource: 'configuration-set', resourceName: stack.alertMail.configurationSet.configurationSetName })),
            ) as string,
          }
        : {}),
    },
  };
}

function resolver(resources: Record<string, { Type: string }>) {
  const arn = (id: string, attribute: string): string => {
    const type = resources[id]?.Type;
    const at = `${REGION}:${ACCOUNT}`;
    if (type === 'AWS::DynamoDB::Table') return `arn:aws:dynamodb:${at}:table/${id}${attribute === 'StreamArn' ? '/stream/2025-01-01T00:00:00.000' : ''}`;
    if (type === 'AWS::S3::Bucket') return `arn:aws:s3:::${id.toLowerCase()}`;
    if (type === 'AWS::Logs::LogGroup') return `arn:aws:logs:${at}:log-group:${id}:*`;
    if (type === 'AWS::SQS::Queue') return `arn:aws:sqs:${at}:${id}`;
    if (type === 'AWS::KMS::Key') return `arn:aws:kms:${at}:key/${id}`;
    if (type === 'AWS::IAM::Role') return `arn:aws:iam::${ACCOUNT}:role/${id}`;
    if (type === 'AWS::SecretsManager::Secret') return `arn:aws:secretsmanager:${at}:secret:${id}-AbCdEf`;
    throw new Error(`cannot resolve the ${attribute} of ${id} (${type})`);
  };
  const ref = (id: string): string => {
    const pseudo: Record<string, string> = {
      'AWS::Partition': 'aws',
      'AWS::Region': REGION,
      'AWS::AccountId': ACCOUNT,
      'AWS::URLSuffix': 'amazonaws.com',
      'AWS::StackId': `arn:aws:cloudformation:${REGION}:${ACCOUNT}:stack/pressroom/1c2fa620-982a-11e3-aff7-50e2416294e0`,
    };
    if (pseudo[id]) return pseudo[id]!;
    const type = resources[id]?.Type;
    if (type === 'AWS::SNS::Topic') return `arn:aws:sns:${REGION}:${ACCOUNT}:${id}`;
    if (type === 'AWS::S3::Bucket') return id.toLowerCase();
    // An identity's Ref is its name (the domain); a configuration set's, its name.
    if (type === 'AWS::SES::EmailIdentity') return String((resources[id] as unknown as { Properties: { EmailIdentity: string } }).Properties.EmailIdentity);
    if (type === 'AWS::SES::ConfigurationSet') return id;
    if (type === 'AWS::SecretsManager::Secret') return `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:${id}-AbCdEf`;
    if (type === 'AWS::DynamoDB::Table') return id;
    throw new Error(`cannot resolve a Ref to ${id} (${type})`);
  };
  const resolve = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(resolve);
    if (!value || typeof value !== 'object') return value;
    const object = value as Record<string, unknown>;
    if ('Ref' in object) return ref(object.Ref as string);
    if ('Fn::GetAtt' in object) return arn(...(object['Fn::GetAtt'] as [string, string]));
    if ('Fn::Join' in object) {
      const [separator, parts] = object['Fn::Join'] as [string, unknown[]];
      return parts.map(resolve).join(separator);
    }
    if ('Fn::Split' in object) {
      const [separator, source] = object['Fn::Split'] as [string, unknown];
      return String(resolve(source)).split(separator);
    }
    if ('Fn::Select' in object) {
      const [index, list] = object['Fn::Select'] as [number, unknown];
      return (resolve(list) as unknown[])[index];
    }
    return Object.fromEntries(Object.entries(object).map(([key, inner]) => [key, resolve(inner)]));
  };
  return resolve;
}
