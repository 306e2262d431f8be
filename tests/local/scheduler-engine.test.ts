// The local EventBridge Scheduler, driven by the real @aws-sdk/client-scheduler: one-time
// schedules fire their target at their instant (in the schedule's time zone), are moved and
// deleted, retry a failing target and then dead-letter it, survive a restart on the same data
// folder, and take orders only signed with the engine's credentials.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateScheduleCommand,
  DeleteScheduleCommand,
  GetScheduleCommand,
  ListSchedulesCommand,
  SchedulerClient,
  UpdateScheduleCommand,
  type CreateScheduleCommandInput,
} from '@aws-sdk/client-scheduler';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { sdkConfig } from '../../lambdas/adapters/sdk-client.ts';
import { newLocalCredentials } from '../../local/credentials.ts';
import { startSchedulerEngine, type RunningSchedulerEngine } from '../../local/scheduler/server.ts';

interface Invocation {
  targetArn: string;
  input: string;
  at: number;
}

const TARGET = 'arn:aws:lambda:us-east-1:000000000000:function:publish-due';
const FAILING_TARGET = 'arn:aws:lambda:us-east-1:000000000000:function:failing';
const BLOCKING_TARGET = 'arn:aws:lambda:us-east-1:000000000000:function:slow';
const ROLE = 'arn:aws:iam::000000000000:role/scheduler-invokes-publish-due';
const credentials = newLocalCredentials();
const invocations: Invocation[] = [];
const logged: string[] = [];
let engine: RunningSchedulerEngine;
let scheduler: SchedulerClient;

/** Invocations of the slow target wait until the test lets them finish. */
let releaseSlow: () => void = () => undefined;
let slowFinished = 0;

/** Records every invocation; the failing target rejects, as a Lambda that throws. */
async function invoke(targetArn: string, input: string): Promise<void> {
  invocations.push({ targetArn, input, at: Date.now() });
  if (targetArn === FAILING_TARGET) throw new Error('the target is down');
  if (targetArn === BLOCKING_TARGET) {
    await new Promise<void>((resolve) => (releaseSlow = resolve));
    slowFinished += 1;
  }
}

beforeAll(async () => {
  engine = await startSchedulerEngine({ credentials, invoke, retryBaseMs: 5, log: (line) => logged.push(line) });
  scheduler = new SchedulerClient(sdkConfig(engine.endpoint, credentials));
});

afterAll(async () => {
  scheduler?.destroy();
  await engine?.stop();
});

/** at() has whole seconds: the first whole second at least `aheadMs` from now, in UTC. */
function soon(aheadMs = 150): { expression: string; instant: number } {
  const instant = Math.ceil((Date.now() + aheadMs) / 1000) * 1000;
  return { expression: atOf(instant), instant };
}

function atOf(instant: number): string {
  return `at(${new Date(instant).toISOString().slice(0, 19)})`;
}

function schedule(name: string, expression: string, extra: Partial<CreateScheduleCommandInput> = {}): CreateScheduleCommandInput {
  return {
    Name: name,
    ScheduleExpression: expression,
    FlexibleTimeWindow: { Mode: 'OFF' },
    Target: { Arn: TARGET, RoleArn: ROLE, Input: JSON.stringify({ schedule: name }) },
    ...extra,
  };
}

const invocationsOf = (name: string) => invocations.filter((i) => i.input === JSON.stringify({ schedule: name }));

