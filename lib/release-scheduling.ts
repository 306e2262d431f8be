// EventBridge Scheduler for scheduled releases: the schedule group the notify consumer keeps one
// one-time schedule per scheduled release in, the role Scheduler invokes publish-due with, the
// queue for invocations Scheduler gave up on, and the minute sweep that publishes whatever is
// due even when a release's own schedule was lost.
import { Construct } from 'constructs';
import { ArnFormat, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Alarms } from './alarms.ts';
import { deadLetterQueue, guardAsyncInvocations } from './dead-letter-queue.ts';
import type { PressroomFunction } from './lambda-function.ts';
import type { StageConfig } from './stage.ts';

export interface ReleaseSchedulingProps {
  /** The publish-due function: the one target of every schedule in the group. */
  target: PressroomFunction;
  alarms: Alarms;
  config: StageConfig;
}

export const SWEEP = {
  expression: 'rate(1 minute)',
  input: JSON.stringify({ sweep: true }),
  // A failed sweep is superseded by the next one a minute later: retried only within that minute.
  retryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 60 },
} as const;

export class ReleaseScheduling extends Construct {
  readonly group: scheduler.ScheduleGroup;
  /** The role Scheduler assumes for every schedule of the group (the notify function passes it). */
  readonly role: iam.Role;
  readonly deadLetters: sqs.Queue;
  readonly sweep: scheduler.CfnSchedule;
  /** Every schedule of the group (the one-time schedules notify keeps, the sweep). */
  readonly schedulesArn: string;
  private readonly targetArn: string;

  constructor(scope: Construct, id: string, props: ReleaseSchedulingProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const fn = props.target.function;
    this.targetArn = fn.functionArn;
    // The group's schedules are recreated from the table (notify on the next change, the sweep
    // for what is due), so the group goes with the stack in every stage.
    this.group = new scheduler.ScheduleGroup(this, 'Group', { removalPolicy: RemovalPolicy.DESTROY });
    this.schedulesArn = stack.formatArn({
      service: 'scheduler',
      resource: 'schedule',
      resourceName: `${this.group.scheduleGroupName}/*`,
      arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
    });

    this.deadLetters = deadLetterQueue(
      this,
      'DeadLetters',
      "of the group's schedules and of publish-due's asynchronous invocations; each message names a release, and the minute sweep publishes what is due regardless",
    );

    // Only Scheduler, acting for a schedule of this group in this account, may assume it; it
    // may invoke publish-due and report to the queue, nothing else.
    this.role = new iam.Role(this, 'Role', {
      description: `pressroom scheduler: invokes publish-due (${props.config.stage})`,
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
        conditions: {
          StringEquals: { 'aws:SourceAccount': stack.account },
          ArnLike: { 'aws:SourceArn': this.group.scheduleGroupArn },
        },
      }),
    });
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({ sid: 'InvokePublishDue', actions: ['lambda:InvokeFunction'], resources: [fn.functionArn] }),
    );
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({ sid: 'DeadLetters', actions: ['sqs:SendMessage'], resources: [this.deadLetters.queueArn] }),
    );

    this.sweep = new scheduler.CfnSchedule(this, 'Sweep', {
      description: 'Publishes every scheduled release that is due (the safety net for a lost one-time schedule)',
      groupName: this.group.scheduleGroupName,
      scheduleExpression: SWEEP.expression,
      flexibleTimeWindow: { mode: 'OFF' },
      state: 'ENABLED',
      target: {
        arn: fn.functionArn,
        roleArn: this.role.roleArn,
        input: SWEEP.input,
        retryPolicy: { maximumRetryAttempts: SWEEP.retryPolicy.MaximumRetryAttempts, maximumEventAgeInSeconds: SWEEP.retryPolicy.MaximumEventAgeInSeconds },
        deadLetterConfig: { arn: this.deadLetters.queueArn },
      },
    });
    // The role's policy must exist before Scheduler first uses the role.
    this.sweep.node.addDependency(this.role);

    // Scheduler invokes the function asynchronously, so its retry policy and queue cover only the
    // invocation itself; a publish-due that throws is retried by Lambda, and what still fails
    // lands in the same queue (the sweep publishes the release within a minute regardless).
    guardAsyncInvocations(this, fn, this.deadLetters, props.alarms, {
      retryAttempts: 2,
      maxEventAge: Duration.hours(1),
      deadLetterAlarm: {
        name: 'schedule-dead-letters',
        description:
          'Scheduled publication: Scheduler gave up invoking publish-due, or publish-due failed three times (see the dead-letter queue). The minute sweep publishes due releases anyway; find out why (permissions, throttling, the function missing, an error in its logs)',
      },
      errorAlarm: {
        name: 'publish-due-errors',
        description: 'Scheduled publication (publish-due): invocations failed (threw or timed out); due releases stay scheduled until a sweep succeeds',
      },
    });
  }

  /** What the notify function needs to keep the one-time schedules (lambdas/adapters/settings.ts). */
  get environment(): Record<string, string> {
    return {
      SCHEDULE_GROUP: this.group.scheduleGroupName,
      PUBLISH_DUE_ARN: this.targetArn,
      SCHEDULER_ROLE_ARN: this.role.roleArn,
      SCHEDULE_DLQ_ARN: this.deadLetters.queueArn,
    };
  }

  /**
   * Creating, moving and deleting schedules in this group only, each with this group's role:
   * the role may only be passed to Scheduler.
   */
  grantScheduleManagement(role: iam.Role): void {
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'ReleaseSchedules',
        actions: ['scheduler:CreateSchedule', 'scheduler:UpdateSchedule', 'scheduler:DeleteSchedule'],
        resources: [this.schedulesArn],
      }),
    );
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'PassSchedulerRole',
        actions: ['iam:PassRole'],
        resources: [this.role.roleArn],
        conditions: { StringEquals: { 'iam:PassedToService': 'scheduler.amazonaws.com' } },
      }),
    );
  }
}
