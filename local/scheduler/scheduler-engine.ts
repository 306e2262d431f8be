// The schedules and their clock: one timer per schedule at its instant (re-armed on update,
// cleared on delete), the invocation of its target, retries after the target's RetryPolicy,
// dead letters when they run out, and what happens after completion (ActionAfterCompletion).
import { nextAttemptAt } from './retry-policy.ts';
import { SchedulerError } from './scheduler-error.ts';
import type { ScheduleSpec } from './schedule-input.ts';
import { keyOf, type DeadLetter, type ScheduleRecord, type ScheduleStore } from './store.ts';

export const ACCOUNT_ID = '000000000000';
/** setTimeout holds at most 2^31 - 1 ms (about 24.8 days); a later instant is waited for in steps. */
const MAX_TIMER_MS = 2 ** 31 - 1;
/** What idle() counts as due now. */
const MOMENT_MS = 50;

export interface EngineClock {
  invoke: (targetArn: string, input: string) => Promise<void>;
  log: (line: string) => void;
  retryBaseMs: number;
  now: () => number;
}

interface Armed {
  handle: NodeJS.Timeout;
  at: number;
}

export class SchedulerEngine {
  private readonly timers = new Map<string, Armed>();
  private readonly running = new Set<Promise<void>>();
  /** Bumped by every create, update and delete: an invocation started for an older version leaves the schedule alone. */
  private readonly revisions = new Map<string, number>();
  private stopped = false;

  constructor(
    private readonly store: ScheduleStore,
    private readonly clock: EngineClock,
  ) {}

  /** Arms every stored schedule: one whose instant passed while the engine was down fires now. */
  start(): void {
    for (const key of this.store.schedules.keys()) this.arm(key);
  }

  create(spec: ScheduleSpec, region: string): string {
    const key = keyOf(spec.groupName, spec.name);
    const existing = this.store.schedules.get(key);
    if (existing) {
      // The same request again (the SDK retries with the same token): the same answer.
      if (spec.clientToken !== undefined && existing.clientToken === spec.clientToken) return existing.arn;
      throw SchedulerError.conflict(`Schedule ${spec.name} already exists.`);
    }
    const now = this.clock.now();
    const record: ScheduleRecord = {
      ...spec,
      arn: `arn:aws:scheduler:${region}:${ACCOUNT_ID}:schedule/${spec.groupName}/${spec.name}`,
      createdAt: now,
      modifiedAt: now,
      attempts: 0,
    };
    this.put(key, record);
    return record.arn;
  }

  update(spec: ScheduleSpec): string {
    const key = keyOf(spec.groupName, spec.name);
    const existing = this.store.schedules.get(key);
    if (!existing) throw SchedulerError.notFound(`Schedule ${spec.name} does not exist.`);
    if (spec.clientToken !== undefined && existing.updateToken === spec.clientToken) return existing.arn;
    const { clientToken, ...rest } = spec;
    const record: ScheduleRecord = {
      ...rest,
      ...(existing.clientToken !== undefined ? { clientToken: existing.clientToken } : {}),
      ...(clientToken !== undefined ? { updateToken: clientToken } : {}),
      arn: existing.arn,
      createdAt: existing.createdAt,
      modifiedAt: this.clock.now(),
      attempts: 0,
    };
    this.put(key, record);
    return record.arn;
  }

  delete(groupName: string, name: string): void {
    const key = keyOf(groupName, name);
    if (!this.store.schedules.has(key)) throw SchedulerError.notFound(`Schedule ${name} does not exist.`);
    this.remove(key);
  }

  get(groupName: string, name: string): ScheduleRecord {
    const record = this.store.schedules.get(keyOf(groupName, name));
    if (!record) throw SchedulerError.notFound(`Schedule ${name} does not exist.`);
    return record;
  }

  list(): ScheduleRecord[] {
    return [...this.store.schedules.values()];
  }

  deadLetters(): DeadLetter[] {
    return [...this.store.deadLetters];
  }

  /** Resolves once nothing runs and no timer is due within the next moment. */
  async idle(): Promise<void> {
    for (;;) {
      const soon = this.clock.now() + MOMENT_MS;
      const due = [...this.timers.values()].some((armed) => armed.at <= soon);
      if (this.running.size === 0 && !due) return;
      await Promise.race([Promise.allSettled([...this.running]), new Promise((resolve) => setTimeout(resolve, 10))]);
    }
  }