async function waitFor<T>(probe: () => T | undefined, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = probe();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Until the instant has passed and the engine has nothing due or running. */
async function pastAndIdle(instant: number, on: RunningSchedulerEngine = engine): Promise<void> {
  while (Date.now() <= instant + 20) await new Promise((resolve) => setTimeout(resolve, 20));
  await on.idle();
}

test('a schedule invokes its target at its instant with Target.Input, and is kept as done', async () => {
  const { expression, instant } = soon();
  const { ScheduleArn } = await scheduler.send(new CreateScheduleCommand(schedule('fires', expression)));
  expect(ScheduleArn).toBe('arn:aws:scheduler:us-east-1:000000000000:schedule/default/fires');
  expect(invocationsOf('fires')).toEqual([]);

  const fired = await waitFor(() => invocationsOf('fires')[0], 'the invocation');
  expect(fired.targetArn).toBe(TARGET);
  expect(fired.at).toBeGreaterThanOrEqual(instant);
  await engine.idle();
  expect(invocationsOf('fires')).toHaveLength(1);

  const held = await scheduler.send(new GetScheduleCommand({ Name: 'fires' }));
  expect(held).toMatchObject({
    Arn: ScheduleArn,
    Name: 'fires',
    GroupName: 'default',
    ScheduleExpression: expression,
    ScheduleExpressionTimezone: 'UTC',
    State: 'ENABLED',
    ActionAfterCompletion: 'NONE',
    FlexibleTimeWindow: { Mode: 'OFF' },
    Target: { Arn: TARGET, RoleArn: ROLE, Input: JSON.stringify({ schedule: 'fires' }) },
  });
  expect(held.CreationDate).toBeInstanceOf(Date);
  expect(Math.abs(held.CreationDate!.getTime() - Date.now())).toBeLessThan(60_000);
  expect(engine.schedules().find((s) => s.name === 'fires')).toMatchObject({ dueAt: instant, outcome: 'succeeded' });
  const listed = await scheduler.send(new ListSchedulesCommand({ NamePrefix: 'fire', GroupName: 'default' }));
  expect(listed.Schedules?.map((s) => [s.Name, s.Arn, s.Target?.Arn])).toEqual([['fires', ScheduleArn, TARGET]]);
});

test('a DISABLED schedule is not invoked at its instant', async () => {
  const { expression, instant } = soon();
  await scheduler.send(new CreateScheduleCommand(schedule('disabled', expression, { State: 'DISABLED' })));
  await pastAndIdle(instant);
  expect(invocationsOf('disabled')).toEqual([]);
  await scheduler.send(new DeleteScheduleCommand({ Name: 'disabled' }));
});

test('the wall time is read in ScheduleExpressionTimezone', async () => {
  await scheduler.send(new CreateScheduleCommand(schedule('baku', 'at(2031-06-01T12:00:00)', { ScheduleExpressionTimezone: 'Asia/Baku' })));
  expect(engine.schedules().find((s) => s.name === 'baku')).toMatchObject({ timezone: 'Asia/Baku', dueAt: Date.UTC(2031, 5, 1, 8, 0, 0) });
  expect((await scheduler.send(new GetScheduleCommand({ Name: 'baku' }))).ScheduleExpressionTimezone).toBe('Asia/Baku');

  // 01:30 happens twice in New York on 2031-11-02 (EDT, then EST): the first of the two.
  await scheduler.send(new CreateScheduleCommand(schedule('overlap', 'at(2031-11-02T01:30:00)', { ScheduleExpressionTimezone: 'America/New_York' })));
  expect(engine.schedules().find((s) => s.name === 'overlap')?.dueAt).toBe(Date.UTC(2031, 10, 2, 5, 30, 0));

  await expect(
    scheduler.send(new CreateScheduleCommand(schedule('nowhere', 'at(2031-06-01T12:00:00)', { ScheduleExpressionTimezone: 'Mars/Olympus_Mons' }))),
  ).rejects.toMatchObject({ name: 'ValidationException', message: expect.stringContaining('scheduleExpressionTimezone'), $metadata: { httpStatusCode: 400 } });
  for (const name of ['baku', 'overlap']) await scheduler.send(new DeleteScheduleCommand({ Name: name }));
});

test('the same Name and ClientToken again answer the same ScheduleArn; another token is a ConflictException', async () => {
  const input = schedule('idempotent', 'at(2031-01-01T00:00:00)', { ClientToken: 'release-42-v1' });
  const first = await scheduler.send(new CreateScheduleCommand(input));
  const again = await scheduler.send(new CreateScheduleCommand(input));
  expect(again.ScheduleArn).toBe(first.ScheduleArn);
  expect(engine.schedules().filter((s) => s.name === 'idempotent')).toEqual([expect.objectContaining({ clientToken: 'release-42-v1' })]);

  await expect(scheduler.send(new CreateScheduleCommand({ ...input, ClientToken: 'release-42-v2' }))).rejects.toMatchObject({
    name: 'ConflictException',
    $metadata: { httpStatusCode: 409 },
  });
  // Without a ClientToken the SDK makes a fresh one each time: a conflict too.
  const { ClientToken: _token, ...untokened } = input;
  await expect(scheduler.send(new CreateScheduleCommand(untokened))).rejects.toMatchObject({ name: 'ConflictException' });
  await scheduler.send(new DeleteScheduleCommand({ Name: 'idempotent' }));
});

test('UpdateSchedule moves the instant, both ways', async () => {
  // Earlier: from a year away to a moment from now.
  await scheduler.send(new CreateScheduleCommand(schedule('moved-earlier', 'at(2031-01-01T00:00:00)')));
  const { expression, instant } = soon();
  await scheduler.send(new UpdateScheduleCommand({ ...schedule('moved-earlier', expression) }));
  expect(engine.schedules().find((s) => s.name === 'moved-earlier')?.dueAt).toBe(instant);
  const fired = await waitFor(() => invocationsOf('moved-earlier')[0], 'the moved invocation');
  expect(fired.at).toBeGreaterThanOrEqual(instant);

  // Later: the old instant passes without an invocation.
  const old = soon(400);
  await scheduler.send(new CreateScheduleCommand(schedule('moved-later', old.expression)));
  await scheduler.send(new UpdateScheduleCommand(schedule('moved-later', 'at(2031-01-01T00:00:00)')));
  await pastAndIdle(old.instant);
  expect(invocationsOf('moved-later')).toEqual([]);
  expect(engine.schedules().find((s) => s.name === 'moved-later')?.dueAt).toBe(Date.UTC(2031, 0, 1));

  await expect(scheduler.send(new UpdateScheduleCommand(schedule('never-created', expression)))).rejects.toMatchObject({
    name: 'ResourceNotFoundException',
    $metadata: { httpStatusCode: 404 },
  });
  for (const name of ['moved-earlier', 'moved-later']) await scheduler.send(new DeleteScheduleCommand({ Name: name }));
});

test('a deleted schedule is never invoked; deleting an unknown one is a ResourceNotFoundException', async () => {
  const { expression, instant } = soon(300);
  await scheduler.send(new CreateScheduleCommand(schedule('deleted', expression)));
  await scheduler.send(new DeleteScheduleCommand({ Name: 'deleted', GroupName: 'default' }));
  expect(engine.schedules().some((s) => s.name === 'deleted')).toBe(false);
  await pastAndIdle(instant);
  expect(invocationsOf('deleted')).toEqual([]);

  await expect(scheduler.send(new DeleteScheduleCommand({ Name: 'deleted' }))).rejects.toMatchObject({
    name: 'ResourceNotFoundException',
    $metadata: { httpStatusCode: 404 },
  });
  await expect(scheduler.send(new GetScheduleCommand({ Name: 'deleted' }))).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
});

test('ActionAfterCompletion DELETE removes the schedule once it fired', async () => {
  const { expression } = soon();
  await scheduler.send(new CreateScheduleCommand(schedule('self-deleting', expression, { ActionAfterCompletion: 'DELETE' })));
  await waitFor(() => invocationsOf('self-deleting')[0], 'the invocation');
  await engine.idle();
  expect(engine.schedules().some((s) => s.name === 'self-deleting')).toBe(false);
  await expect(scheduler.send(new GetScheduleCommand({ Name: 'self-deleting' }))).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
});

test('a failing target is retried MaximumRetryAttempts times, then dead-lettered', async () => {
  const { expression, instant } = soon();
  const input = JSON.stringify({ schedule: 'failing' });
  await scheduler.send(
    new CreateScheduleCommand({
      ...schedule('failing', expression),
      ActionAfterCompletion: 'DELETE',
      Target: {
        Arn: FAILING_TARGET,
        RoleArn: ROLE,
        Input: input,
        RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 60 },
        DeadLetterConfig: { Arn: 'arn:aws:sqs:us-east-1:000000000000:publish-due-dead-letters' },
      },
    }),
  );
  await waitFor(() => engine.deadLetters().find((d) => d.name === 'failing'), 'the dead letter');
  await engine.idle();
  const attempts = invocationsOf('failing');
  expect(attempts).toHaveLength(3);
  expect(attempts.every((a) => a.targetArn === FAILING_TARGET && a.at >= instant)).toBe(true);
  expect(engine.deadLetters().filter((d) => d.name === 'failing')).toEqual([
    expect.objectContaining({ targetArn: FAILING_TARGET, input, error: 'the target is down', attempts: 3 }),
  ]);
  expect(engine.schedules().some((s) => s.name === 'failing')).toBe(false);
  expect(logged.some((line) => line.includes('default/failing') && line.includes('dead-lettered'))).toBe(true);
});

