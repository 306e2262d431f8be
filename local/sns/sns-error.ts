// Errors the Query API returns, carrying the code and status AWS uses, so the SDK maps
// them onto its own exception classes (InvalidParameterException, NotFoundException, ...).
export class SnsError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
    readonly type: 'Sender' | 'Receiver' = status >= 500 ? 'Receiver' : 'Sender',
  ) {
    super(message);
    this.name = 'SnsError';
  }

  static invalidParameter(message: string): SnsError {
    return new SnsError('InvalidParameter', 400, message);
  }

  static parameterValueInvalid(message: string): SnsError {
    return new SnsError('ParameterValueInvalid', 400, message);
  }

  static notFound(message: string): SnsError {
    return new SnsError('NotFound', 404, message);
  }

  static validation(message: string): SnsError {
    return new SnsError('ValidationError', 400, message);
  }
}
