// POST /v1/subscriptions body → a validated subscription request (or 400 with details).
import { normaliseStrings } from './normalise-text.ts';
import { SubscriptionInputSchema, type SubscriptionInput } from './subscription-schema.ts';
import { parseOrThrow, requireJsonObject } from './validation-issues.ts';

const NOT_A_SUBSCRIPTION = 'The request body is not a valid subscription.';

export function validateSubscriptionInput(raw: unknown): SubscriptionInput {
  const input = normaliseStrings(requireJsonObject(raw, NOT_A_SUBSCRIPTION));
  return parseOrThrow(SubscriptionInputSchema, input, NOT_A_SUBSCRIPTION);
}
