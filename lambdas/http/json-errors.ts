// Every failure leaves as the contract's JSON error shape. Errors we did not expect never
// show a stack to the client; a dependency that is down or throttling becomes a 503.
import type middy from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { ApiError } from '../core/errors.ts';
import { errorBody, json, type HttpResult } from './response.ts';
import { logger } from '../logger.ts';

type Request = middy.Request<APIGatewayProxyEventV2, HttpResult>;

const UNAVAILABLE_NAMES = new Set([
  'ServiceUnavailable',
  'ServiceUnavailableException',
  'InternalServerError',
  'ThrottlingException',
  // SNS's and KMS's names for throttling (a topic publish under load, its key's data keys).
  'Throttled',
  'KMSThrottling',
  'ThrottledException',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'TimeoutError',
  'RequestTimeout',
  'RequestTimeoutException',
  // SES v2's names for a sending rate or quota exceeded.
  'TooManyRequestsException',
  'LimitExceededException',
]);

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

/** True when the failure is the dependency's (down, overloaded, unreachable), not ours. */
export function isDependencyUnavailable(error: unknown): boolean {
  const e = error as { name?: string; code?: string; $fault?: string; $metadata?: { httpStatusCode?: number }; cause?: unknown };
  if (!e || typeof e !== 'object') return false;
  if (e.name && UNAVAILABLE_NAMES.has(e.name)) return true;
  if (e.code && NETWORK_CODES.has(e.code)) return true;
  if (e.$fault === 'server') return true;
  if (e.$metadata?.httpStatusCode === 429) return true;
  if (e.name === 'TransactionCanceledException' && /TransactionConflict|ThrottlingError/.test(String((e as Error).message))) return true;
  if (e.cause && e.cause !== error) return isDependencyUnavailable(e.cause);
  return false;
}

export function errorResponse(error: unknown): HttpResult {
  if (error instanceof ApiError) {
    const headers: Record<string, string> = { ...error.headers, ...(error.status === 401 ? { 'www-authenticate': 'Bearer' } : {}) };
    return json(error.status, errorBody(error.code, error.message, error.details), headers);
  }
  if (isDependencyUnavailable(error)) {
    logger.warn('dependency unavailable', { error: error as Error });
    return json(
      503,
      errorBody('service_unavailable', 'A service Pressroom depends on is unavailable; nothing was changed. Retry later.'),
      { 'retry-after': '1' },
    );
  }
  logger.error('unhandled error', { error: error as Error });
  return json(500, errorBody('internal_error', 'Something went wrong on our side.'));
}

export function jsonErrors(): middy.MiddlewareObj<APIGatewayProxyEventV2, HttpResult> {
  return {
    onError: async (request: Request) => {
      request.response = errorResponse(request.error);
    },
  };
}
