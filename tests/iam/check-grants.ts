// After the main test run (npm test): every AWS SDK call each function made during the suite,
// checked against that function's IAM policy in the synthesised stack. Fails on a call the
// policy denies, on a grant no call used (unless acknowledged), on a function that made no
// call, and on a run that recorded nothing.
import { ACKNOWLEDGED_GRANTS } from './acknowledged-grants.ts';
import { evaluateGrants, type Verdict } from './evaluate-grants.ts';
import { CALLS_DIRECTORY, readRecordedCalls } from './recording.ts';
import { stackPolicies } from './stack-policies.ts';

export function report(verdict: Verdict): { ok: boolean; lines: string[] } {
  const lines: string[] = [];
  const failing = verdict.unused.filter((grant) => !grant.acknowledged);
  for (const { call, arn, reason } of verdict.denied) {
    lines.push(`DENIED  ${call.fn}: ${call.action} on ${arn}${call.leadingKeys ? ` keys ${JSON.stringify(call.leadingKeys)}` : ''}${call.attributes ? ` attributes ${JSON.stringify(call.attributes)}` : ''} (${reason})`);
  }
  for (const grant of failing) {
    lines.push(`UNUSED  ${grant.fn}: ${grant.action} on ${grant.resource}${grant.partition ? ` partition ${grant.partition}` : ''}${grant.sid ? ` [${grant.sid}]` : ''}: no test made this call; remove the grant or acknowledge it in tests/iam/acknowledged-grants.ts`);
  }
  for (const fn of verdict.silent) lines.push(`SILENT  ${fn}: no recorded call; the suite never invoked it through the local runtime`);
  const acknowledged = verdict.unused.filter((grant) => grant.acknowledged);
  lines.push(
    `iam: ${verdict.simulated} distinct calls simulated; ${verdict.denied.length} denied, ${failing.length} unused grants, ${verdict.silent.length} functions without calls, ${acknowledged.length} acknowledged grants not exercised by code:`,
  );
  for (const grant of acknowledged) lines.push(`  ${grant.fn}: ${grant.action} (${grant.acknowledged})`);
  return { ok: verdict.denied.length === 0 && failing.length === 0 && verdict.silent.length === 0, lines };
}

async function main(): Promise<void> {
  const started = Date.now();
  const { calls, files } = readRecordedCalls();
  if (calls.length === 0) {
    console.error(`iam: no recorded SDK calls in ${CALLS_DIRECTORY} (${files} files): run the suite with PRESSROOM_RECORD_SDK_CALLS=1 first (npm test does)`);
    process.exit(1);
  }
  const verdict = await evaluateGrants(calls, stackPolicies(), ACKNOWLEDGED_GRANTS);
  const { ok, lines } = report(verdict);
  for (const line of lines) (ok ? console.log : console.error)(line);
  console.log(`iam: ${calls.length} recorded calls from ${files} files, checked in ${((Date.now() - started) / 1000).toFixed(1)} s: ${ok ? 'every call allowed, every grant used' : 'FAILED'}`);
  process.exit(ok ? 0 : 1);
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
