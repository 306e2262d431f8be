// The local SNS engine's behaviour, independent of the wire: topics, HTTP/S subscriptions with
// their confirmation handshake, SQS subscriptions to the queues on this machine, filter
// policies, and publish fan-out. Errors are SnsErrors with
// AWS's codes and messages; query-api.ts turns calls and results into the Query API.
import { randomBytes, randomUUID } from 'node:crypto';
import {
  confirmationDelivery,
  notificationDelivery,
  type EngineUrls,
  type PublishedMessage,
} from './envelopes.ts';
import { parseDeliveryPolicy, parseRedrivePolicy, PolicyError } from './delivery-policy.ts';
import { FilterPolicyError, matchesFilterPolicy, parseFilterPolicy, type FilterPolicy, type FilterPolicyScope } from './filter-policy.ts';
import type { DeadLetterQueue, DeliveryRequest, HttpDelivery } from './http-delivery.ts';
import { MAX_PUBLISH_BYTES, publishSize, validateMessageAttributes, type MessageAttributes } from './message-attributes.ts';
import type { MessageSigner } from './signing.ts';
import { SnsError } from './sns-error.ts';
import { ACCOUNT_ID, type SnsProtocol, type SnsStore, type SubscriptionRecord, type TopicRecord } from './store.ts';

export const DEFAULT_REGION = 'us-east-1';

const TOPIC_NAME = /^[A-Za-z0-9_-]{1,256}$/;
const TOPIC_ARN = /^arn:aws:sns:([a-z0-9-]+):(\d{12}):([A-Za-z0-9_-]{1,256})$/;
const SQS_ARN = /^arn:aws:sqs:([a-z0-9-]+):(\d{12}):([A-Za-z0-9_-]{1,80})$/;
const SUBSCRIPTION_ATTRIBUTES = new Set([
  'DeliveryPolicy',
  'FilterPolicy',
  'FilterPolicyScope',
  'RawMessageDelivery',
  'RedrivePolicy',
  'SubscriptionRoleArn',
  'ReplayPolicy',
]);

export interface PublishInput {
  topicArn: string | undefined;
  message: string | undefined;
  subject?: string | undefined;
  messageStructure?: string | undefined;
  attributes: MessageAttributes;
}

export interface SubscribeInput {
  topicArn: string | undefined;
  protocol: string | undefined;
  endpoint: string | undefined;
  attributes: Record<string, string>;
  returnSubscriptionArn: boolean;
}

export interface EngineCounters {
  published: number;
  /** Notifications handed to delivery (message × matching confirmed subscription). */
  matched: number;
  /** Confirmed subscriptions a message skipped because their filter policy refused it. */
  filteredOut: number;
}

export class SnsEngine {
  readonly counters: EngineCounters = { published: 0, matched: 0, filteredOut: 0 };
  private readonly policies = new Map<string, { text: string; scope: string; policy: FilterPolicy }>();
  /** Tokens from UnsubscribeConfirmation messages: visiting their SubscribeURL restores the subscription. */
  private readonly restorable = new Map<string, SubscriptionRecord>();

  constructor(
    private readonly store: SnsStore,
    private readonly signer: MessageSigner,
    private readonly delivery: HttpDelivery,
    private readonly urls: EngineUrls,
    /** The SQS queues on this machine, by ARN: what an sqs subscription can name. */
    private readonly queues: ReadonlyMap<string, DeadLetterQueue> = new Map(),
  ) {}

  // -- topics ---------------------------------------------------------------------------

  createTopic(name: string | undefined, region: string, attributes: Record<string, string> = {}): string {
    if (!name || !TOPIC_NAME.test(name)) throw SnsError.invalidParameter('Invalid parameter: Topic Name');
    const arn = `arn:aws:sns:${region}:${ACCOUNT_ID}:${name}`;
    const existing = this.store.topics.get(arn);
    if (existing) {
      const differs = Object.entries(attributes).some(([key, value]) => existing.attributes[key] !== value);
      if (differs) throw SnsError.invalidParameter('Invalid parameter: Attributes Reason: Topic already exists with different attributes');
      return arn;
    }
    this.store.topics.set(arn, { arn, name, region, attributes: { ...attributes }, createdAt: new Date().toISOString() });
    this.store.save();
    return arn;
  }

  deleteTopic(topicArn: string | undefined): void {
    const arn = this.validTopicArn(topicArn);
    if (!this.store.topics.delete(arn)) return;
    for (const subscription of this.store.subscriptionsOf(arn)) this.store.subscriptions.delete(subscription.arn);
    this.store.save();
  }

