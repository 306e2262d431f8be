// The Scheduler operations the local engine answers, in the restJson1 shape
// @aws-sdk/client-scheduler speaks: the schedule name in the path, GroupName in the body of
// Create/Update and in the groupName query parameter of Get/Delete, dates as epoch seconds.
import { checkGroupName, checkName, scheduleSpec } from './schedule-input.ts';
import { SchedulerError } from './scheduler-error.ts';
import type { SchedulerEngine } from './scheduler-engine.ts';
import type { ScheduleRecord } from './store.ts';

export interface RestRequest {
  method: string;
  url: URL;
  body: string;
  region: string;
}

export interface RestResponse {
  status: number;
  body: Record<string, unknown>;
}

const SCHEDULE_PATH = /^\/schedules\/([^/]+)$/;

export function handleRest(engine: SchedulerEngine, request: RestRequest): RestResponse {
  const { method, url } = request;
  if (url.pathname === '/schedules' && method === 'GET') return { status: 200, body: listSchedules(engine, url.searchParams) };
  const match = SCHEDULE_PATH.exec(url.pathname);
  if (!match) throw new SchedulerError('UnknownOperationException', 404, `No operation at ${method} ${url.pathname}`);
  const name = checkName(decoded(match[1]!), 'name');
  switch (method) {
    case 'POST':
      return { status: 200, body: { ScheduleArn: engine.create(scheduleSpec(name, parseBody(request.body)), request.region) } };
    case 'PUT':
      return { status: 200, body: { ScheduleArn: engine.update(scheduleSpec(name, parseBody(request.body))) } };
    case 'DELETE':
      engine.delete(groupOf(url), name);
      return { status: 200, body: {} };
    case 'GET':
      return { status: 200, body: scheduleOutput(engine.get(groupOf(url), name)) };
    default:
      throw new SchedulerError('UnknownOperationException', 405, `No operation at ${method} ${url.pathname}`);
  }
}

function decoded(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function groupOf(url: URL): string {
  return checkGroupName(url.searchParams.get('groupName') ?? undefined, 'groupName');
}

function parseBody(body: string): unknown {
  try {
    return body === '' ? {} : JSON.parse(body);
  } catch {
    throw SchedulerError.validation('The request body is not valid JSON');
  }
}

/** GetSchedule's answer: the fields as AWS returns them. */
function scheduleOutput(record: ScheduleRecord): Record<string, unknown> {
  const { target } = record;
  return {
    Arn: record.arn,
    Name: record.name,
    GroupName: record.groupName,
    ScheduleExpression: record.expression,
    ScheduleExpressionTimezone: record.timezone ?? 'UTC',
    ...(record.description !== undefined ? { Description: record.description } : {}),
    State: record.state,
    ActionAfterCompletion: record.actionAfterCompletion,
    FlexibleTimeWindow: record.flexibleTimeWindow,
    Target: {
      Arn: target.arn,
      RoleArn: target.roleArn,
      ...(target.input !== undefined ? { Input: target.input } : {}),
      RetryPolicy: { MaximumRetryAttempts: target.retry.maximumRetryAttempts, MaximumEventAgeInSeconds: target.retry.maximumEventAgeInSeconds },
      ...(target.deadLetterArn !== undefined ? { DeadLetterConfig: { Arn: target.deadLetterArn } } : {}),
    },
    CreationDate: record.createdAt / 1000,
    LastModificationDate: record.modifiedAt / 1000,
  };
}

/** ListSchedules, filtered by ScheduleGroup, NamePrefix and State; NextToken is an offset. */
function listSchedules(engine: SchedulerEngine, query: URLSearchParams): Record<string, unknown> {
  const group = query.get('ScheduleGroup');
  const prefix = query.get('NamePrefix') ?? '';
  const state = query.get('State');
  const maxResults = Number(query.get('MaxResults') ?? 100);
  if (!Number.isInteger(maxResults) || maxResults < 1 || maxResults > 100) throw SchedulerError.validation(`Invalid MaxResults: ${query.get('MaxResults')}`);
  const start = Number(query.get('NextToken') ?? 0);
  if (!Number.isInteger(start) || start < 0) throw SchedulerError.validation('Invalid NextToken');
  const matching = engine
    .list()
    .filter((r) => (group === null || r.groupName === group) && r.name.startsWith(prefix) && (state === null || r.state === state))
    .sort((a, b) => a.arn.localeCompare(b.arn));
  const page = matching.slice(start, start + maxResults);
  return {
    Schedules: page.map((r) => ({
      Arn: r.arn,
      Name: r.name,
      GroupName: r.groupName,
      State: r.state,
      CreationDate: r.createdAt / 1000,
      LastModificationDate: r.modifiedAt / 1000,
      Target: { Arn: r.target.arn },
    })),
    ...(start + maxResults < matching.length ? { NextToken: String(start + maxResults) } : {}),
  };
}
