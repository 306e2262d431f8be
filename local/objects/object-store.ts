// The objects of the local object store: in memory, or on disk in a data folder so that they
// outlive a restart. On disk every object is two files in <dataDir>/<bucket>/: its body under a
// name of its own (<sha256 of key>.<random>.body) and its description (<sha256 of key>.json),
// which names that body. A write puts the new body beside the old one and then swaps the
// description in one rename, so a crash at any point leaves the old object or the new one,
// never a mix; bodies no description names (left by such a crash) are removed at start.
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** What S3 keeps of a PutObject's or a POST's headers and answers back on GET and HEAD. */
export interface ObjectHeaders {
  contentType: string;
  cacheControl?: string;
  contentDisposition?: string;
  contentEncoding?: string;
  contentLanguage?: string;
  /** x-amz-meta-* without the prefix, names in lower case as S3 keeps them. */
  metadata: Record<string, string>;
}

export interface StoredObject extends ObjectHeaders {
  key: string;
  size: number;
  /** The MD5 of the body in hex, as S3 gives a single-part object (unquoted here). */
  etag: string;
  /** ISO 8601, whole seconds as S3 keeps them. */
  lastModified: string;
}

interface DiskDescription extends StoredObject {
  body: string;
}

/** A body read in but not yet stored under a key (a POST checks the size before it commits). */
export interface StagedBody {
  size: number;
  etag: string;
  commit(key: string, headers: ObjectHeaders): StoredObject;
  discard(): void;
}

export class BodyTooLarge extends Error {
  constructor(readonly maxBytes: number) {
    super(`the body is larger than ${maxBytes} bytes`);
  }
}

export class ObjectStore {
  private readonly buckets = new Map<string, Map<string, StoredObject>>();
  /** Bodies of an engine in memory, by bucket and key. */
  private readonly bodies = new Map<string, Map<string, Buffer>>();
  private readonly dataDir: string | undefined;

  constructor(dataDir?: string) {
    this.dataDir = dataDir;
    if (!dataDir) return;
    mkdirSync(dataDir, { recursive: true });
    for (const entry of readdirSync(dataDir, { withFileTypes: true })) {
      if (entry.isDirectory() && entry.name !== STAGING) this.loadBucket(entry.name);
    }
    rmSync(join(dataDir, STAGING), { recursive: true, force: true });
  }

  createBucket(name: string): void {
    if (this.buckets.has(name)) return;
    this.buckets.set(name, new Map());
    this.bodies.set(name, new Map());
    if (this.dataDir) mkdirSync(join(this.dataDir, name), { recursive: true });
  }

  hasBucket(name: string): boolean {
    return this.buckets.has(name);
  }

  head(bucket: string, key: string): StoredObject | undefined {
    return this.buckets.get(bucket)?.get(key);
  }

  /** The body of an object head() returned; undefined when it was deleted meanwhile. */
  open(bucket: string, key: string): Readable | undefined {
    const object = this.head(bucket, key);
    if (!object) return undefined;
    if (!this.dataDir) return Readable.from([this.bodies.get(bucket)!.get(key)!]);
    const description = this.description(bucket, key);
    return description && createReadStream(join(this.dataDir, bucket, description.body));
  }