  listTopics(region: string): TopicRecord[] {
    return [...this.store.topics.values()].filter((topic) => topic.region === region);
  }

  topicAttributes(topicArn: string | undefined): Record<string, string> {
    const topic = this.topic(topicArn);
    const subscriptions = this.store.subscriptionsOf(topic.arn);
    return {
      ...topic.attributes,
      TopicArn: topic.arn,
      Owner: ACCOUNT_ID,
      DisplayName: topic.attributes.DisplayName ?? '',
      SubscriptionsConfirmed: String(subscriptions.filter((s) => s.confirmed).length),
      SubscriptionsPending: String(subscriptions.filter((s) => !s.confirmed).length),
      SubscriptionsDeleted: '0',
    };
  }

  // -- subscriptions ----------------------------------------------------------------------

  /** Returns the ARN, or "pending confirmation" for an unconfirmed one unless ReturnSubscriptionArn, as AWS does. */
  subscribe(input: SubscribeInput): string {
    const topic = this.topic(input.topicArn);
    const protocol = input.protocol;
    if (!protocol) throw SnsError.invalidParameter('Invalid parameter: Protocol');
    if (protocol !== 'http' && protocol !== 'https' && protocol !== 'sqs') {
      throw SnsError.invalidParameter(
        `Invalid parameter: Amazon SNS does not support this protocol string: ${protocol} (this local engine delivers to http, https and sqs only)`,
      );
    }
    if (protocol === 'sqs') {
      if (!input.endpoint || !SQS_ARN.test(input.endpoint)) throw SnsError.invalidParameter('Invalid parameter: SQS endpoint ARN');
      if (!this.queues.has(input.endpoint)) throw SnsError.invalidParameter(`Invalid parameter: no queue ${input.endpoint} on this machine`);
    } else if (!input.endpoint || !isUrlOfProtocol(input.endpoint, protocol)) {
      throw SnsError.invalidParameter('Invalid parameter: Endpoint must match the specified protocol');
    }
    const attributes = this.validSubscriptionAttributes(input.attributes, topic.arn, 'Invalid parameter: Attributes Reason: ');

    const existing = this.store
      .subscriptionsOf(topic.arn)
      .find((s) => s.protocol === protocol && s.endpoint === input.endpoint);
    if (existing) {
      if (Object.entries(attributes).some(([key, value]) => existing.attributes[key] !== value)) {
        throw SnsError.invalidParameter('Invalid parameter: Attributes Reason: Subscription already exists with different attributes');
      }
      if (existing.confirmed) return existing.arn;
      this.sendConfirmation('SubscriptionConfirmation', existing, existing.token);
      return input.returnSubscriptionArn ? existing.arn : 'pending confirmation';
    }

    const subscription: SubscriptionRecord = {
      arn: `${topic.arn}:${randomUUID()}`,
      topicArn: topic.arn,
      protocol,
      endpoint: input.endpoint,
      owner: ACCOUNT_ID,
      // A queue of the topic's own account is subscribed at once, as in AWS: there is no one to confirm.
      confirmed: protocol === 'sqs',
      token: newToken(),
      attributes: { RawMessageDelivery: 'false', ...attributes },
      createdAt: new Date().toISOString(),
    };
    this.store.subscriptions.set(subscription.arn, subscription);
    this.store.save();
    if (subscription.confirmed) return subscription.arn;
    // The confirmation is the first thing an endpoint receives: nothing is delivered until it is confirmed.
    this.sendConfirmation('SubscriptionConfirmation', subscription, subscription.token);
    return input.returnSubscriptionArn ? subscription.arn : 'pending confirmation';
  }

  confirmSubscription(topicArn: string | undefined, token: string | undefined, authenticateOnUnsubscribe?: string): string {
    const arn = this.validTopicArn(topicArn);
    if (!token) throw SnsError.invalidParameter('Invalid parameter: Token');
    const restored = this.restorable.get(token);
    if (restored && restored.topicArn === arn) {
      this.restorable.delete(token);
      this.store.subscriptions.set(restored.arn, { ...restored, confirmed: true });
      this.store.save();
      return restored.arn;
    }
    if (!this.store.topics.has(arn)) throw SnsError.notFound('Topic does not exist');
    const subscription = this.store.findByToken(arn, token);
    if (!subscription) throw SnsError.invalidParameter('Invalid token');
    if (!subscription.confirmed) {
      subscription.confirmed = true;
      subscription.attributes.ConfirmationWasAuthenticated = String(authenticateOnUnsubscribe === 'true');
      this.store.save();
    }
    return subscription.arn;
  }

