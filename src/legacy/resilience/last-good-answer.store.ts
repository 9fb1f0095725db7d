import type { StateStore } from '../../storage/state/state-store.port.js';

/** What is kept of one good answer: when it was given and what it was. */
interface StoredAnswer<T> {
  /** Epoch ms. */
  readonly storedAt: number;
  readonly value: T;
}

export interface LastGoodAnswer<T> {
  readonly value: T;
  readonly ageMs: number;
}

export interface LastGoodAnswerStoreOptions {
  /** Answers older than this are never served (and are deleted when met). */
  readonly maxAgeMs: number;
  /** Answers whose JSON is larger are not kept (and the older one of the same key is dropped). */
  readonly maxEntryBytes: number;
  /** A sweep keeps at most this many answers per user, the newest. */
  readonly maxEntriesPerUser: number;
  readonly now: () => number;
  /** Told about a write or delete that failed (the read it follows has already been answered). */
  readonly onError?: (error: unknown) => void;
}

/** Writes waiting at once; beyond it a good answer is not kept (the legacy CMS is answering anyway). */
export const MAX_WRITES_IN_FLIGHT = 256;

/**
 * The last good answer per user and key, in one StateStore table: partition = the user's legacy
 * username (never shared between users), key = what was asked. Writes are off the response path,
 * one at a time per key and in call order; a recall waits for the writes of its key first.
 */
export class LastGoodAnswerStore {
  private readonly pending = new Map<string, Promise<void>>();

  constructor(
    private readonly store: StateStore,
    readonly table: string,
    private readonly options: LastGoodAnswerStoreOptions,
  ) {}

  get maxAgeMs(): number {
    return this.options.maxAgeMs;
  }

  /** Keeps `value` as the user's last good answer for `key` (in the background). */
  remember(username: string, key: string, value: unknown): void {
    const json = JSON.stringify(value);
    if (typeof json !== 'string') return;
    const entry: StoredAnswer<unknown> = { storedAt: this.options.now(), value };
    if (Buffer.byteLength(json, 'utf8') > this.options.maxEntryBytes) {
      this.enqueue(username, key, () => this.store.delete(this.table, username, key));
      return;
    }
    this.enqueue(username, key, () => this.store.put(this.table, username, key, entry));
  }

  /** Drops the user's answer for `key` (e.g. after a decision that the case is gone or not theirs). */
  forget(username: string, key: string): void {
    this.enqueue(username, key, () => this.store.delete(this.table, username, key));
  }

  /** The user's last good answer for `key` if it is not older than the bound; otherwise why not. */
  async recall<T>(username: string, key: string): Promise<LastGoodAnswer<T> | 'none' | 'too-old'> {
    await this.pending.get(pendingKey(username, key));
    const entity = await this.store.get<StoredAnswer<T>>(this.table, username, key);
    if (entity === null) return 'none';
    // An instance whose clock is behind may have written "in the future": that answer is fresh.
    const ageMs = Math.max(0, this.options.now() - entity.value.storedAt);
    if (!(ageMs <= this.options.maxAgeMs)) {
      this.enqueue(username, key, () => this.store.delete(this.table, username, key, { ifMatch: entity.etag }));
      return 'too-old';
    }
    return { value: entity.value.value, ageMs };
  }

  /**
   * Deletes answers older than the bound and, per user, all but the newest `maxEntriesPerUser`.
   * Idempotent, so several instances may sweep at once. Answers how many were deleted.
   */
  async sweep(): Promise<number> {
    let deleted = 0;
    const now = this.options.now();
    for (const username of await this.store.partitions(this.table)) {
      const entries = await this.store.list<StoredAnswer<unknown>>(this.table, username);
      const newestFirst = entries.sort((a, b) => b.value.storedAt - a.value.storedAt);
      for (const [index, entity] of newestFirst.entries()) {
        const tooOld = !(now - entity.value.storedAt <= this.options.maxAgeMs);
        if (!tooOld && index < this.options.maxEntriesPerUser) continue;
        // ifMatch: an answer written since the listing stays.
        if (await this.store.delete(this.table, username, entity.key, { ifMatch: entity.etag }).catch(() => false)) deleted += 1;
      }
    }
    return deleted;
  }

  /** Resolves when every write started so far has finished. */
  async settled(): Promise<void> {
    while (this.pending.size > 0) await Promise.all(this.pending.values());
  }

  private enqueue(username: string, key: string, write: () => Promise<unknown>): void {
    const id = pendingKey(username, key);
    const before = this.pending.get(id);
    if (before === undefined && this.pending.size >= MAX_WRITES_IN_FLIGHT) return;
    const done: Promise<void> = (before ?? Promise.resolve())
      .then(write)
      .then(
        () => undefined,
        (error: unknown) => this.options.onError?.(error),
      )
      .finally(() => {
        if (this.pending.get(id) === done) this.pending.delete(id);
      });
    this.pending.set(id, done);
  }
}

const pendingKey = (username: string, key: string): string => `${username}\u0000${key}`;
