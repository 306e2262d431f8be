// The messages of one local queue: in memory, and mirrored to a JSON file when one is given,
// rewritten (temp + rename) after every change, so a message sent is never lost to a crash.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export interface StoredMessage {
  messageId: string;
  body: string;
  md5OfBody: string;
  /** Epoch ms. */
  sentTimestamp: number;
  /** How often it was handed to a consumer. */
  receiveCount: number;
  firstReceiveTimestamp?: number;
  /** Epoch ms before which no consumer sees it (the back-off after a failed receive). */
  visibleAt: number;
}

interface StoreFile {
  version: 1;
  messages: StoredMessage[];
}

export class MessageStore {
  /** In the order they were sent. */
  readonly messages = new Map<string, StoredMessage>();

  constructor(private readonly file?: string) {
    if (!file) return;
    mkdirSync(dirname(file), { recursive: true });
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    for (const message of (JSON.parse(text) as StoreFile).messages ?? []) this.messages.set(message.messageId, message);
  }

  save(): void {
    if (!this.file) return;
    const content: StoreFile = { version: 1, messages: [...this.messages.values()] };
    writeFileSync(`${this.file}.tmp`, JSON.stringify(content));
    renameSync(`${this.file}.tmp`, this.file);
  }
}