test('an invocation under way when its schedule is updated or deleted finishes, and the change stands', async () => {
  const slow = (name: string, expression: string): CreateScheduleCommandInput => ({
    ...schedule(name, expression, { ActionAfterCompletion: 'DELETE' }),
    Target: { Arn: BLOCKING_TARGET, RoleArn: ROLE, Input: JSON.stringify({ schedule: name }) },
  });
  const first = soon();
  await scheduler.send(new CreateScheduleCommand(slow('slow-updated', first.expression)));
  await waitFor(() => invocationsOf('slow-updated')[0], 'the slow invocation');
  await scheduler.send(new UpdateScheduleCommand(slow('slow-updated', 'at(2031-01-01T00:00:00)')));
  releaseSlow();
  await engine.idle();
  expect(slowFinished).toBe(1);
  // The finished invocation was of the old instant: its DELETE after completion does not remove the moved schedule.
  expect(engine.schedules().find((s) => s.name === 'slow-updated')).toMatchObject({ dueAt: Date.UTC(2031, 0, 1) });
  expect(engine.schedules().find((s) => s.name === 'slow-updated')?.outcome).toBeUndefined();
  await scheduler.send(new DeleteScheduleCommand({ Name: 'slow-updated' }));

  const second = soon();
  await scheduler.send(new CreateScheduleCommand({ ...slow('slow-deleted', second.expression), ActionAfterCompletion: 'NONE' }));
  await waitFor(() => invocationsOf('slow-deleted')[0], 'the second slow invocation');
  await scheduler.send(new DeleteScheduleCommand({ Name: 'slow-deleted' }));
  releaseSlow();
  await engine.idle();
  expect(slowFinished).toBe(2);
  expect(invocationsOf('slow-deleted')).toHaveLength(1);
  expect(engine.schedules().some((s) => s.name === 'slow-deleted')).toBe(false);
});

