import { createHash } from 'node:crypto';
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

/** Keys with writes waiting; beyond it a good answer is not kept (the legacy CMS is answering anyway). Deletes and forced writes are never dropped. */
export const MAX_WRITES_IN_FLIGHT = 256;
/** An unchanged answer this instance wrote less than this long ago is not written again (at most a tenth of the age bound). */
export const MAX_UNCHANGED_REWRITE_MS = 60_000;
/** Keys whose last write this instance remembers (to skip unchanged rewrites). */
export const MAX_REMEMBERED_WRITES = 10_000;

/**
 * The last good answer per user and key, in one StateStore table: partition = the user's legacy
 * username (never shared between users), key = what was asked. Writes are off the response path,
 * one at a time per key and in call order; a recall waits for the writes of its key first.
 */
export class LastGoodAnswerStore {
  private readonly pending = new Map<string, Promise<void>>();
  /** pending key → digest of the answer this instance last wrote, and when. */
  private readonly written = new Map<string, { readonly digest: string; readonly at: number }>();
  private readonly rewriteAfterMs: number;

  constructor(
    private readonly store: StateStore,
    readonly table: string,
    private readonly options: LastGoodAnswerStoreOptions,
  ) {
    this.rewriteAfterMs = Math.min(MAX_UNCHANGED_REWRITE_MS, options.maxAgeMs / 10);
  }

  get maxAgeMs(): number {
    return this.options.maxAgeMs;
  }

  /**
   * Keeps `value` as the user's last good answer for `key` (in the background). The same answer written
   * by this instance moments ago is not written again: its stored age may then run up to
   * `rewriteAfterMs` ahead of the truth (older, never younger). `always` writes it anyway: another instance
   * may have written a different answer since.
   */
  remember(username: string, key: string, value: unknown, always = false): void {
    const json = JSON.stringify(value);
    if (typeof json !== 'string') return;
    const id = pendingKey(username, key);
    const now = this.options.now();
    if (Buffer.byteLength(json, 'utf8') > this.options.maxEntryBytes) {
      this.written.delete(id);
      this.enqueue(username, key, () => this.store.delete(this.table, username, key), false);
      return;
    }
    const digest = createHash('sha256').update(json).digest('base64url');
    const last = this.written.get(id);
    if (!always && last !== undefined && last.digest === digest && now - last.at >= 0 && now - last.at < this.rewriteAfterMs) return;
    const entry: StoredAnswer<unknown> = { storedAt: now, value };
    if (this.enqueue(username, key, () => this.store.put(this.table, username, key, entry), !always)) this.noteWritten(id, digest, now);
  }

  /** Drops the user's answer for `key` (e.g. after a decision that the case is gone or not theirs). */
  forget(username: string, key: string): void {
    this.written.delete(pendingKey(username, key));
    this.enqueue(username, key, () => this.store.delete(this.table, username, key), false);
  }

  /** The user's last good answer for `key` if it is not older than the bound; otherwise why not. */
  async recall<T>(username: string, key: string): Promise<LastGoodAnswer<T> | 'none' | 'too-old'> {
    await this.pending.get(pendingKey(username, key));
    const entity = await this.store.get<StoredAnswer<T>>(this.table, username, key);
    if (entity === null) return 'none';
    // An instance whose clock is behind may have written "in the future": that answer is fresh.
    const ageMs = Math.max(0, this.options.now() - entity.value.storedAt);
    if (!(ageMs <= this.options.maxAgeMs)) {
      this.written.delete(pendingKey(username, key));
      this.enqueue(username, key, () => this.store.delete(this.table, username, key, { ifMatch: entity.etag }), true);
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

  /** Answers false when a droppable write was dropped (too many keys with writes waiting). */
  private enqueue(username: string, key: string, write: () => Promise<unknown>, droppable: boolean): boolean {
    const id = pendingKey(username, key);
    const before = this.pending.get(id);
    if (droppable && before === undefined && this.pending.size >= MAX_WRITES_IN_FLIGHT) return false;
    const done: Promise<void> = (before ?? Promise.resolve())
      .then(write)
      .then(
        () => undefined,
        (error: unknown) => {
          this.written.delete(id);
          this.options.onError?.(error);
        },
      )
      .finally(() => {
        if (this.pending.get(id) === done) this.pending.delete(id);
      });
    this.pending.set(id, done);
    return true;
  }

  private noteWritten(id: string, digest: string, at: number): void {
    this.written.delete(id);
    if (this.written.size >= MAX_REMEMBERED_WRITES) {
      const oldest = this.written.keys().next();
      if (oldest.done !== true) this.written.delete(oldest.value);
    }
    this.written.set(id, { digest, at });
  }
}

const pendingKey = (username: string, key: string): string => `${username}\u0000${key}`;
