/**
 * A failure the client should hear about, carried as data so the shell can turn it into
 * the contract's JSON error shape: { error: { code, message, details } }.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    /** Headers the answer carries, e.g. Allow on a 405. */
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export const badRequest = (message: string, details?: unknown) =>
  new ApiError(400, 'bad_request', message, details);
export const validationFailed = (details: unknown) =>
  new ApiError(400, 'validation_failed', 'The request body is not a valid release.', details);
export const tooLarge = (message: string) => new ApiError(413, 'payload_too_large', message);
export const notFound = (message = 'Not found.') => new ApiError(404, 'not_found', message);
export const conflict = (message: string, details?: unknown) =>
  new ApiError(409, 'conflict', message, details);
