// Topics and subscriptions of the local SNS engine: in memory, and mirrored to a JSON file
// when a data directory is given, so the local runtime keeps them across restarts.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const ACCOUNT_ID = '000000000000';

export interface TopicRecord {
  arn: string;
  name: string;
  region: string;
  attributes: Record<string, string>;
  createdAt: string;
}

/** What this engine delivers to: HTTP/S endpoints, and SQS queues on this machine. */
export type SnsProtocol = 'http' | 'https' | 'sqs';

export interface SubscriptionRecord {
  arn: string;
  topicArn: string;
  protocol: SnsProtocol;
  endpoint: string;
  owner: string;
  confirmed: boolean;
  /** Only the holder of the token can confirm; it travels in the SubscriptionConfirmation. */
  token: string;
  /** FilterPolicy, FilterPolicyScope, RawMessageDelivery, DeliveryPolicy, ... as strings, as AWS keeps them. */
  attributes: Record<string, string>;
  createdAt: string;
}

interface StoreFile {
  version: 1;
  topics: TopicRecord[];
  subscriptions: SubscriptionRecord[];
}

const FILE_NAME = 'sns-state.json';

export class SnsStore {
  readonly topics = new Map<string, TopicRecord>();
  readonly subscriptions = new Map<string, SubscriptionRecord>();
  private readonly file: string | undefined;

  constructor(dataDir?: string) {
    this.file = dataDir ? join(dataDir, FILE_NAME) : undefined;
    if (dataDir) {
      mkdirSync(dataDir, { recursive: true });
      this.load();
    }
  }

  subscriptionsOf(topicArn: string): SubscriptionRecord[] {
    return [...this.subscriptions.values()].filter((s) => s.topicArn === topicArn);
  }

  findByToken(topicArn: string, token: string): SubscriptionRecord | undefined {
    return this.subscriptionsOf(topicArn).find((s) => s.token === token);
  }

  /** Writes the whole state after every change: it is small, and a crash must not lose a confirmation. */
  save(): void {
    if (!this.file) return;
    const content: StoreFile = {
      version: 1,
      topics: [...this.topics.values()],
      subscriptions: [...this.subscriptions.values()],
    };
    writeFileSync(`${this.file}.tmp`, `${JSON.stringify(content, null, 2)}\n`);
    renameSync(`${this.file}.tmp`, this.file);
  }

  private load(): void {
    let text: string;
    try {
      text = readFileSync(this.file!, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    const content = JSON.parse(text) as StoreFile;
    for (const topic of content.topics ?? []) this.topics.set(topic.arn, topic);
    for (const subscription of content.subscriptions ?? []) this.subscriptions.set(subscription.arn, subscription);
  }
}
