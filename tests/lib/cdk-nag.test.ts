// cdk-nag's AwsSolutions pack over both stages (and production with custom domains):
// no unacknowledged finding, and every acknowledgement is specific and argued.
import { beforeAll, describe, expect, test } from 'vitest';
import { Stack, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { AwsSolutionsChecks } from 'cdk-nag';
import { synthesise, type Synthesised } from './synth.ts';

const VARIANTS: Record<string, Record<string, string>> = {
  dev: { stage: 'dev' },
  prod: { stage: 'prod' },
  'prod with custom domains': {
    stage: 'prod',
    apiDomainName: 'api.press.example.org',
    apiCertificateArn: 'arn:aws:acm:eu-central-1:111111111111:certificate/aaaaaaaa-1111-2222-3333-444444444444',
    feedsDomainName: 'feeds.press.example.org',
    feedsCertificateArn: 'arn:aws:acm:us-east-1:111111111111:certificate/bbbbbbbb-1111-2222-3333-444444444444',
    alarmEmail: 'ops@press.example.org',
  },
};

interface Acknowledged {
  path: string;
  id: string;
  reason: string;
  node: IConstruct;
}

function acknowledgements(scope: IConstruct): Acknowledged[] {
  const found: Acknowledged[] = [];
  for (const node of scope.node.findAll()) {
    for (const entry of node.node.metadata) {
      if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY) continue;
      for (const [id, reason] of Object.entries(entry.data as Record<string, string>)) {
        found.push({ path: node.node.path, id, reason, node });
      }
    }
  }
  return found;
}

describe.each(Object.keys(VARIANTS))('%s', (variant) => {
  let synthesised: Synthesised;
  beforeAll(() => {
    // Nag reads resource properties, not bundles: skip bundling here.
    synthesised = synthesise(VARIANTS[variant]!, { bundle: false });
  });

  test('AwsSolutions: zero unacknowledged findings (errors or warnings)', () => {
    const report = new AwsSolutionsChecks(undefined, { verbose: true }).validateScope(synthesised.stack);
    const findings = report.violations.map(
      (v) => `${v.severity} ${v.ruleName} at ${v.violatingResources.map((r) => r.constructPath).join(', ')}: ${v.description}`,
    );
    expect(findings).toEqual([]);
  });

  test('every acknowledgement sits on the resource it concerns, never on the stack or app', () => {
    const ours = acknowledgements(synthesised.stack).filter((a) => !a.id.startsWith('CloudFormation-Validate::'));
    expect(ours.length).toBeGreaterThan(0);
    for (const a of ours) {
      expect(Stack.isStack(a.node), a.path).toBe(false);
      expect(a.path.split('/').length, a.path).toBeGreaterThanOrEqual(3);
    }
  });

  test('every acknowledgement names one rule (one finding for IAM5) and argues it', () => {
    for (const a of acknowledgements(synthesised.stack)) {
      if (a.id.startsWith('CloudFormation-Validate::')) continue; // CDK's own, not ours
      expect(a.id, a.path).toMatch(/^Annotation::(AwsSolutions-[A-Z]+\d+(\[.+\])?|@aws-cdk\/[\w-]+:\w+)$/);
      if (a.id.includes('IAM5')) expect(a.id, a.path).toMatch(/\[(Resource|Action)::.+\]$/);
      // A reason explains why the finding does not apply or is the narrowest possible, in
      // words a reviewer can check: long enough to say so, and not a placeholder.
      expect(a.reason.length, `${a.path} ${a.id}`).toBeGreaterThanOrEqual(80);
      expect(a.reason, a.path).not.toMatch(/^(todo|n\/a|not needed|ok|fine)\b/i);
    }
  });
});

test('with a custom feeds domain the distribution enforces TLS 1.2 and needs no CFR4 acknowledgement', () => {
  const { stack } = synthesise(VARIANTS['prod with custom domains']!, { bundle: false });
  const ids = acknowledgements(stack).map((a) => a.id);
  expect(ids).not.toContain('Annotation::AwsSolutions-CFR4');
});
