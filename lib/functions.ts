// Which Lambda functions exist, from the one place the local runtime also reads
// (lambdas/routes.ts): the API functions from the routes, the stream consumers and the scheduled
// functions from its lists. Each function's entry is the very module the local runtime imports
// (handlerEntry).
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  handlerEntry,
  routes,
  scheduledFunctions,
  streamConsumers,
  uploadFunctions,
  queueFunctions,
  alertQueueFunctions,
  type AlertQueueFunctionName,
  alertScheduledFunctions,
  type AlertScheduledFunctionName,
  type AnyFunctionName,
  type QueueFunctionName,
  type FunctionName,
  type PageFunctionName,
  pageFunctions,
  type ScheduledFunctionName,
  type StreamFunctionName,
  type UploadFunctionName,
} from '../lambdas/routes.ts';

export const projectRoot = fileURLToPath(new URL('..', import.meta.url));

/** Lambdas fed by the table's stream (DynamoEventSource), not by HTTP. */
export const streamConsumerNames: readonly StreamFunctionName[] = streamConsumers;
export type StreamConsumerName = StreamFunctionName;

/** One Lambda per route group, in the order the routes first name them. */
export const apiFunctionNames: readonly FunctionName[] = [...new Set(routes.map((route) => route.function))];

/** Lambdas that answer the site's pages (HTML) through the HTTP API. */
export const pageFunctionNames: readonly PageFunctionName[] = pageFunctions;

/** Lambdas invoked by EventBridge Scheduler (one-time schedules and the sweep). */
export const scheduledFunctionNames: readonly ScheduledFunctionName[] = scheduledFunctions;

/** Lambdas invoked by the uploads bucket's object-created notifications. */
export const uploadFunctionNames: readonly UploadFunctionName[] = uploadFunctions;

/** Lambdas fed by an SQS queue (the partner dead letters). */
export const queueFunctionNames: readonly QueueFunctionName[] = queueFunctions;

/** Lambdas that mail alerts, each fed by its queue (only when the site configuration has alerts). */
export const alertQueueFunctionNames: readonly AlertQueueFunctionName[] = alertQueueFunctions;

/** The Lambda of the daily digest, invoked by its schedule (only when the site configuration has alerts). */
export const alertScheduledFunctionNames: readonly AlertScheduledFunctionName[] = alertScheduledFunctions;

export type PressroomFunctionName = AnyFunctionName;

/** Every function of the stack: the API functions, the stream consumers, the scheduled, upload and queue ones. */
export const pressroomFunctionNames: readonly PressroomFunctionName[] = [
  ...apiFunctionNames,
  ...pageFunctionNames,
  ...streamConsumerNames,
  ...scheduledFunctionNames,
  ...uploadFunctionNames,
  ...queueFunctionNames,
  ...alertQueueFunctionNames,
  ...alertScheduledFunctionNames,
];

/** `publish-due` → `PublishDue`: construct ids are PascalCase, function names may have hyphens. */
export const pascalCase = (name: string) => name.split('-').map((part) => part.charAt(0).toUpperCase() + part.slice(1)).join('');

/**
 * The construct id of a function in the stack (`PublishDueFunction`). local/lambda-bundles.ts
 * reads it back from the synthesised template's construct paths.
 */
export const functionConstructId = (name: PressroomFunctionName) => `${pascalCase(name)}Function`;

/** Absolute path of a function's handler module: the one the local runtime imports. */
export const entryOf = (name: PressroomFunctionName): string => resolve(projectRoot, handlerEntry(name));
