// Recorded SDK calls against the functions' IAM policies: every call must be allowed (by
// @cloud-copilot/iam-simulate), and every granted action on every resource and partition must
// have been used by some call, or be acknowledged with a reason.
import { runSimulation } from '@cloud-copilot/iam-simulate';
import type { SdkCall } from './sdk-calls.ts';

export const ACCOUNT = '123456789012';

export interface PolicyStatement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Action: string | string[];
  Resource: string | string[];
  Condition?: Record<string, Record<string, string | string[]>>;
}

/** One function's policy with every ARN resolved, and the ARNs its settings name. */
export interface FunctionPolicies {
  statements: Record<string, PolicyStatement[]>;
  resources: {
    table: string;
    topic: string;
    bucket: string;
    uploads: string;
    /** The ARN prefix of the release schedule group's schedules: `arn:…:schedule/<group>`. */
    schedules: string;
    schedulerRole: string;
    /** When the stack has e-mail alerts. */
    subscribers?: string;
    sesIdentity?: string;
    sesConfigurationSet?: string;
    mailQueue?: string;
  };
}

/** A grant no test uses that is still needed, with why. */
export interface Acknowledgement {
  /** A function name, or '*' for every function. */
  fn: string;
  /** As written in the policy (a wildcard action is acknowledged as written). */
  action: string;
  /** Only grants on resources matching this (IAM's * and ?), when given; else on any. */
  resource?: string;
  reason: string;
}

export interface UnusedGrant {
  fn: string;
  sid?: string;
  action: string;
  resource: string;
  /** The dynamodb:LeadingKeys pattern, when the grant has one. */
  partition?: string;
  acknowledged?: string;
}

export interface Verdict {
  denied: Array<{ call: SdkCall; arn: string; reason: string }>;
  unused: UnusedGrant[];
  /** Functions of the stack that made no recorded call. */
  silent: string[];
  /** Distinct calls simulated. */
  simulated: number;
}

export const arnOf = (call: SdkCall, resources: FunctionPolicies['resources']): string => {
  const ref = call.resource;
  switch (ref.of) {
    case 'table':
      return resources.table;
    case 'topic':
      return `${resources.topic}${ref.suffix ?? ''}`;
    case 'bucket':
      return ref.key === undefined ? resources.bucket : `${resources.bucket}/${ref.key}`;
    case 'uploads':
      return ref.key === undefined ? resources.uploads : `${resources.uploads}/${ref.key}`;
    case 'schedule':
      return `${resources.schedules}/${ref.name}`;
    case 'schedulerRole':
      return resources.schedulerRole;
    case 'subscribers':
      return resources.subscribers ?? 'arn:aws:unknown:::subscribers';
    case 'sesIdentity':
      return resources.sesIdentity ?? 'arn:aws:unknown:::identity';
    case 'sesConfigurationSet':
      return resources.sesConfigurationSet ?? 'arn:aws:unknown:::configuration-set';
    case 'mailQueue':
      return resources.mailQueue ?? 'arn:aws:unknown:::mail-queue';
    default:
      return `arn:aws:unknown:::${ref.name}`;
  }
};

/** IAM's StringLike and action/resource matching: * and ?, case-sensitive. */
export const like = (pattern: string, value: string) =>
  new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 's').test(value);
const likeAction = (pattern: string, action: string) => like(pattern.toLowerCase(), action.toLowerCase());

