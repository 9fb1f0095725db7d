import { randomBytes } from 'node:crypto';
import { MAX_STATE_BATCH, STATE_TABLE_PATTERN, StateStoreUsageError, type ListOptions, type StateBatchWrite } from './state-store.port.js';

/** Shared by the adapters so that they validate and serialise the same way. */
export function assertStateTable(table: string): void {
  if (!STATE_TABLE_PATTERN.test(table)) throw new StateStoreUsageError(`invalid state table name ${JSON.stringify(table.slice(0, 80))}`);
}

/** JSON text of a value; refuses what JSON cannot represent (undefined, functions, symbols). */
export function serialiseStateValue(value: unknown): string {
  const json: unknown = JSON.stringify(value);
  if (typeof json !== 'string') throw new StateStoreUsageError('state values must be JSON-serialisable');
  return json;
}

export function parseStateValue<T>(json: string): T {
  return JSON.parse(json) as T;
}

export function newEtag(): string {
  return randomBytes(12).toString('base64url');
}

/** The list limit, or null for no limit; refuses nonsense. */
export function listLimit(options: ListOptions): number | null {
  if (options.limit === undefined) return null;
  if (!Number.isInteger(options.limit) || options.limit < 0) throw new StateStoreUsageError('list limit must be a non-negative integer');
  return options.limit;
}

/** Whether a key is selected by the list options (prefix and strict lower bound). */
export function keySelected(key: string, options: ListOptions): boolean {
  if (options.keyPrefix !== undefined && !key.startsWith(options.keyPrefix)) return false;
  if (options.afterKey !== undefined && !(key > options.afterKey)) return false;
  return true;
}

/** Runs synchronous work as a promise, so that errors reject instead of throwing. */
export function settle<T>(work: () => T): Promise<T> {
  try {
    return Promise.resolve(work());
  } catch (error) {
    return Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }
}

/** Refuses a batch that is too big or names a key twice (the adapters agree on what a batch may be). */
export function assertStateBatch(writes: readonly StateBatchWrite<unknown>[]): void {
  if (writes.length > MAX_STATE_BATCH) throw new StateStoreUsageError(`a state batch holds at most ${MAX_STATE_BATCH} writes, not ${writes.length}`);
  const keys = new Set(writes.map((write) => write.key));
  if (keys.size !== writes.length) throw new StateStoreUsageError('a state batch names a key more than once');
}