  /** Idempotent, as in AWS: an unknown subscription is already gone. */
  unsubscribe(subscriptionArn: string | undefined): void {
    if (!subscriptionArn) throw SnsError.invalidParameter('Invalid parameter: SubscriptionArn Reason: no value for required parameter');
    if (!subscriptionArn.startsWith('arn:aws:sns:')) throw SnsError.invalidParameter('Invalid parameter: SubscriptionArn');
    const subscription = this.store.subscriptions.get(subscriptionArn);
    if (!subscription) return;
    this.store.subscriptions.delete(subscriptionArn);
    this.policies.delete(subscriptionArn);
    this.store.save();
    if (subscription.confirmed) {
      const token = newToken();
      this.restorable.set(token, subscription);
      this.sendConfirmation('UnsubscribeConfirmation', subscription, token);
    }
  }

  listSubscriptions(region: string, topicArn?: string): SubscriptionRecord[] {
    if (topicArn !== undefined) return this.store.subscriptionsOf(this.topic(topicArn).arn);
    return [...this.store.subscriptions.values()].filter((s) => s.topicArn.split(':')[3] === region);
  }

  subscriptionAttributes(subscriptionArn: string | undefined): Record<string, string> {
    const subscription = this.subscription(subscriptionArn);
    const attributes: Record<string, string> = {
      ...subscription.attributes,
      SubscriptionArn: subscription.arn,
      TopicArn: subscription.topicArn,
      Owner: subscription.owner,
      Protocol: subscription.protocol,
      Endpoint: subscription.endpoint,
      PendingConfirmation: String(!subscription.confirmed),
      ConfirmationWasAuthenticated: subscription.attributes.ConfirmationWasAuthenticated ?? 'false',
    };
    if (attributes.FilterPolicy) attributes.FilterPolicyScope ??= 'MessageAttributes';
    else delete attributes.FilterPolicyScope;
    return attributes;
  }

  setSubscriptionAttribute(subscriptionArn: string | undefined, name: string | undefined, value: string | undefined): void {
    const subscription = this.subscription(subscriptionArn);
    if (!name) throw SnsError.invalidParameter('Invalid parameter: AttributeName');
    const merged = { ...subscription.attributes, [name]: value ?? '' };
    const valid = this.validSubscriptionAttributes(merged, subscription.topicArn, 'Invalid parameter: ');
    // An empty policy removes it, as in AWS.
    if ((name === 'FilterPolicy' || name === 'DeliveryPolicy' || name === 'RedrivePolicy') && !value) delete valid[name];
    subscription.attributes = valid;
    this.policies.delete(subscription.arn);
    this.store.save();
  }

  // -- publishing -------------------------------------------------------------------------

  publish(input: PublishInput): string {
    const published = this.validPublish(input, randomUUID());
    this.fanOut(published);
    return published.messageId;
  }

  /** Validates the whole batch before anything is sent, as AWS fails a batch as a whole on bad input. */
  publishBatch(topicArn: string | undefined, entries: Array<{ id: string; input: Omit<PublishInput, 'topicArn'> }>): Array<{ id: string; messageId: string }> {
    this.topic(topicArn);
    if (entries.length === 0) throw new SnsError('EmptyBatchRequest', 400, 'The batch request doesn\'t contain any entries.');
    if (entries.length > 10) throw new SnsError('TooManyEntriesInBatchRequest', 400, 'The batch request contains more entries than permissible.');
    const ids = new Set<string>();
    for (const { id } of entries) {
      if (!/^[A-Za-z0-9_-]{1,80}$/.test(id)) {
        throw new SnsError('InvalidBatchEntryId', 400, `The Id of a batch entry in a batch request doesn't abide by the specification: ${id}`);
      }
      if (ids.has(id)) throw new SnsError('BatchEntryIdsNotDistinct', 400, 'Two or more batch entries in the request have the same Id.');
      ids.add(id);
    }
    const messages = entries.map(({ input }) => this.validPublish({ ...input, topicArn }, randomUUID()));
    const total = entries.reduce((sum, { input }) => sum + publishSize(input.message ?? '', input.attributes), 0);
    if (total > MAX_PUBLISH_BYTES) {
      throw new SnsError('BatchRequestTooLong', 400, 'The length of all the messages put together is more than the limit.');
    }
    for (const message of messages) this.fanOut(message);
    return entries.map(({ id }, index) => ({ id, messageId: messages[index]!.messageId }));
  }