test('bad input is a ValidationException naming the field, and nothing is stored', async () => {
  const cases: Array<[string, CreateScheduleCommandInput]> = [
    ['target.arn', { ...schedule('no-arn', 'at(2031-01-01T00:00:00)'), Target: { RoleArn: ROLE } as never }],
    ['scheduleExpression', schedule('malformed', 'at(2031-01-01 00:00)')],
    ['scheduleExpression', schedule('impossible', 'at(2031-02-30T00:00:00)')],
    ['scheduleExpression', schedule('recurring', 'rate(5 minutes)')],
    ['name', schedule('not a name!', 'at(2031-01-01T00:00:00)')],
    ['name', schedule('x'.repeat(65), 'at(2031-01-01T00:00:00)')],
    ['target.retryPolicy.maximumRetryAttempts', { ...schedule('retries', 'at(2031-01-01T00:00:00)'), Target: { Arn: TARGET, RoleArn: ROLE, RetryPolicy: { MaximumRetryAttempts: 186 } } }],
  ];
  for (const [field, input] of cases) {
    await expect(scheduler.send(new CreateScheduleCommand(input)), field).rejects.toMatchObject({
      name: 'ValidationException',
      message: expect.stringContaining(`'${field}'`),
      $metadata: { httpStatusCode: 400 },
    });
  }
  const names = new Set(cases.map(([, input]) => input.Name));
  expect(engine.schedules().filter((s) => names.has(s.name))).toEqual([]);
});