  /** No further invocation starts; those under way finish (and are recorded) before it resolves. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const armed of this.timers.values()) clearTimeout(armed.handle);
    this.timers.clear();
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
    this.store.save();
  }

  private put(key: string, record: ScheduleRecord): void {
    this.revisions.set(key, this.revisionOf(key) + 1);
    this.store.schedules.set(key, record);
    this.store.save();
    this.arm(key);
  }

  private remove(key: string): void {
    this.revisions.set(key, this.revisionOf(key) + 1);
    this.disarm(key);
    this.store.schedules.delete(key);
    this.store.save();
  }

  private revisionOf(key: string): number {
    return this.revisions.get(key) ?? 0;
  }

  private disarm(key: string): void {
    const armed = this.timers.get(key);
    if (armed) clearTimeout(armed.handle);
    this.timers.delete(key);
  }

  private arm(key: string): void {
    this.disarm(key);
    const record = this.store.schedules.get(key);
    if (!record || this.stopped || record.state === 'DISABLED' || record.outcome) return;
    const at = record.retryAt ?? record.dueAt;
    const delay = Math.max(0, at - this.clock.now());
    const revision = this.revisionOf(key);
    const handle = setTimeout(() => {
      this.timers.delete(key);
      // Timers run on the monotonic clock and may wake a millisecond before the wall clock
      // reaches the instant; a schedule never fires early.
      if (this.clock.now() < at) this.arm(key);
      else this.fire(key, revision);
    }, Math.min(delay, MAX_TIMER_MS));
    this.timers.set(key, { handle, at });
  }

  private fire(key: string, revision: number): void {
    const record = this.store.schedules.get(key);
    if (!record || this.stopped || this.revisionOf(key) !== revision) return;
    const current = () => this.revisionOf(key) === revision;
    const startedAt = this.clock.now();
    const firstAttemptAt = record.firstAttemptAt ?? startedAt;
    const attempt = record.attempts + 1;
    const { arn: targetArn, input = '' } = record.target;
    const label = `${record.groupName}/${record.name}`;
    const invocation = (async () => {
      try {
        await this.clock.invoke(targetArn, input);
      } catch (error) {
        if (!current()) return;
        const message = error instanceof Error ? error.message : String(error);
        const retryAt = nextAttemptAt(attempt, firstAttemptAt, this.clock.now(), record.target.retry, this.clock.retryBaseMs);
        if (retryAt === undefined) {
          this.clock.log(`scheduler: ${label} → ${targetArn} failed ${attempt} times, last: ${message}; dead-lettered`);
          this.store.addDeadLetter({
            name: record.name,
            groupName: record.groupName,
            targetArn,
            input,
            error: message,
            attempts: attempt,
            ...(record.target.deadLetterArn !== undefined ? { deadLetterArn: record.target.deadLetterArn } : {}),
            failedAt: new Date(this.clock.now()).toISOString(),
          });
          this.complete(key, record, 'dead-lettered');
          return;
        }
        this.clock.log(`scheduler: ${label} → ${targetArn} attempt ${attempt} failed: ${message}; retry in ${retryAt - this.clock.now()} ms`);
        this.store.schedules.set(key, { ...record, attempts: attempt, firstAttemptAt, retryAt });
        this.store.save();
        this.arm(key);
        return;
      }
      if (!current()) return;
      this.clock.log(`scheduler: ${label} → ${targetArn} invoked${attempt > 1 ? ` at attempt ${attempt}` : ''}`);
      this.complete(key, record, 'succeeded');
    })();
    this.running.add(invocation);
    void invocation.finally(() => this.running.delete(invocation));
  }

  /** The one invocation of a one-time schedule is over: deleted (DELETE) or kept as done (NONE). */
  private complete(key: string, record: ScheduleRecord, outcome: NonNullable<ScheduleRecord['outcome']>): void {
    if (record.actionAfterCompletion === 'DELETE') return this.remove(key);
    const { retryAt: _retryAt, ...rest } = record;
    this.store.schedules.set(key, { ...rest, attempts: 0, outcome });
    this.store.save();
  }
}
