// Errors of the Scheduler API as restJson1 carries them: the code in the x-amzn-errortype
// header and a JSON body { Message }, with the status AWS uses, so @aws-sdk/client-scheduler
// raises its own exception classes (ConflictException, ResourceNotFoundException, ...).
export class SchedulerError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'SchedulerError';
  }

  static validation(message: string): SchedulerError {
    return new SchedulerError('ValidationException', 400, message);
  }

  static notFound(message: string): SchedulerError {
    return new SchedulerError('ResourceNotFoundException', 404, message);
  }

  static conflict(message: string): SchedulerError {
    return new SchedulerError('ConflictException', 409, message);
  }
}

/** AWS's wording for a field that breaks a constraint, so the message names the field. */
export function invalidField(field: string, value: unknown, constraint: string): SchedulerError {
  const shown = typeof value === 'string' ? `'${value}'` : JSON.stringify(value);
  return SchedulerError.validation(`1 validation error detected: Value ${shown} at '${field}' failed to satisfy constraint: ${constraint}`);
}