const list = <T>(value: T | T[] | undefined): T[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

export async function evaluateGrants(
  calls: SdkCall[],
  policies: FunctionPolicies,
  acknowledgements: readonly Acknowledgement[] = [],
): Promise<Verdict> {
  const distinct = [...new Map(calls.map((call) => [JSON.stringify(call), call])).values()];
  const denied: Verdict['denied'] = [];
  const allowed: Array<{ call: SdkCall; arn: string }> = [];
  for (const call of distinct) {
    const arn = arnOf(call, policies.resources);
    const statements = policies.statements[call.fn];
    if (!statements) {
      denied.push({ call, arn, reason: `no function ${call.fn} in the stack` });
      continue;
    }
    // ForAllValues over no keys is true, so a call whose partition was not recorded would pass
    // any LeadingKeys condition: it fails instead (every real item has a partition key).
    const unkeyed = call.action.startsWith('dynamodb:') && call.resource.of === 'table' && !call.leadingKeys?.length;
    const reason = unkeyed ? 'no partition key recorded for a table call' : await simulate(call, arn, statements);
    if (reason) denied.push({ call, arn, reason });
    else allowed.push({ call, arn });
  }

  const unused: UnusedGrant[] = [];
  for (const [fn, statements] of Object.entries(policies.statements)) {
    const used = allowed.filter(({ call }) => call.fn === fn);
    for (const statement of statements.filter((s) => s.Effect === 'Allow')) {
      const partitions = list(statement.Condition?.['ForAllValues:StringLike']?.['dynamodb:LeadingKeys']);
      for (const action of list(statement.Action)) {
        for (const resource of list(statement.Resource)) {
          for (const partition of partitions.length ? partitions : [undefined]) {
            const exercised = used.some(
              ({ call, arn }) =>
                likeAction(action, call.action) &&
                like(resource, arn) &&
                (partition === undefined || (call.leadingKeys ?? []).some((key) => like(partition, key))),
            );
            if (exercised) continue;
            const ack = acknowledgements.find(
              (a) => (a.fn === '*' || a.fn === fn) && a.action === action && (a.resource === undefined || like(a.resource, resource)),
            );
            unused.push({
              fn,
              ...(statement.Sid ? { sid: statement.Sid } : {}),
              action,
              resource,
              ...(partition !== undefined ? { partition } : {}),
              ...(ack ? { acknowledged: ack.reason } : {}),
            });
          }
        }
      }
    }
  }
  const silent = Object.keys(policies.statements).filter((fn) => !calls.some((call) => call.fn === fn));
  return { denied, unused, silent, simulated: distinct.length };
}

/** Undefined when allowed, else why not. */
async function simulate(call: SdkCall, requested: string, statements: PolicyStatement[]): Promise<string | undefined> {
  const result = await simulateOn(call, requested, statements);
  // sns:Unsubscribe and GetSubscriptionAttributes act on a subscription ARN but support no
  // resource-level permission: IAM authorises them on '*'. Only those: '*' elsewhere would be
  // simulated as "any resource" and allow too much.
  const onSubscription = call.resource.of === 'topic' && call.resource.suffix !== undefined;
  return onSubscription && result === 'the simulator refused the request: no.resource.types' ? simulateOn(call, '*', statements) : result;
}

async function simulateOn(call: SdkCall, arn: string, statements: PolicyStatement[]): Promise<string | undefined> {
  const contextVariables: Record<string, string | string[]> = {};
  if (call.action.startsWith('dynamodb:') && (call.resource.of === 'table' || call.resource.of === 'subscribers')) {
    // Always present for item actions: iam-simulate allows a LeadingKeys condition when the
    // key is missing from the request, so an absent key must never be what lets a call pass.
    contextVariables['dynamodb:LeadingKeys'] = call.leadingKeys ?? [];
    if (call.attributes) contextVariables['dynamodb:Attributes'] = call.attributes;
  }
  if (call.passedToService) contextVariables['iam:PassedToService'] = call.passedToService;
  if (call.fromAddress) contextVariables['ses:FromAddress'] = call.fromAddress;
  const result = await runSimulation(
    {
      request: {
        principal: `arn:aws:iam::${ACCOUNT}:role/${call.fn}`,
        action: call.action,
        resource: { resource: arn, accountId: ACCOUNT },
        contextVariables,
      },
      identityPolicies: [{ name: call.fn, policy: { Version: '2012-10-17', Statement: statements } }],
      serviceControlPolicies: [],
      resourceControlPolicies: [],
    },
    {},
  );
  if (result.resultType === 'error') return `the simulator refused the request: ${result.errors.message}`;
  const ignored = result.resultType === 'single' ? (result.result.ignoredContextKeys ?? []) : [];
  const dropped = Object.keys(contextVariables).filter((key) => ignored.includes(key));
  if (dropped.length) return `the simulator ignored ${dropped.join(', ')} for ${call.action}`;
  return result.overallResult === 'Allowed' ? undefined : result.overallResult;
}
