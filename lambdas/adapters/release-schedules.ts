// One EventBridge Scheduler one-time schedule per scheduled release, invoking the publish-due
// function at the release's instant and deleting itself afterwards. On one machine the local
// runtime's scheduler engine answers the same calls.
import {
  ConflictException,
  CreateScheduleCommand,
  DeleteScheduleCommand,
  ResourceNotFoundException,
  SchedulerClient,
  UpdateScheduleCommand,
  type CreateScheduleCommandInput,
} from '@aws-sdk/client-scheduler';
import { atExpression, clientTokenOf, fireInstantOf, scheduleNameOf, type DueTarget } from '../core/release-schedule.ts';
import { adapterContext, adapterSettings } from './adapter-context.ts';
import { sdkConfig } from './sdk-client.ts';
import type { ScheduleSettings } from './settings.ts';

const schedulerClient = () =>
  adapterContext().client('scheduler', (settings) => new SchedulerClient(sdkConfig(settings.endpoints.scheduler, settings.localCredentials)));

function scheduleSettings(): ScheduleSettings {
  const settings = adapterSettings().schedules;
  if (!settings) throw new Error('SCHEDULE_GROUP, PUBLISH_DUE_ARN, SCHEDULER_ROLE_ARN and SCHEDULE_DLQ_ARN are not set');
  return settings;
}

/** Scheduler retries a failed invocation with back-off for up to a day, then hands it to the queue. */
const RETRY_POLICY = { MaximumRetryAttempts: 185, MaximumEventAgeInSeconds: 86_400 };

/** Creates the release's schedule, or moves it when it exists. */
export async function putReleaseSchedule(plan: { releaseId: string; version: number; publishedAt: string }, timeZone: string): Promise<void> {
  const settings = scheduleSettings();
  const { expression, timeZone: zone } = atExpression(fireInstantOf(plan.publishedAt, new Date()), timeZone);
  const target: DueTarget = { releaseId: plan.releaseId, publishedAt: plan.publishedAt };
  const input = {
    Name: scheduleNameOf(plan.releaseId),
    GroupName: settings.group,
    ScheduleExpression: expression,
    ScheduleExpressionTimezone: zone,
    FlexibleTimeWindow: { Mode: 'OFF' },
    ActionAfterCompletion: 'DELETE',
    Target: {
      Arn: settings.targetArn,
      RoleArn: settings.roleArn,
      Input: JSON.stringify(target),
      RetryPolicy: RETRY_POLICY,
      DeadLetterConfig: { Arn: settings.deadLetterArn },
    },
  } satisfies Omit<CreateScheduleCommandInput, 'ClientToken'>;
  try {
    await schedulerClient().send(new CreateScheduleCommand({ ...input, ClientToken: clientTokenOf(plan) }));
  } catch (error) {
    if (!(error instanceof ConflictException)) throw error;
    await schedulerClient().send(new UpdateScheduleCommand(input));
  }
}

/** Deletes the release's schedule; one that already ran (and deleted itself) is no error. */
export async function deleteReleaseSchedule(releaseId: string): Promise<void> {
  try {
    await schedulerClient().send(new DeleteScheduleCommand({ Name: scheduleNameOf(releaseId), GroupName: scheduleSettings().group }));
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
  }
}
