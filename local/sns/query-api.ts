// SNS Query API actions: request parameters in, AWS's XML out. Each action reads exactly the
// keys @aws-sdk/client-sns serialises and answers in the shape its deserialiser reads.
import { randomUUID } from 'node:crypto';
import { escapeMarkup } from '../../lambdas/core/escape-markup.ts';
import {
  mapEntriesXml,
  memberIndexes,
  memberParams,
  readMessageAttributes,
  readStringMap,
  successXml,
  errorXml,
  toXml,
  type QueryParams,
} from './query-protocol.ts';
import { SnsError } from './sns-error.ts';
import type { SnsEngine } from './sns-engine.ts';
import type { SubscriptionRecord } from './store.ts';

export interface QueryContext {
  region: string;
}

export interface QueryResponse {
  status: number;
  requestId: string;
  body: string;
}

type Action = (engine: SnsEngine, params: QueryParams, context: QueryContext) => string | undefined;

const PAGE_SIZE = 100;

const actions: Record<string, Action> = {
  CreateTopic: (engine, p, ctx) =>
    toXml('TopicArn', engine.createTopic(p.get('Name'), ctx.region, readStringMap(p, 'Attributes'))),

  DeleteTopic: (engine, p) => {
    engine.deleteTopic(p.get('TopicArn'));
    return undefined;
  },

  ListTopics: (engine, p, ctx) =>
    page(engine.listTopics(ctx.region), p.get('NextToken'), 'Topics', (topic) => ({ TopicArn: topic.arn })),

  GetTopicAttributes: (engine, p) => mapEntriesXml('Attributes', engine.topicAttributes(p.get('TopicArn'))),

  Subscribe: (engine, p) =>
    toXml(
      'SubscriptionArn',
      engine.subscribe({
        topicArn: p.get('TopicArn'),
        protocol: p.get('Protocol'),
        endpoint: p.get('Endpoint'),
        attributes: readStringMap(p, 'Attributes') ?? {},
        returnSubscriptionArn: p.get('ReturnSubscriptionArn') === 'true',
      }),
    ),

  ConfirmSubscription: (engine, p) =>
    toXml('SubscriptionArn', engine.confirmSubscription(p.get('TopicArn'), p.get('Token'), p.get('AuthenticateOnUnsubscribe'))),

  Unsubscribe: (engine, p) => {
    engine.unsubscribe(p.get('SubscriptionArn'));
    return undefined;
  },

  ListSubscriptions: (engine, p, ctx) =>
    page(engine.listSubscriptions(ctx.region), p.get('NextToken'), 'Subscriptions', subscriptionMember),

  ListSubscriptionsByTopic: (engine, p, ctx) =>
    page(engine.listSubscriptions(ctx.region, p.get('TopicArn') ?? ''), p.get('NextToken'), 'Subscriptions', subscriptionMember),

  GetSubscriptionAttributes: (engine, p) =>
    mapEntriesXml('Attributes', engine.subscriptionAttributes(p.get('SubscriptionArn'))),

  SetSubscriptionAttributes: (engine, p) => {
    engine.setSubscriptionAttribute(p.get('SubscriptionArn'), p.get('AttributeName'), p.get('AttributeValue'));
    return undefined;
  },

  Publish: (engine, p) => {
    if (p.has('PhoneNumber')) throw SnsError.invalidParameter('Invalid parameter: PhoneNumber Reason: SMS is not supported by this local engine');
    const messageId = engine.publish({
      topicArn: p.get('TopicArn') ?? p.get('TargetArn'),
      message: p.get('Message'),
      subject: p.get('Subject'),
      messageStructure: p.get('MessageStructure'),
      attributes: readMessageAttributes(p, 'MessageAttributes'),
    });
    return toXml('MessageId', messageId);
  },

  PublishBatch: (engine, p) => {
    const entries = memberIndexes(p, 'PublishBatchRequestEntries').map((index) => {
      const entry = memberParams(p, 'PublishBatchRequestEntries', index);
      return {
        id: entry.get('Id') ?? '',
        input: {
          message: entry.get('Message'),
          subject: entry.get('Subject'),
          messageStructure: entry.get('MessageStructure'),
          attributes: readMessageAttributes(entry, 'MessageAttributes'),
        },
      };
    });
    const results = engine.publishBatch(p.get('TopicArn'), entries);
    return (
      toXml('Successful', results.map((r) => ({ Id: r.id, MessageId: r.messageId }))) + '<Failed></Failed>'
    );
  },
};

export function handleQuery(engine: SnsEngine, params: QueryParams, context: QueryContext): QueryResponse {
  const requestId = randomUUID();
  const action = params.get('Action');
  try {
    if (!action) throw new SnsError('MissingAction', 400, 'Missing Action');
    const handler = Object.hasOwn(actions, action) ? actions[action] : undefined;
    if (!handler) throw new SnsError('InvalidAction', 400, `The action ${action} is not valid for this endpoint.`);
    return { status: 200, requestId, body: successXml(action, requestId, handler(engine, params, context)) };
  } catch (error) {
    const snsError =
      error instanceof SnsError ? error : new SnsError('InternalFailure', 500, (error as Error).message ?? 'Internal failure');
    return { status: snsError.status, requestId, body: errorXml(snsError, requestId) };
  }
}

function subscriptionMember(subscription: SubscriptionRecord): Record<string, string> {
  return {
    SubscriptionArn: subscription.confirmed ? subscription.arn : 'PendingConfirmation',
    Owner: subscription.owner,
    Protocol: subscription.protocol,
    Endpoint: subscription.endpoint,
    TopicArn: subscription.topicArn,
  };
}

// NextToken is the offset of the next page, opaque to clients as AWS's is.
function page<T>(items: T[], nextToken: string | undefined, listName: string, member: (item: T) => Record<string, string>): string {
  const start = nextToken ? Number.parseInt(Buffer.from(nextToken, 'base64url').toString('utf8'), 10) : 0;
  if (!Number.isInteger(start) || start < 0) throw SnsError.invalidParameter('Invalid parameter: NextToken');
  const slice = items.slice(start, start + PAGE_SIZE);
  const next = start + PAGE_SIZE < items.length ? Buffer.from(String(start + PAGE_SIZE)).toString('base64url') : undefined;
  return toXml(listName, slice.map(member)) + (next ? `<NextToken>${escapeMarkup(next)}</NextToken>` : '');
}
