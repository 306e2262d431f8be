// Lookups into a synthesised template that several lib tests share.
import type { CfnElement, Stack } from 'aws-cdk-lib';
import type { Template } from 'aws-cdk-lib/assertions';
import { pressroomFunctionNames, type PressroomFunctionName } from '../../lib/functions.ts';
import type { PressroomStack } from '../../lib/pressroom-stack.ts';

export const allFunctionNames: readonly PressroomFunctionName[] = pressroomFunctionNames;

export const logicalId = (stack: Stack, construct: { node: { defaultChild?: unknown } }) =>
  stack.getLogicalId(construct.node.defaultChild as CfnElement);

export interface Statement {
  Sid?: string;
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: Record<string, unknown>;
}

export const actionsOf = (statement: Statement) => [statement.Action].flat();

/** Every statement of the policies attached to a function's role. */
export function roleStatements(stack: PressroomStack, template: Template, name: PressroomFunctionName): Statement[] {
  const roleId = logicalId(stack, stack.functions.get(name)!.role);
  const policies = template.findResources('AWS::IAM::Policy');
  return Object.values(policies)
    .filter((policy) => (policy.Properties.Roles as unknown[]).some((role) => JSON.stringify(role) === JSON.stringify({ Ref: roleId })))
    .flatMap((policy) => policy.Properties.PolicyDocument.Statement as Statement[]);
}

/** The statements granting `action`. */
export const granting = (statements: Statement[], action: string) => statements.filter((s) => actionsOf(s).includes(action));