  private validPublish(input: PublishInput, messageId: string): PublishedMessage {
    if (input.message === undefined) {
      throw SnsError.validation("1 validation error detected: Value null at 'message' failed to satisfy constraint: Member must not be null");
    }
    if (input.message === '') throw SnsError.invalidParameter('Invalid parameter: Empty message');
    if (input.subject !== undefined && !isValidSubject(input.subject)) throw SnsError.invalidParameter('Invalid parameter: Subject');
    validateMessageAttributes(input.attributes);
    if (publishSize(input.message, input.attributes) > MAX_PUBLISH_BYTES) {
      throw SnsError.invalidParameter('Invalid parameter: Message too long');
    }
    const topic = this.topic(input.topicArn);
    const published: PublishedMessage = {
      messageId,
      topicArn: topic.arn,
      messageFor: messageSelector(input.message, input.messageStructure),
      attributes: input.attributes,
      timestamp: new Date().toISOString(),
    };
    if (input.subject !== undefined) published.subject = input.subject;
    return published;
  }

  private fanOut(message: PublishedMessage): void {
    this.counters.published++;
    for (const subscription of this.store.subscriptionsOf(message.topicArn)) {
      if (!subscription.confirmed) continue;
      let policy: FilterPolicy | undefined;
      try {
        policy = this.policyOf(subscription);
      } catch {
        // Only a hand-edited state file can hold an invalid policy; such a subscription receives nothing.
        this.counters.filteredOut++;
        continue;
      }
      const body = policy?.scope === 'MessageBody' ? message.messageFor(subscription.protocol) : undefined;
      if (policy && !matchesFilterPolicy(policy, { attributes: message.attributes, ...(body === undefined ? {} : { body }) })) {
        this.counters.filteredOut++;
        continue;
      }
      this.counters.matched++;
      if (subscription.protocol === 'sqs') {
        this.enqueue(subscription, message);
        continue;
      }
      void this.delivery.deliver({ ...notificationDelivery(subscription, message, this.signer, this.urls), ...this.retryAndRedrive(subscription) });
    }
  }

  /** Into the queue before Publish answers, as SNS keeps a message for a queue durably: raw, or in the signed envelope. */
  private enqueue(subscription: SubscriptionRecord, message: PublishedMessage): void {
    const queue = this.queues.get(subscription.endpoint);
    if (!queue) throw new SnsError('InternalError', 500, `the queue ${subscription.endpoint} is gone from this machine`);
    queue.send(notificationDelivery(subscription, message, this.signer, this.urls).body);
  }

  private sendConfirmation(type: 'SubscriptionConfirmation' | 'UnsubscribeConfirmation', subscription: SubscriptionRecord, token: string): void {
    void this.delivery.deliver(confirmationDelivery(type, subscription, token, this.signer, this.urls));
  }

  /** Parsed at every publish: checked when set, so only a hand-edited state file can make them throw, and then they are left out. */
  private retryAndRedrive(subscription: SubscriptionRecord): Pick<DeliveryRequest, 'retryPolicy' | 'deadLetterTargetArn'> {
    const result: Pick<DeliveryRequest, 'retryPolicy' | 'deadLetterTargetArn'> = {};
    try {
      const retryPolicy = parseDeliveryPolicy(subscription.attributes.DeliveryPolicy ?? '');
      if (retryPolicy) result.retryPolicy = retryPolicy;
    } catch {
      // The engine-wide curve, then.
    }
    try {
      const deadLetterTargetArn = parseRedrivePolicy(subscription.attributes.RedrivePolicy ?? '', scopeOf(subscription.topicArn));
      if (deadLetterTargetArn) result.deadLetterTargetArn = deadLetterTargetArn;
    } catch {
      // No dead-letter queue, then.
    }
    return result;
  }

  private policyOf(subscription: SubscriptionRecord): FilterPolicy | undefined {
    const text = subscription.attributes.FilterPolicy;
    if (!text) return undefined;
    const scope = subscription.attributes.FilterPolicyScope ?? 'MessageAttributes';
    const cached = this.policies.get(subscription.arn);
    if (cached && cached.text === text && cached.scope === scope) return cached.policy;
    const policy = parseFilterPolicy(text, scope as FilterPolicyScope);
    this.policies.set(subscription.arn, { text, scope, policy });
    return policy;
  }

  // -- validation and lookup --------------------------------------------------------------

