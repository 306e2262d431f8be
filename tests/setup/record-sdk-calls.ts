// vitest setupFiles: with PRESSROOM_RECORD_SDK_CALLS set (npm test sets it), every SDK client an
// adapter context makes gets a middleware that records each call a function's invocation
// makes, for tests/iam/check-grants.ts to check against the function's IAM policy. Calls made
// outside an invocation (test setup, provisioning, the tests' own reads) are not recorded.
import { invokedFunction, observeSdkClients } from '../../lambdas/adapters/adapter-context.ts';
import { callsOf } from '../iam/sdk-calls.ts';
import { callWriter, recordingEnabled } from '../iam/recording.ts';

interface MiddlewareStack {
  add(middleware: (next: any, context: any) => (args: any) => Promise<any>, options: { step: string; name: string; priority?: string }): void;
}

if (recordingEnabled()) {
  const write = callWriter();
  observeSdkClients((client, adapters) => {
    (client.middlewareStack as MiddlewareStack).add(
      (next, context) => async (args) => {
        const fn = invokedFunction();
        if (fn) {
          for (const call of callsOf(fn, context.clientName, context.commandName, args.input ?? {}, adapters.settings)) write(call);
        }
        return next(args);
      },
      // After the DocumentClient's marshalling (initialize), before the request is signed.
      { step: 'serialize', name: 'recordSdkCallsForIam', priority: 'high' },
    );
  });
}
