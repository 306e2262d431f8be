// The body of CreateSchedule and UpdateSchedule, checked as AWS checks it (field names and
// limits from the Scheduler API reference), into the schedule the engine keeps. Anything
// refused is a ValidationException naming the field, before anything is stored.
import { checkTimeZone, instantOfAt } from './at-expression.ts';
import { invalidField, SchedulerError } from './scheduler-error.ts';

/** Schedule and group names, as the API reference gives them. */
export const NAME_PATTERN = /^[0-9a-zA-Z\-_.]{1,64}$/;
export const DEFAULT_GROUP = 'default';
/** AWS's defaults when a target has no RetryPolicy. */
export const DEFAULT_RETRY = { maximumRetryAttempts: 185, maximumEventAgeInSeconds: 86_400 } as const;

export type ScheduleState = 'ENABLED' | 'DISABLED';
export type ActionAfterCompletion = 'NONE' | 'DELETE';

/** What a Create or Update says about a schedule, in the engine's words. */
export interface ScheduleSpec {
  name: string;
  groupName: string;
  expression: string;
  timezone?: string;
  dueAt: number;
  description?: string;
  state: ScheduleState;
  actionAfterCompletion: ActionAfterCompletion;
  flexibleTimeWindow: { Mode: 'OFF' | 'FLEXIBLE'; MaximumWindowInMinutes?: number };
  target: {
    arn: string;
    roleArn: string;
    input?: string;
    retry: { maximumRetryAttempts: number; maximumEventAgeInSeconds: number };
    deadLetterArn?: string;
  };
  clientToken?: string;
}

type Json = Record<string, unknown>;

export function checkName(value: unknown, field: string): string {
  if (typeof value !== 'string' || !NAME_PATTERN.test(value)) {
    throw invalidField(field, value, `Member must satisfy regular expression pattern: ${NAME_PATTERN.source.slice(1, -1)}`);
  }
  return value;
}

export function checkGroupName(value: unknown, field: string): string {
  return value === undefined ? DEFAULT_GROUP : checkName(value, field);
}

/** The schedule a request body describes; name comes from the path. */
export function scheduleSpec(name: string, body: unknown): ScheduleSpec {
  if (!isObject(body)) throw SchedulerError.validation('The request body must be a JSON object');
  const groupName = checkGroupName(body.GroupName, 'groupName');
  const expression = text(body.ScheduleExpression, 'scheduleExpression', 1, 256, true)!;
  const timezone = text(body.ScheduleExpressionTimezone, 'scheduleExpressionTimezone', 1, 50);
  if (timezone !== undefined) checkTimeZone(timezone, 'scheduleExpressionTimezone');
  const dueAt = instantOfAt(expression, timezone ?? 'UTC');
  const description = text(body.Description, 'description', 0, 512);
  const state = oneOf(body.State, 'state', ['ENABLED', 'DISABLED'] as const) ?? 'ENABLED';
  const actionAfterCompletion = oneOf(body.ActionAfterCompletion, 'actionAfterCompletion', ['NONE', 'DELETE'] as const) ?? 'NONE';
  const clientToken = text(body.ClientToken, 'clientToken', 1, 64);

  const window = body.FlexibleTimeWindow;
  if (!isObject(window)) throw invalidField('flexibleTimeWindow', window ?? null, 'Member must not be null');
  const mode = oneOf(window.Mode, 'flexibleTimeWindow.mode', ['OFF', 'FLEXIBLE'] as const);
  if (!mode) throw invalidField('flexibleTimeWindow.mode', null, 'Member must not be null');
  const maximumWindow = integer(window.MaximumWindowInMinutes, 'flexibleTimeWindow.maximumWindowInMinutes', 1, 1440);
  if (mode === 'FLEXIBLE' && maximumWindow === undefined) {
    throw SchedulerError.validation('MaximumWindowInMinutes is required when FlexibleTimeWindow Mode is FLEXIBLE');
  }

  const target = body.Target;
  if (!isObject(target)) throw invalidField('target', target ?? null, 'Member must not be null');
  const arn = text(target.Arn, 'target.arn', 1, 1600, true)!;
  const roleArn = text(target.RoleArn, 'target.roleArn', 1, 1600, true)!;
  const input = text(target.Input, 'target.input', 1, 8192);
  const retryPolicy = target.RetryPolicy;
  if (retryPolicy !== undefined && !isObject(retryPolicy)) throw invalidField('target.retryPolicy', retryPolicy, 'Member must be an object');
  const maximumRetryAttempts = integer(retryPolicy?.MaximumRetryAttempts, 'target.retryPolicy.maximumRetryAttempts', 0, 185);
  const maximumEventAgeInSeconds = integer(retryPolicy?.MaximumEventAgeInSeconds, 'target.retryPolicy.maximumEventAgeInSeconds', 60, 86_400);
  const deadLetter = target.DeadLetterConfig;
  if (deadLetter !== undefined && !isObject(deadLetter)) throw invalidField('target.deadLetterConfig', deadLetter, 'Member must be an object');
  const deadLetterArn = text(deadLetter?.Arn, 'target.deadLetterConfig.arn', 1, 1600);

  return {
    name,
    groupName,
    expression,
    ...(timezone !== undefined ? { timezone } : {}),
    dueAt,
    ...(description !== undefined ? { description } : {}),
    state,
    actionAfterCompletion,
    flexibleTimeWindow: { Mode: mode, ...(maximumWindow !== undefined ? { MaximumWindowInMinutes: maximumWindow } : {}) },
    target: {
      arn,
      roleArn,
      ...(input !== undefined ? { input } : {}),
      retry: {
        maximumRetryAttempts: maximumRetryAttempts ?? DEFAULT_RETRY.maximumRetryAttempts,
        maximumEventAgeInSeconds: maximumEventAgeInSeconds ?? DEFAULT_RETRY.maximumEventAgeInSeconds,
      },
      ...(deadLetterArn !== undefined ? { deadLetterArn } : {}),
    },
    ...(clientToken !== undefined ? { clientToken } : {}),
  };
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown, field: string, min: number, max: number, required = false): string | undefined {
  if (value === undefined || value === null) {
    if (required) throw invalidField(field, null, 'Member must not be null');
    return undefined;
  }
  if (typeof value !== 'string') throw invalidField(field, value, 'Member must be a string');
  if (value.length < min) throw invalidField(field, value, `Member must have length greater than or equal to ${min}`);
  if (value.length > max) throw invalidField(field, value, `Member must have length less than or equal to ${max}`);
  return value;
}

function integer(value: unknown, field: string, min: number, max: number): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value)) throw invalidField(field, value, 'Member must be an integer');
  if (value < min) throw invalidField(field, value, `Member must have value greater than or equal to ${min}`);
  if (value > max) throw invalidField(field, value, `Member must have value less than or equal to ${max}`);
  return value;
}

function oneOf<const T extends string>(value: unknown, field: string, allowed: readonly T[]): T | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw invalidField(field, value, `Member must satisfy enum value set: [${allowed.join(', ')}]`);
  }
  return value as T;
}