  /** Sorted by key, as S3 lists. */
  keys(bucket: string, prefix = ''): StoredObject[] {
    return [...(this.buckets.get(bucket)?.values() ?? [])].filter((o) => o.key.startsWith(prefix)).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  /** Reads `source` to its end (or until it passes maxBytes: BodyTooLarge, nothing kept). */
  async stage(bucket: string, source: AsyncIterable<Buffer> | Readable, maxBytes = Number.POSITIVE_INFINITY): Promise<StagedBody> {
    const md5 = createHash('md5');
    let size = 0;
    const counter = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        size += chunk.length;
        if (size > maxBytes) return done(new BodyTooLarge(maxBytes));
        md5.update(chunk);
        done(null, chunk);
      },
    });
    if (!this.dataDir) {
      const chunks: Buffer[] = [];
      await pipeline(source, counter, async (stream: AsyncIterable<Buffer>) => {
        for await (const chunk of stream) chunks.push(chunk);
      });
      const body = Buffer.concat(chunks);
      const etag = md5.digest('hex');
      return {
        size,
        etag,
        commit: (key, headers) => this.record(bucket, { key, size, etag, lastModified: wholeSeconds(), ...headers }, body),
        discard: () => undefined,
      };
    }
    const stagingDir = join(this.dataDir, STAGING);
    mkdirSync(stagingDir, { recursive: true });
    const staged = join(stagingDir, randomUUID());
    try {
      await pipeline(source, counter, createWriteStream(staged));
    } catch (error) {
      rmSync(staged, { force: true });
      throw error;
    }
    const etag = md5.digest('hex');
    return {
      size,
      etag,
      commit: (key, headers) => this.record(bucket, { key, size, etag, lastModified: wholeSeconds(), ...headers }, staged),
      discard: () => rmSync(staged, { force: true }),
    };
  }

  async put(bucket: string, key: string, body: Buffer, headers: ObjectHeaders): Promise<StoredObject> {
    return (await this.stage(bucket, Readable.from([body]))).commit(key, headers);
  }

  async copy(from: { bucket: string; key: string }, to: { bucket: string; key: string }, headers: ObjectHeaders): Promise<StoredObject | undefined> {
    const source = this.open(from.bucket, from.key);
    if (!source) return undefined;
    return (await this.stage(to.bucket, source)).commit(to.key, headers);
  }

  delete(bucket: string, key: string): void {
    const objects = this.buckets.get(bucket);
    if (!objects?.has(key)) return;
    objects.delete(key);
    this.bodies.get(bucket)!.delete(key);
    if (!this.dataDir) return;
    const previous = this.description(bucket, key);
    rmSync(join(this.dataDir, bucket, `${nameOf(key)}.json`), { force: true });
    if (previous) rmSync(join(this.dataDir, bucket, previous.body), { force: true });
  }

  /** `body` is the bytes (in memory) or a staged file (on disk), which becomes the object's. */
  private record(bucket: string, object: StoredObject, body: Buffer | string): StoredObject {
    const objects = this.buckets.get(bucket);
    if (!objects) throw new Error(`no bucket ${bucket}`);
    if (typeof body !== 'string') {
      this.bodies.get(bucket)!.set(object.key, body);
    } else {
      const dir = join(this.dataDir!, bucket);
      const name = nameOf(object.key);
      const previous = this.description(bucket, object.key);
      const bodyName = `${name}.${randomUUID()}.body`;
      renameSync(body, join(dir, bodyName));
      const description: DiskDescription = { ...object, body: bodyName };
      writeFileSync(join(dir, `${name}.json.tmp`), JSON.stringify(description));
      renameSync(join(dir, `${name}.json.tmp`), join(dir, `${name}.json`));
      if (previous) rmSync(join(dir, previous.body), { force: true });
    }
    objects.set(object.key, object);
    return object;
  }

  private description(bucket: string, key: string): DiskDescription | undefined {
    try {
      return JSON.parse(readFileSync(join(this.dataDir!, bucket, `${nameOf(key)}.json`), 'utf8')) as DiskDescription;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  private loadBucket(bucket: string): void {
    this.createBucket(bucket);
    const dir = join(this.dataDir!, bucket);
    const named = new Set<string>();
    const files = readdirSync(dir);
    for (const file of files.filter((f) => f.endsWith('.json'))) {
      const { body, ...object } = JSON.parse(readFileSync(join(dir, file), 'utf8')) as DiskDescription;
      named.add(body);
      this.buckets.get(bucket)!.set(object.key, object);
    }
    for (const file of files) if (!file.endsWith('.json') && !named.has(file)) rmSync(join(dir, file), { force: true });
  }
}

const STAGING = '.staging';

/** Keys may hold any character: files are named by a hash of the key. */
function nameOf(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

function wholeSeconds(): string {
  return new Date(Math.floor(Date.now() / 1000) * 1000).toISOString();
}
