// Where the test run's SDK calls are written and read back: one JSON-lines file per test
// process under .local/iam-calls/, each line one distinct call (see sdk-calls.ts).
import { appendFileSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SdkCall } from './sdk-calls.ts';

/** Set (to anything) by `npm test` for its main vitest run: the suite then records its calls. */
export const RECORDING_VARIABLE = 'PRESSROOM_RECORD_SDK_CALLS';
export const CALLS_DIRECTORY = fileURLToPath(new URL('../../.local/iam-calls/', import.meta.url));

export const recordingEnabled = () => Boolean(process.env[RECORDING_VARIABLE]);

export function clearRecordedCalls(): void {
  rmSync(CALLS_DIRECTORY, { recursive: true, force: true });
  mkdirSync(CALLS_DIRECTORY, { recursive: true });
}

/** A writer for this process: each distinct call is appended once. */
export function callWriter(): (call: SdkCall) => void {
  const file = join(CALLS_DIRECTORY, `${process.pid}-${Date.now()}.jsonl`);
  const seen = new Set<string>();
  mkdirSync(CALLS_DIRECTORY, { recursive: true });
  return (call) => {
    const line = JSON.stringify(call);
    if (seen.has(line)) return;
    seen.add(line);
    appendFileSync(file, `${line}\n`);
  };
}

/** Every distinct call of every file of the run. */
export function readRecordedCalls(directory = CALLS_DIRECTORY): { calls: SdkCall[]; files: number } {
  let names: string[];
  try {
    names = readdirSync(directory).filter((name) => name.endsWith('.jsonl'));
  } catch {
    return { calls: [], files: 0 };
  }
  const lines = new Set(names.flatMap((name) => readFileSync(join(directory, name), 'utf8').split('\n').filter(Boolean)));
  return { calls: [...lines].map((line) => JSON.parse(line) as SdkCall), files: names.length };
}
