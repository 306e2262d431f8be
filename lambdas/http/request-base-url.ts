// The address the caller reached the API at, for links in an answer: API Gateway names the
// host it was called on and the scheme it was called with (X-Forwarded-Proto); the API
// functions are not told the API's URL, which would make the stack's template circular.
import type { APIGatewayProxyEventV2 } from 'aws-lambda';

export function requestBaseUrl(event: Pick<APIGatewayProxyEventV2, 'headers' | 'requestContext'>): string {
  const scheme = event.headers?.['x-forwarded-proto']?.split(',')[0]?.trim() || 'https';
  return `${scheme}://${event.requestContext.domainName}`;
}