test('unsigned requests and requests signed with other credentials are refused', async () => {
  const body = JSON.stringify(schedule('forged', 'at(2031-01-01T00:00:00)'));
  const unsigned = await fetch(`${engine.endpoint}/schedules/forged`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  expect(unsigned.status).toBe(403);
  expect(unsigned.headers.get('x-amzn-errortype')).toBe('MissingAuthenticationTokenException');
  expect(((await unsigned.json()) as { Message: string }).Message).toContain('not signed');

  for (const other of [newLocalCredentials(), { ...credentials, secretAccessKey: 'guessed' }]) {
    const stranger = new SchedulerClient({ ...sdkConfig(engine.endpoint, other), maxAttempts: 1 });
    await expect(stranger.send(new CreateScheduleCommand(schedule('forged', 'at(2031-01-01T00:00:00)')))).rejects.toMatchObject({
      name: 'InvalidSignatureException',
      $metadata: { httpStatusCode: 403 },
    });
    await expect(stranger.send(new GetScheduleCommand({ Name: 'fires' }))).rejects.toMatchObject({ $metadata: { httpStatusCode: 403 } });
    stranger.destroy();
  }
  expect(engine.schedules().some((s) => s.name === 'forged')).toBe(false);
  expect((await fetch(`${engine.endpoint}/health`)).status).toBe(200);
});

test('a schedule persisted in the data folder fires once at the next start when its instant passed meanwhile', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'pressroom-scheduler-'));
  const recovered: Invocation[] = [];
  const record = async (targetArn: string, input: string) => void recovered.push({ targetArn, input, at: Date.now() });
  try {
    const first = await startSchedulerEngine({ credentials, dataDir, invoke: record, log: () => undefined });
    const client = new SchedulerClient(sdkConfig(first.endpoint, credentials));
    const { expression, instant } = soon(300);
    await client.send(new CreateScheduleCommand(schedule('recovered', expression)));
    client.destroy();
    await first.stop();
    expect(existsSync(join(dataDir, 'schedules.json'))).toBe(true);

    while (Date.now() <= instant + 50) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(recovered).toEqual([]);
    const second = await startSchedulerEngine({ credentials, dataDir, invoke: record, log: () => undefined });
    await waitFor(() => recovered[0], 'the recovered invocation');
    await second.idle();
    expect(recovered).toEqual([expect.objectContaining({ targetArn: TARGET, input: JSON.stringify({ schedule: 'recovered' }) })]);
    expect(second.schedules()).toEqual([expect.objectContaining({ name: 'recovered', dueAt: instant, outcome: 'succeeded' })]);
    await second.stop();

    // Done is remembered: a third start does not fire it again.
    const third = await startSchedulerEngine({ credentials, dataDir, invoke: record, log: () => undefined });
    await third.idle();
    expect(recovered).toHaveLength(1);
    await third.stop();
    expect(JSON.parse(readFileSync(join(dataDir, 'schedules.json'), 'utf8')).schedules).toHaveLength(1);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test('with a data folder, dead letters are appended to scheduler-dead-letters.jsonl and kept across restarts', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'pressroom-scheduler-'));
  const failing = async () => {
    throw new Error('publish-due answered 500');
  };
  try {
    const first = await startSchedulerEngine({ credentials, dataDir, invoke: failing, retryBaseMs: 5, log: () => undefined });
    const client = new SchedulerClient(sdkConfig(first.endpoint, credentials));
    const { expression } = soon();
    await client.send(
      new CreateScheduleCommand({
        ...schedule('dead', expression),
        Target: { Arn: TARGET, RoleArn: ROLE, Input: '{"id":"r1"}', RetryPolicy: { MaximumRetryAttempts: 1, MaximumEventAgeInSeconds: 60 } },
      }),
    );
    client.destroy();
    await waitFor(() => first.deadLetters()[0], 'the dead letter');
    await first.idle();
    await first.stop();
    const lines = readFileSync(join(dataDir, 'scheduler-dead-letters.jsonl'), 'utf8').trim().split('\n');
    expect(lines.map((line) => JSON.parse(line))).toEqual([
      expect.objectContaining({ name: 'dead', targetArn: TARGET, input: '{"id":"r1"}', error: 'publish-due answered 500', attempts: 2 }),
    ]);

    const second = await startSchedulerEngine({ credentials, dataDir, invoke: failing, retryBaseMs: 5, log: () => undefined });
    await second.idle();
    expect(second.deadLetters()).toEqual([expect.objectContaining({ name: 'dead', attempts: 2 })]);
    // Kept (ActionAfterCompletion NONE) as dead-lettered, and not tried again.
    expect(second.schedules()).toEqual([expect.objectContaining({ name: 'dead', outcome: 'dead-lettered' })]);
    await second.stop();
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});
