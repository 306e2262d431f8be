// Partner subscriptions (admin): each is an SNS HTTP/S subscription with a filter policy.
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { monotonicFactory } from 'ulid';
import { notFound } from '../core/errors.ts';
import { validateSubscriptionInput } from '../core/validate-subscription.ts';
import { endpointProblem, filterPolicyOf } from '../core/subscription-policy.ts';
import { invalid } from '../core/validation-issues.ts';
import { adapterSettings } from '../adapters/adapter-context.ts';
import { resolveHost } from '../adapters/resolve-host.ts';
import { subscribeEndpoint, subscriptionStatus, unsubscribe } from '../adapters/sns-subscriptions.ts';
import {
  deleteSubscription,
  getSubscription,
  listSubscriptions,
  putSubscription,
  type SubscriptionRecord,
} from '../adapters/subscription-repository.ts';
import { requireScope } from '../http/auth.ts';
import { jsonBody, type JsonEvent } from '../http/json-body.ts';
import { json } from '../http/response.ts';
import { route, routeHandler } from '../http/route.ts';
import { isUlid } from '../core/ulid.ts';

const newId = monotonicFactory();

const present = async (record: SubscriptionRecord) => ({
  id: record.id,
  endpoint: record.endpoint,
  filterPolicy: record.filterPolicy,
  status: await subscriptionStatus(record.subscriptionArn),
  createdAt: record.createdAt,
});

async function create(event: JsonEvent) {
  const input = validateSubscriptionInput(event.jsonBody);
  const filterPolicy = filterPolicyOf(input);
  const problem = endpointProblem(input.endpoint, await resolveHost(input.endpoint), adapterSettings().endpointPolicy);
  if (problem) throw invalid('The request body is not a valid subscription.', [{ path: 'endpoint', message: problem }]);
  const subscriptionArn = await subscribeEndpoint(input.endpoint, filterPolicy);
  const record: SubscriptionRecord = {
    id: newId(),
    endpoint: input.endpoint,
    filterPolicy,
    subscriptionArn,
    createdAt: new Date().toISOString(),
  };
  try {
    await putSubscription(record);
  } catch (error) {
    // Do not leave an SNS subscription behind that Pressroom cannot list or remove.
    await unsubscribe(subscriptionArn).catch(() => undefined);
    throw error;
  }
  return json(
    201,
    { id: record.id, endpoint: record.endpoint, filterPolicy, status: 'pending confirmation', createdAt: record.createdAt },
    { location: `/v1/subscriptions/${record.id}` },
  );
}

async function list() {
  const records = await listSubscriptions();
  return json(200, { items: await Promise.all(records.map(present)) });
}

async function remove(event: APIGatewayProxyEventV2) {
  const id = event.pathParameters?.id ?? '';
  const record = isUlid(id) ? await getSubscription(id) : undefined;
  if (!record) throw notFound(`No subscription ${id}.`);
  await unsubscribe(record.subscriptionArn);
  await deleteSubscription(id);
  return { statusCode: 204, headers: {}, body: '' };
}

export const handler = routeHandler({
  'POST /v1/subscriptions': route(create, requireScope('admin'), jsonBody()),
  'GET /v1/subscriptions': route(list, requireScope('admin')),
  'DELETE /v1/subscriptions/{id}': route(remove, requireScope('admin')),
});
