/**
 * Small, durable, shared state: route table, trackers, read models, audit and redaction logs.
 * Entities live in tables, grouped by partition and ordered by key within a partition, with
 * optimistic concurrency through etags — the shape Azure Table Storage has, so the SQLite
 * (default) and Azure Table adapters behave the same. Values are JSON-serialisable.
 */
export const STATE_STORE = Symbol('StateStore');

/** Table names: a letter then letters/digits, 3..63 chars (Azure Table rules). */
export const STATE_TABLE_PATTERN = /^[A-Za-z][A-Za-z0-9]{2,62}$/;

export interface StateEntity<T> {
  readonly partition: string;
  readonly key: string;
  readonly value: T;
  /** Opaque; changes on every write. */
  readonly etag: string;
  /** ISO-8601. */
  readonly updatedAt: string;
}

/**
 * Write preconditions: replace only the version you read, or create only if absent.
 * `ifMatch` on an entity that no longer exists fails (StateConflictError) like a stale etag.
 */
export type WriteCondition = { readonly ifMatch: string } | { readonly ifAbsent: true };

export interface ListOptions {
  /** Only keys starting with this. */
  readonly keyPrefix?: string;
  /** Keys strictly greater than this (for paging). */
  readonly afterKey?: string;
  readonly limit?: number;
}

/** Thrown when a table name does not match STATE_TABLE_PATTERN, or a value is not JSON-serialisable. */
export class StateStoreUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StateStoreUsageError';
  }
}

/** One write of a batch (`StateStore.putBatch`). */
export interface StateBatchWrite<T> {
  readonly key: string;
  readonly value: T;
  readonly condition?: WriteCondition;
}

/** The most writes one `putBatch` takes (Azure Table Storage's transactional batch limit). */
export const MAX_STATE_BATCH = 100;

export interface StateStore {
  get<T>(table: string, partition: string, key: string): Promise<StateEntity<T> | null>;
  /** Insert or replace; with a condition that fails, throws StateConflictError and writes nothing. */
  put<T>(table: string, partition: string, key: string, value: T, condition?: WriteCondition): Promise<StateEntity<T>>;
  /**
   * Inserts or replaces up to MAX_STATE_BATCH entities of ONE partition atomically: all are written or none.
   * A failed condition throws StateConflictError (naming one conflicting key) and writes nothing; a key may
   * appear only once; more than MAX_STATE_BATCH writes throw StateStoreUsageError. Answers in input order.
   */
  putBatch<T>(table: string, partition: string, writes: readonly StateBatchWrite<T>[]): Promise<StateEntity<T>[]>;
  /** Answers whether something was deleted; with a condition that fails, throws StateConflictError. */
  delete(table: string, partition: string, key: string, condition?: { readonly ifMatch: string }): Promise<boolean>;
  /** Entities of one partition in ascending key order. */
  list<T>(table: string, partition: string, options?: ListOptions): Promise<StateEntity<T>[]>;
  /** Every partition name in a table that has at least one entity, ascending. */
  partitions(table: string): Promise<string[]>;
  deletePartition(table: string, partition: string): Promise<number>;
  readiness(): Promise<Record<string, { up: boolean; detail?: string }>>;
  close(): Promise<void>;
}

export class StateConflictError extends Error {
  constructor(
    readonly table: string,
    readonly partition: string,
    readonly key: string,
  ) {
    super(`state ${table}/${partition}/${key} changed since it was read`);
    this.name = 'StateConflictError';
  }
}
