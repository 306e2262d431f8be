// Counts what the system really does, inside the runtime's process: every SDK call each
// function makes (by service and command), the DynamoDB capacity units each consumed as the
// engine reports them (ReturnConsumedCapacity), and each function's invocations and how long
// they ran. The cost model multiplies these counts by list prices; nothing here is estimated.
import { invokedFunction, observeInvocations, observeSdkClients } from '../../lambdas/adapters/adapter-context.ts';
import { keys } from '../../lambdas/adapters/table-layout.ts';

export interface MeterReading {
  /** `<function> <Service>.<Command>` → calls. */
  calls: Record<string, number>;
  /** DynamoDB read and write units per function; transactional units already doubled. */
  readUnits: Record<string, number>;
  writeUnits: Record<string, number>;
  /** Invocations and their summed duration (ms) per function. */
  invocations: Record<string, { count: number; ms: number; billedMs: number }>;
  /** Renders of the `all` feed: the Queries of its partition by the feeds function. */
  allRenders: number;
}

interface MiddlewareStack {
  add(middleware: (next: any, context: any) => (args: any) => Promise<any>, options: { step: string; name: string; priority?: string }): void;
}
type Capacity = { CapacityUnits?: number; ReadCapacityUnits?: number; WriteCapacityUnits?: number };

const READS = new Set(['GetItemCommand', 'QueryCommand', 'ScanCommand', 'BatchGetItemCommand', 'TransactGetItemsCommand']);
/** DynamoDB bills a transaction's items twice; DynamoDB Local reports the plain units. */
const TRANSACTIONS = new Set(['TransactWriteItemsCommand', 'TransactGetItemsCommand']);
const ALL_FEED = keys.feedPartition('all');

/** The `:pk` a Query names, whether the DocumentClient has marshalled it yet or not. */
const partitionOf = (input: { ExpressionAttributeValues?: Record<string, unknown> }) => {
  const value = input.ExpressionAttributeValues?.[':pk'];
  return typeof value === 'string' ? value : (value as { S?: string } | undefined)?.S;
};
const empty = (): MeterReading => ({ calls: {}, readUnits: {}, writeUnits: {}, invocations: {}, allRenders: 0 });
const add = (record: Record<string, number>, key: string, value: number) => {
  record[key] = (record[key] ?? 0) + value;
};
const unitsOf = (consumed: Capacity | Capacity[] | undefined) =>
  (Array.isArray(consumed) ? consumed : consumed ? [consumed] : []).reduce((sum, c) => sum + (c.CapacityUnits ?? 0), 0);

export function installOperationMeter(): { read(): MeterReading; reset(): void } {
  let reading = empty();
  observeSdkClients((client) => {
    (client.middlewareStack as MiddlewareStack).add(
      (next, context) => async (args) => {
        const fn = invokedFunction();
        if (!fn) return next(args);
        const service = String(context.clientName).replace(/Client$/, '');
        const command = String(context.commandName);
        add(reading.calls, `${fn} ${service}.${command.replace(/Command$/, '')}`, 1);
        const dynamo = service === 'DynamoDB';
        if (dynamo) args.input.ReturnConsumedCapacity = 'TOTAL';
        if (dynamo && command === 'QueryCommand' && fn === 'feeds' && partitionOf(args.input) === ALL_FEED) reading.allRenders++;
        const result = await next(args);
        if (dynamo) {
          const units = unitsOf(result.output?.ConsumedCapacity) * (TRANSACTIONS.has(command) ? 2 : 1);
          add(READS.has(command) ? reading.readUnits : reading.writeUnits, fn, units);
        }
        return result;
      },
      // After the DocumentClient's marshalling, before the request is serialised and signed.
      { step: 'serialize', name: 'benchOperationMeter', priority: 'high' },
    );
  });
  observeInvocations((fn, ms) => {
    const entry = (reading.invocations[fn] ??= { count: 0, ms: 0, billedMs: 0 });
    entry.count++;
    entry.ms += ms;
    // Lambda bills each invocation's duration rounded up to the millisecond.
    entry.billedMs += Math.ceil(ms);
  });
  return {
    read: () => structuredClone(reading),
    reset: () => {
      reading = empty();
    },
  };
}
