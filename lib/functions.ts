// Which Lambda functions exist, from the one place the local runtime also reads
// (lambdas/routes.ts): the API functions from the routes, the stream consumers from its list. Each
// function's entry is the very module the local runtime imports (handlerEntry).
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { handlerEntry, routes, scheduledFunctions, streamConsumers, type AnyFunctionName, type FunctionName, type ScheduledFunctionName, type StreamFunctionName } from '../lambdas/routes.ts';

export const projectRoot = fileURLToPath(new URL('..', import.meta.url));

/** Lambdas fed by the table's stream (DynamoEventSource), not by HTTP. */
export const streamConsumerNames: readonly StreamFunctionName[] = streamConsumers;
export type StreamConsumerName = StreamFunctionName;

/** One Lambda per route group, in the order the routes first name them. */
export const apiFunctionNames: readonly FunctionName[] = [...new Set(routes.map((route) => route.function))];

/** Lambdas invoked by EventBridge Scheduler (one-time schedules and the sweep). */
export const scheduledFunctionNames: readonly ScheduledFunctionName[] = scheduledFunctions;

export type PressroomFunctionName = AnyFunctionName;

/** Absolute path of a function's handler module: the one the local runtime imports. */
export const entryOf = (name: PressroomFunctionName): string => resolve(projectRoot, handlerEntry(name));
