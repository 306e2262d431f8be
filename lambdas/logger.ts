// Structured JSON logs (Powertools), one logger per function; the service name and level
// come from POWERTOOLS_SERVICE_NAME and POWERTOOLS_LOG_LEVEL set by the stack.
import { Logger } from '@aws-lambda-powertools/logger';

export const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'pressroom' });
