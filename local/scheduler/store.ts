// The schedules the engine holds: in memory, and mirrored to <dataDir>/schedules.json (whole
// file, temp file + rename after every change) when a data folder is given, so a schedule
// outlives a restart of the local runtime. Exhausted invocations are appended to
// <dataDir>/scheduler-dead-letters.jsonl, one JSON object a line, as a dead-letter queue
// would keep them.
import { appendFileSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ScheduleSpec } from './schedule-input.ts';

export interface ScheduleRecord extends ScheduleSpec {
  arn: string;
  createdAt: number;
  modifiedAt: number;
  /** The ClientToken of the last UpdateSchedule, so the SDK's own retry of it changes nothing. */
  updateToken?: string;
  /** Failed attempts of the invocation under way. */
  attempts: number;
  firstAttemptAt?: number;
  /** When the next retry is due, after a failed attempt. */
  retryAt?: number;
  /** Set once the one invocation finished, on a schedule kept after completion (NONE). */
  outcome?: 'succeeded' | 'dead-lettered';
}

export interface DeadLetter {
  name: string;
  groupName: string;
  targetArn: string;
  input: string;
  error: string;
  attempts: number;
  /** Target.DeadLetterConfig.Arn, when the schedule named a queue. */
  deadLetterArn?: string;
  failedAt: string;
}

interface StoreFile {
  version: 1;
  schedules: ScheduleRecord[];
}

const SCHEDULES_FILE = 'schedules.json';
const DEAD_LETTERS_FILE = 'scheduler-dead-letters.jsonl';

export class ScheduleStore {
  /** By `<group>/<name>`. */
  readonly schedules = new Map<string, ScheduleRecord>();
  readonly deadLetters: DeadLetter[] = [];
  private readonly dataDir: string | undefined;

  constructor(dataDir?: string) {
    this.dataDir = dataDir;
    if (!dataDir) return;
    mkdirSync(dataDir, { recursive: true });
    const stored = readIfPresent(join(dataDir, SCHEDULES_FILE));
    if (stored !== undefined) {
      for (const record of (JSON.parse(stored) as StoreFile).schedules ?? []) this.schedules.set(keyOf(record.groupName, record.name), record);
    }
    const letters = readIfPresent(join(dataDir, DEAD_LETTERS_FILE));
    for (const line of letters?.split('\n') ?? []) if (line.trim()) this.deadLetters.push(JSON.parse(line) as DeadLetter);
  }

  save(): void {
    if (!this.dataDir) return;
    const file = join(this.dataDir, SCHEDULES_FILE);
    const content: StoreFile = { version: 1, schedules: [...this.schedules.values()] };
    writeFileSync(`${file}.tmp`, `${JSON.stringify(content, null, 2)}\n`);
    renameSync(`${file}.tmp`, file);
  }

  addDeadLetter(letter: DeadLetter): void {
    this.deadLetters.push(letter);
    if (this.dataDir) appendFileSync(join(this.dataDir, DEAD_LETTERS_FILE), `${JSON.stringify(letter)}\n`);
  }
}

export function keyOf(groupName: string, name: string): string {
  return `${groupName}/${name}`;
}

function readIfPresent(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