  private validSubscriptionAttributes(attributes: Record<string, string>, topicArn: string, errorPrefix: string): Record<string, string> {
    const result: Record<string, string> = {};
    for (const [name, value] of Object.entries(attributes)) {
      if (name === 'ConfirmationWasAuthenticated') {
        result[name] = value;
        continue;
      }
      if (!SUBSCRIPTION_ATTRIBUTES.has(name)) throw SnsError.invalidParameter(`${errorPrefix}AttributeName`);
      if (name === 'RawMessageDelivery') {
        const lower = value.toLowerCase();
        if (lower !== 'true' && lower !== 'false') {
          throw SnsError.invalidParameter(`${errorPrefix}RawMessageDelivery: Invalid value [${value}]. Must be true or false.`);
        }
        result[name] = lower;
      } else if (name === 'FilterPolicyScope') {
        if (value !== 'MessageAttributes' && value !== 'MessageBody') {
          throw SnsError.invalidParameter(`${errorPrefix}FilterPolicyScope: Invalid value [${value}]. Please use either MessageBody or MessageAttributes`);
        }
        result[name] = value;
      } else if (name === 'DeliveryPolicy' || name === 'RedrivePolicy') {
        try {
          if (name === 'DeliveryPolicy') parseDeliveryPolicy(value);
          else parseRedrivePolicy(value, scopeOf(topicArn));
        } catch (error) {
          if (error instanceof PolicyError) throw SnsError.invalidParameter(`${errorPrefix}${name}: ${error.message}`);
          throw error;
        }
        result[name] = value;
      } else if (name === 'ReplayPolicy') {
        if (value !== '' && !isJsonObject(value)) throw SnsError.invalidParameter(`${errorPrefix}${name}: failed to parse JSON.`);
        result[name] = value;
      } else {
        result[name] = value;
      }
    }
    if (result.FilterPolicy) {
      try {
        parseFilterPolicy(result.FilterPolicy, (result.FilterPolicyScope ?? 'MessageAttributes') as FilterPolicyScope);
      } catch (error) {
        if (error instanceof FilterPolicyError) throw SnsError.invalidParameter(`${errorPrefix}${error.message}`);
        throw error;
      }
    }
    return result;
  }

  private validTopicArn(topicArn: string | undefined): string {
    if (!topicArn || !TOPIC_ARN.test(topicArn)) throw SnsError.invalidParameter('Invalid parameter: TopicArn');
    return topicArn;
  }

  private topic(topicArn: string | undefined): TopicRecord {
    const topic = this.store.topics.get(this.validTopicArn(topicArn));
    if (!topic) throw SnsError.notFound('Topic does not exist');
    return topic;
  }

  private subscription(subscriptionArn: string | undefined): SubscriptionRecord {
    if (!subscriptionArn) throw SnsError.invalidParameter('Invalid parameter: SubscriptionArn');
    const subscription = this.store.subscriptions.get(subscriptionArn);
    if (!subscription) throw SnsError.notFound('Subscription does not exist');
    return subscription;
  }
}

/** The account and region of a topic ARN (and so of its subscriptions). */
function scopeOf(topicArn: string): { region: string; account: string } {
  const [, , , region = '', account = ''] = topicArn.split(':');
  return { region, account };
}

/** AWS's SubscribeURL tokens are long hex strings; the length only needs to make guessing hopeless. */
function newToken(): string {
  return randomBytes(64).toString('hex');
}

function isUrlOfProtocol(endpoint: string, protocol: 'http' | 'https'): boolean {
  try {
    const url = new URL(endpoint);
    return url.protocol === `${protocol}:` && url.hostname !== '';
  } catch {
    return false;
  }
}

// AWS: ASCII, starting with a letter, number or punctuation, no line breaks or control characters, under 100 characters.
function isValidSubject(subject: string): boolean {
  return subject.length > 0 && subject.length < 100 && /^[\x21-\x7e][\x20-\x7e]*$/.test(subject);
}

function isJsonObject(text: string): boolean {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value);
  } catch {
    return false;
  }
}

/** MessageStructure=json carries one body per protocol and a required "default". */
function messageSelector(message: string, structure: string | undefined): (protocol: SnsProtocol) => string {
  if (structure === undefined || structure === '') return () => message;
  if (structure !== 'json') throw SnsError.invalidParameter('Invalid parameter: MessageStructure');
  let bodies: unknown;
  try {
    bodies = JSON.parse(message);
  } catch {
    throw SnsError.invalidParameter('Invalid parameter: Message Structure - JSON message body failed to parse');
  }
  if (typeof bodies !== 'object' || bodies === null || typeof (bodies as Record<string, unknown>).default !== 'string') {
    throw SnsError.invalidParameter('Invalid parameter: Message Structure - No default entry in JSON message body');
  }
  const byProtocol = bodies as Record<string, unknown>;
  return (protocol) => {
    const specific = byProtocol[protocol];
    return typeof specific === 'string' ? specific : (byProtocol.default as string);
  };
}
