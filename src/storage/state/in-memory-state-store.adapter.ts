import { StateConflictError, type ListOptions, type StateBatchWrite, type StateEntity, type StateStore, type WriteCondition } from './state-store.port.js';
import { assertStateBatch, assertStateTable, keySelected, listLimit, newEtag, parseStateValue, serialiseStateValue, settle } from './state-store.support.js';

interface StoredEntity {
  readonly json: string;
  readonly etag: string;
  readonly updatedAt: string;
}

/** One process's state, for tests and single-process runs. Values are kept as JSON so callers never share objects. */
export class InMemoryStateStore implements StateStore {
  /** table → partition → key → entity */
  private readonly tables = new Map<string, Map<string, Map<string, StoredEntity>>>();

  static fromConfig(): InMemoryStateStore {
    return new InMemoryStateStore();
  }

  get<T>(table: string, partition: string, key: string): Promise<StateEntity<T> | null> {
    return settle(() => {
      assertStateTable(table);
      const stored = this.partition(table, partition, false)?.get(key);
      return stored === undefined ? null : toEntity<T>(partition, key, stored);
    });
  }

  put<T>(table: string, partition: string, key: string, value: T, condition?: WriteCondition): Promise<StateEntity<T>> {
    return settle(() => {
      assertStateTable(table);
      const json = serialiseStateValue(value);
      const current = this.partition(table, partition, false)?.get(key);
      if (condition !== undefined) {
        const holds = 'ifAbsent' in condition ? current === undefined : current !== undefined && current.etag === condition.ifMatch;
        if (!holds) throw new StateConflictError(table, partition, key);
      }
      const stored: StoredEntity = { json, etag: newEtag(), updatedAt: new Date().toISOString() };
      this.partition(table, partition, true).set(key, stored);
      return toEntity<T>(partition, key, stored);
    });
  }

  putBatch<T>(table: string, partition: string, writes: readonly StateBatchWrite<T>[]): Promise<StateEntity<T>[]> {
    return settle(() => {
      assertStateTable(table);
      assertStateBatch(writes);
      const jsons = writes.map((write) => serialiseStateValue(write.value));
      const current = this.partition(table, partition, false);
      for (const write of writes) {
        if (write.condition === undefined) continue;
        const existing = current?.get(write.key);
        const holds = 'ifAbsent' in write.condition ? existing === undefined : existing !== undefined && existing.etag === write.condition.ifMatch;
        if (!holds) throw new StateConflictError(table, partition, write.key);
      }
      if (writes.length === 0) return [];
      const entities = this.partition(table, partition, true);
      const updatedAt = new Date().toISOString();
      return writes.map((write, i) => {
        const stored: StoredEntity = { json: jsons[i], etag: newEtag(), updatedAt };
        entities.set(write.key, stored);
        return toEntity<T>(partition, write.key, stored);
      });
    });
  }

  delete(table: string, partition: string, key: string, condition?: { readonly ifMatch: string }): Promise<boolean> {
    return settle(() => {
      assertStateTable(table);
      const entities = this.partition(table, partition, false);
      const current = entities?.get(key);
      if (condition !== undefined && current?.etag !== condition.ifMatch) throw new StateConflictError(table, partition, key);
      if (entities === undefined || current === undefined) return false;
      entities.delete(key);
      if (entities.size === 0) this.tables.get(table)?.delete(partition);
      return true;
    });
  }

  list<T>(table: string, partition: string, options: ListOptions = {}): Promise<StateEntity<T>[]> {
    return settle(() => {
      assertStateTable(table);
      const limit = listLimit(options);
      const entities = this.partition(table, partition, false);
      if (entities === undefined) return [];
      const keys = [...entities.keys()].filter((key) => keySelected(key, options)).sort(compareKeys);
      return (limit === null ? keys : keys.slice(0, limit)).map((key) => toEntity<T>(partition, key, entities.get(key)!));
    });
  }

  partitions(table: string): Promise<string[]> {
    return settle(() => {
      assertStateTable(table);
      return [...(this.tables.get(table)?.keys() ?? [])].sort(compareKeys);
    });
  }

  deletePartition(table: string, partition: string): Promise<number> {
    return settle(() => {
      assertStateTable(table);
      const count = this.partition(table, partition, false)?.size ?? 0;
      this.tables.get(table)?.delete(partition);
      return count;
    });
  }

  readiness(): Promise<Record<string, { up: boolean; detail?: string }>> {
    return Promise.resolve({ memory: { up: true } });
  }

  close(): Promise<void> {
    return Promise.resolve();
  }

  private partition(table: string, partition: string, create: true): Map<string, StoredEntity>;
  private partition(table: string, partition: string, create: false): Map<string, StoredEntity> | undefined;
  private partition(table: string, partition: string, create: boolean): Map<string, StoredEntity> | undefined {
    let partitions = this.tables.get(table);
    if (partitions === undefined) {
      if (!create) return undefined;
      partitions = new Map();
      this.tables.set(table, partitions);
    }
    let entities = partitions.get(partition);
    if (entities === undefined && create) {
      entities = new Map();
      partitions.set(partition, entities);
    }
    return entities;
  }
}

const compareKeys = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function toEntity<T>(partition: string, key: string, stored: StoredEntity): StateEntity<T> {
  return { partition, key, value: parseStateValue<T>(stored.json), etag: stored.etag, updatedAt: stored.updatedAt };
}
