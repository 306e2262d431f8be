// POST /v1/subscriptions body → a validated subscription request (or 400 with details).
import { normaliseStrings } from './normalise-text.ts';
import { SubscriptionInputSchema, type SubscriptionInput } from './subscription-schema.ts';
import { invalid, parseOrThrow, requireJsonObject } from './validation-issues.ts';
import { isEmbargoEvent } from './release-event.ts';

const NOT_A_SUBSCRIPTION = 'The request body is not a valid subscription.';

export function validateSubscriptionInput(raw: unknown): SubscriptionInput {
  const input = normaliseStrings(requireJsonObject(raw, NOT_A_SUBSCRIPTION));
  const parsed = parseOrThrow(SubscriptionInputSchema, input, NOT_A_SUBSCRIPTION);
  const embargoTypes = (parsed.types ?? []).filter(isEmbargoEvent);
  if (embargoTypes.length > 0 && !parsed.embargo) {
    throw invalid(NOT_A_SUBSCRIPTION, [
      { path: 'types', message: `${embargoTypes.join(', ')} reach only accredited partners: send embargo: true as well` },
    ]);
  }
  return parsed;
}
