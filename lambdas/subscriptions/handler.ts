// Partner subscriptions: each is an SNS HTTP/S subscription with a filter policy, and a partner
// token that reads the event log as that filter sees it. The admin manages them; a partner
// reads its own.
import { monotonicFactory } from 'ulid';
import { badRequest, conflict } from '../core/errors.ts';
import { validateSubscriptionInput } from '../core/validate-subscription.ts';
import { endpointProblem, filterPolicyOf, sameFilterPolicy, type FilterPolicy } from '../core/subscription-policy.ts';
import { invalid } from '../core/validation-issues.ts';
import { adapterSettings } from '../adapters/adapter-context.ts';
import { resolveHost } from '../adapters/resolve-host.ts';
import {
  EndpointSubscribedOtherwise,
  SubscriptionRefused,
  subscribeEndpoint,
  subscriptionStatus,
  unsubscribe,
} from '../adapters/sns-subscriptions.ts';
import {
  SubscriptionClaimed,
  deleteSubscription,
  listSubscriptions,
  putSubscription,
  subscriptionIdOf,
  type SubscriptionRecord,
} from '../adapters/subscription-repository.ts';
import { newBearerToken } from '../core/bearer-token.ts';
import { FAILED_DELIVERIES_SHOWN } from '../core/subscription-schema.ts';
import { failedDeliveriesOf } from '../adapters/failed-deliveries.ts';
import { hashToken, partnerTokenItem } from '../adapters/token-repository.ts';
import { redeliver } from './redeliver.ts';
import { subscriptionOfPath } from './visible-subscription.ts';
import { json } from '../http/response.ts';
import { serve, type EventOf } from '../http/route.ts';

const newId = monotonicFactory();

const present = async (record: SubscriptionRecord) => ({
  id: record.id,
  endpoint: record.endpoint,
  filterPolicy: record.filterPolicy,
  status: await subscriptionStatus(record.subscriptionArn),
  createdAt: record.createdAt,
});

const answer = (status: number, record: SubscriptionRecord, state: string, extra: Record<string, unknown> = {}) =>
  json(
    status,
    { id: record.id, endpoint: record.endpoint, filterPolicy: record.filterPolicy, status: state, createdAt: record.createdAt, ...extra },
    { location: `/v1/subscriptions/${record.id}` },
  );

/** SNS has one subscription per endpoint, so Pressroom has one record per endpoint too. */
function endpointTaken(existing: SubscriptionRecord | undefined, endpoint: string) {
  return conflict(
    `The endpoint ${endpoint} is already subscribed with another filter; delete that subscription first.`,
    existing ? { id: existing.id } : undefined,
  );
}

/** The same endpoint and filter again is the subscription that exists (a retried request); another filter a 409. */
async function existingAnswer(existing: SubscriptionRecord, filterPolicy: FilterPolicy) {
  if (!sameFilterPolicy(existing.filterPolicy, filterPolicy)) throw endpointTaken(existing, existing.endpoint);
  return answer(200, existing, await subscriptionStatus(existing.subscriptionArn));
}

async function create(event: EventOf<'POST /v1/subscriptions'>) {
  const input = validateSubscriptionInput(event.jsonBody);
  const filterPolicy = filterPolicyOf(input);
  const problem = endpointProblem(input.endpoint, await resolveHost(input.endpoint), adapterSettings().endpointPolicy);
  if (problem) throw invalid('The request body is not a valid subscription.', [{ path: 'endpoint', message: problem }]);
  const ofEndpoint = async () => (await listSubscriptions()).find((r) => r.endpoint === input.endpoint);
  const known = await ofEndpoint();
  if (known) return existingAnswer(known, filterPolicy);
  const subscriptionArn = await subscribeEndpoint(input.endpoint, filterPolicy).catch(async (error: unknown) => {
    if (error instanceof EndpointSubscribedOtherwise) throw endpointTaken(await ofEndpoint(), input.endpoint);
    if (error instanceof SubscriptionRefused) throw badRequest(`SNS refused the subscription: ${error.message}`);
    throw error;
  });
  const token = newBearerToken('partner');
  const now = new Date();
  const record: SubscriptionRecord = {
    id: newId(),
    endpoint: input.endpoint,
    filterPolicy,
    subscriptionArn,
    createdAt: now.toISOString(),
    tokenHash: hashToken(token),
  };
  try {
    await putSubscription(record, partnerTokenItem(token, record.id, `partner ${input.endpoint}`, now));
  } catch (error) {
    // A concurrent request for the same endpoint recorded this SNS subscription first (or is
    // recording it: its transaction may still be committing).
    if (error instanceof SubscriptionClaimed) {
      const winner = await settled(ofEndpoint);
      if (winner) return existingAnswer(winner, filterPolicy);
      throw endpointTaken(undefined, input.endpoint);
    }
    // Do not leave an SNS subscription behind that Pressroom cannot list or remove — but never
    // one a record holds: an identical request racing this one shares the very same ARN.
    if (!(await subscriptionIdOf(subscriptionArn).catch(() => 'unknown'))) await unsubscribe(subscriptionArn).catch(() => undefined);
    throw error;
  }
  return answer(201, record, 'pending confirmation', { token });
}

/** What `find` answers once it answers something, tried a few times over about a second. */
async function settled<T>(find: () => Promise<T | undefined>): Promise<T | undefined> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const found = await find();
    if (found) return found;
    await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** attempt));
  }
  return undefined;
}

async function list() {
  const records = await listSubscriptions();
  return json(200, { items: await Promise.all(records.map(present)) });
}

async function show(event: EventOf<'GET /v1/subscriptions/{id}'>) {
  const record = await subscriptionOfPath(event);
  const [shown, failedDeliveries] = await Promise.all([present(record), failedDeliveriesOf(record.id, FAILED_DELIVERIES_SHOWN)]);
  return json(200, { ...shown, failedDeliveries });
}

async function remove(event: EventOf<'DELETE /v1/subscriptions/{id}'>) {
  const record = await subscriptionOfPath(event);
  await unsubscribe(record.subscriptionArn);
  await deleteSubscription(record);
  return { statusCode: 204, headers: {}, body: '' };
}

export const handler = serve('subscriptions', {
  'POST /v1/subscriptions': create,
  'GET /v1/subscriptions': list,
  'GET /v1/subscriptions/{id}': show,
  'DELETE /v1/subscriptions/{id}': remove,
  'POST /v1/subscriptions/{id}/redeliver': redeliver,
});
