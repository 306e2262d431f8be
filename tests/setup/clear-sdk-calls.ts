// vitest globalSetup: a recording run starts from an empty .local/iam-calls/, so the check
// after it sees this run's calls only.
import { clearRecordedCalls, recordingEnabled } from '../iam/recording.ts';

export function setup(): void {
  if (recordingEnabled()) clearRecordedCalls();
}
